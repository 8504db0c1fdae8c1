package dev.lore.dl4j;

import dev.lore.ProgressListener;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.Placement;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The task-free choice of {@link LoreDl4j#compressOnline(org.deeplearning4j.nn.multilayer.MultiLayerNetwork,
 * int, ByteBudget)}: for a trained table {@code W [V, d]} and a byte budget, the largest candidate
 * of each scheme that fits, and among them the one of least relative reconstruction error
 * {@code ||W - W'||_F / ||W||_F} (ties: fewer bytes). Schemes and their exact bytes:
 * <ul>
 *   <li>{@code lowrank}: {@code A [V, r]}, {@code B [r, d]} float32, {@code 4 r (V + d)}, largest
 *       {@code r <= min(V, d)};
 *   <li>{@code pq} at {@code b} = 8 and 4 bits (when {@code 2^b <= V}): {@code ceil(V M b / 8) + 4 2^b d},
 *       largest {@code M} dividing {@code d}; k-means as {@code ProductQuantizer}'s defaults, seed 0;
 *   <li>{@code lowrank-scalar} at {@code b} = 8 and 4 bits, per row: {@code A = U_r S_r}
 *       quantized per row, {@code B = V_r^T} float32: {@code ceil(V r b / 8) + 8 V + 4 r d}, largest
 *       {@code r}.
 * </ul>
 * {@code lowrank-pq} (a product-quantized {@code A}) is not a candidate: its two sizes ({@code r},
 * {@code M}) would multiply the k-means runs; build it by hand with
 * {@link ProductQuantizedEmbeddingSequenceLayer} and {@code projection(true)}. A feed-forward
 * {@code EmbeddingLayer} has no code-reading replacement, so only {@code lowrank} is tried for it.
 * Stateless, thread-safe.
 */
final class BudgetChoice {

    private static final int[] BITS = {8, 4};

    private BudgetChoice() {}

    /** The labels of FRONTIER's schemes. */
    enum Scheme {
        LOWRANK("lowrank"), PQ("pq"), LOWRANK_SCALAR("lowrank-scalar");

        final String label;

        Scheme(String label) {
            this.label = label;
        }
    }

    /**
     * One candidate: exactly one of {@code factors}, {@code pq} or {@code quantizedA} is set.
     *
     * @param scheme the scheme
     * @param bytes exact stored bytes
     * @param error relative Frobenius reconstruction error
     * @param factors {@code A}, {@code B} float32 (lowrank)
     * @param pq the quantized table (pq)
     * @param quantizedA the quantized {@code A} (lowrank-scalar), with {@code b} below
     * @param b {@code B} of lowrank-scalar, FLOAT {@code [r, d]}
     */
    record Candidate(Scheme scheme, long bytes, double error, CompressedEmbedding factors, ProductQuantizedMatrix pq,
            QuantizedMatrix quantizedA, INDArray b) {

        String describe() {
            String what = switch (scheme) {
                case LOWRANK -> "rank " + factors.rank();
                case PQ -> "M " + pq.subspaces() + ", " + pq.bits() + " bits";
                case LOWRANK_SCALAR -> "rank " + quantizedA.columns() + ", " + quantizedA.config().bits() + " bits per row";
            };
            return scheme.label + " (" + what + ", " + bytes + " bytes, relative error " + error + ")";
        }
    }

    /**
     * Every candidate that fits, then the best.
     *
     * @param w the table {@code [V, d]}, FLOAT 'c', not modified
     * @param budget bytes allowed
     * @param codes whether code-reading schemes may be chosen
     * @return the candidates, best first
     * @throws IllegalArgumentException if nothing fits the budget, naming the budget and the smallest size
     */
    static List<Candidate> candidates(INDArray w, long budget, boolean codes) {
        int v = Math.toIntExact(w.rows());
        int d = Math.toIntExact(w.columns());
        List<Candidate> out = new ArrayList<>();
        int rank = (int) Math.min(Math.min(v, d), budget / (4L * (v + d)));
        if (rank >= 1) {
            CompressedEmbedding f = svd(w, rank, Placement.RIGHT);
            out.add(new Candidate(Scheme.LOWRANK, 4L * rank * (v + d), error(w, f.reconstruct().matrix()), f, null,
                    null, null));
        }
        if (codes) {
            for (int bits : BITS) {
                int m = largestSubspaces(v, d, bits, budget);
                if (m >= 1 && (1 << bits) <= v) {
                    ProductQuantizedMatrix pq = ProductQuantizer.quantize(w, ProductQuantizationConfig.of(m, bits));
                    out.add(new Candidate(Scheme.PQ, pq.storageBytes(), error(w, pq.decode()), null, pq, null, null));
                }
            }
            for (int bits : BITS) {
                int r = largestScalarRank(v, d, bits, budget);
                if (r >= 1) {
                    CompressedEmbedding f = svd(w, r, Placement.LEFT);
                    QuantizedMatrix a = QuantizedMatrix.quantize(f.a().toFloat(), QuantizationConfig.perRow(bits));
                    INDArray b = f.b().orElseThrow().toFloat();
                    long bytes = a.storageBytes() + 4L * r * d;
                    out.add(new Candidate(Scheme.LOWRANK_SCALAR, bytes, error(w, a.dequantize().mmul(b)), null, null, a,
                            b));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no compressed form of the [" + v + ", " + d + "] table fits " + budget
                    + " bytes: the smallest, rank 1, takes " + 4L * (v + d) + " bytes"
                    + (codes ? "" : " (an EmbeddingLayer has no code-reading replacement)"));
        }
        out.sort((x, y) -> x.error() != y.error() ? Double.compare(x.error(), y.error())
                : Long.compare(x.bytes(), y.bytes()));
        return out;
    }

    /** Largest {@code M} dividing {@code d} with {@code ceil(V M b / 8) + 4 2^b d <= budget}, or 0. */
    static int largestSubspaces(int v, int d, int bits, long budget) {
        for (int m = d; m >= 1; m--) {
            if (d % m == 0 && (Math.multiplyExact((long) v * m, bits) + 7) / 8 + 4L * (1L << bits) * d <= budget) {
                return m;
            }
        }
        return 0;
    }

    /** Largest {@code r <= min(V, d)} with {@code ceil(V r b / 8) + 8 V + 4 r d <= budget}, or 0. */
    static int largestScalarRank(int v, int d, int bits, long budget) {
        for (int r = Math.min(v, d); r >= 1; r--) {
            if ((Math.multiplyExact((long) v * r, bits) + 7) / 8 + 8L * v + 4L * r * d <= budget) {
                return r;
            }
        }
        return 0;
    }

    private static CompressedEmbedding svd(INDArray w, int rank, Placement placement) {
        WordVectors table = new WordVectors(Vocabulary.indexed(Math.toIntExact(w.rows())), w);
        return EmbeddingCompressor.compress(table, CompressionSpec.lowRank(RankRule.rank(rank)).withPlacement(placement),
                ProgressListener.none()).embedding();
    }

    /** {@code ||w - approx||_F / ||w||_F} in double; 0 for a zero table reproduced exactly. */
    static double error(INDArray w, INDArray approx) {
        float[] x = w.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] y = approx.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double diff = 0.0;
        double norm = 0.0;
        for (int i = 0; i < x.length; i++) {
            double e = (double) x[i] - y[i];
            diff += e * e;
            norm += (double) x[i] * x[i];
        }
        return norm == 0.0 ? (diff == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }
}
