package dev.lore.train;

import dev.lore.ProgressListener;
import dev.lore.Seeds;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.Placement;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.ProductQuantizedEmbedding;
import dev.lore.nn.PrunedEmbedding;
import dev.lore.quant.KMeans;
import dev.lore.quant.KMeansConfig;
import dev.lore.quant.KMeansResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compression of a trained embedding table into layers that read codes and train what stays
 * continuous ({@link ProductQuantizedEmbedding}, {@link PrunedEmbedding}), to a byte budget, for
 * fine-tuning through the compressed layer. A {@link Recipe} says what is stored; its bytes are
 * counted exactly (codes packed at {@code b} bits, codebooks, the float factor {@code B}, the
 * pruning map); {@link #candidates} lists the recipes that fit a budget. Stateless and thread-safe.
 */
public final class CodedCompression {

    /** Bits tried for the codes of a candidate. */
    private static final int[] BITS = {4, 6, 8};
    /** k-means iterations per sub-space. */
    static final int KMEANS_ITERATIONS = 25;
    /** Relative inertia improvement below which k-means stops. */
    static final double KMEANS_TOLERANCE = 1e-4;

    private CodedCompression() {}

    /** How a recipe chooses the rows it keeps. */
    public enum Pruning {
        /** Keep the words most frequent in the training split (ties: lower vocabulary index). */
        FREQUENCY,
        /** Keep the rows of largest norm, as fastText's {@code -cutoff} does. */
        NORM
    }

    /**
     * What a compressed embedding stores.
     *
     * @param keptRows rows kept by pruning ({@code 0}: no pruning); the pruned words share one
     *     extra UNK row
     * @param rank {@code r} of a factorization {@code E = A B} with {@code A = U S}, {@code B =
     *     V^T} ({@code 0}: the table itself is coded)
     * @param subspaces {@code M}, the product-quantization sub-spaces of the coded table
     *     ({@code 0}: the table is kept in float32)
     * @param bits {@code b}, bits per code ({@code 2^b} centroids per sub-space); 32 when
     *     {@code subspaces} is 0
     */
    public record Recipe(int keptRows, int rank, int subspaces, int bits) {

        /**
         * Validates the recipe.
         *
         * @param keptRows {@code >= 0}
         * @param rank {@code >= 0}
         * @param subspaces {@code >= 0}
         * @param bits in {@code [1, 8]} with subspaces, 32 without
         * @throws IllegalArgumentException if a value is out of range, naming it
         */
        public Recipe {
            if (keptRows < 0) {
                throw new IllegalArgumentException("keptRows must be >= 0, got " + keptRows);
            }
            if (rank < 0) {
                throw new IllegalArgumentException("rank must be >= 0, got " + rank);
            }
            if (subspaces < 0) {
                throw new IllegalArgumentException("subspaces must be >= 0, got " + subspaces);
            }
            if (subspaces > 0 && (bits < 1 || bits > 8)) {
                throw new IllegalArgumentException("bits must be in [1, 8], got " + bits);
            }
            if (subspaces == 0 && bits != 32) {
                throw new IllegalArgumentException("bits must be 32 for a float table, got " + bits);
            }
        }

        /**
         * The stored rows for a vocabulary of {@code v} words.
         *
         * @param v the vocabulary size
         * @return {@code keptRows + 1} when pruning, else {@code v}
         */
        public int storedRows(int v) {
            return keptRows > 0 && keptRows < v ? keptRows + 1 : v;
        }

        /**
         * Whether the recipe prunes a vocabulary of {@code v} words.
         *
         * @param v the vocabulary size
         * @return true if some words lose their row
         */
        public boolean prunes(int v) {
            return keptRows > 0 && keptRows < v;
        }

        /**
         * The exact stored bytes for a {@code [v, d]} table: codes {@code ceil(n M b / 8)},
         * codebooks {@code 4 2^b w}, {@code B} {@code 4 r d}, float rows {@code 4 n w}, the pruning
         * bitmap {@code ceil(v / 8)} ({@code n} the stored rows, {@code w} the coded table's width).
         *
         * @param v the vocabulary size
         * @param d the dimension
         * @return the byte count
         */
        public long bytes(int v, int d) {
            int n = storedRows(v);
            int w = rank > 0 ? rank : d;
            long total = prunes(v) ? (v + 7L) / 8 : 0;
            if (rank > 0) {
                total += 4L * rank * d;
            }
            if (subspaces == 0) {
                return total + 4L * n * w;
            }
            return total + ((long) n * subspaces * bits + 7) / 8 + 4L * (1L << bits) * w;
        }

        /**
         * A short label, e.g. {@code keep=4000 r=25 pq M=5 b=6}.
         *
         * @return the label (no commas)
         */
        public String label() {
            StringBuilder sb = new StringBuilder();
            if (keptRows > 0) {
                sb.append("keep=").append(keptRows).append(' ');
            }
            if (rank > 0) {
                sb.append("r=").append(rank).append(' ');
            }
            if (subspaces > 0) {
                sb.append("pq M=").append(subspaces).append(" b=").append(bits);
            } else {
                sb.append("float32");
            }
            return sb.toString();
        }
    }

    /** The families of {@link #candidates}. */
    public enum Family {
        /** Product quantization of the whole table. */
        PQ,
        /** A factorization {@code A B}, {@code A} product-quantized, {@code B} float. */
        LOW_RANK_PQ,
        /** Pruning to the most frequent rows, then {@link #LOW_RANK_PQ} of the kept rows. */
        PRUNED_LOW_RANK_PQ,
        /** Pruning to the most frequent rows, kept in float32. */
        PRUNED_FLOAT
    }

    /**
     * The recipes of one family that fit {@code budget} bytes for a {@code [v, d]} table: for each
     * {@code b} in 4, 6, 8 (and each rank or kept-row count the family tries) the largest {@code M}
     * that fits, at most the coded width; for {@link Family#PRUNED_FLOAT} the most rows that fit.
     *
     * @param family the family
     * @param v the vocabulary size, {@code >= 2}
     * @param d the dimension, {@code >= 1}
     * @param budget the byte budget, {@code >= 1}
     * @return the recipes, possibly none, each with {@code bytes(v, d) <= budget}
     * @throws IllegalArgumentException if a size is out of range
     */
    public static List<Recipe> candidates(Family family, int v, int d, long budget) {
        if (v < 2 || d < 1 || budget < 1) {
            throw new IllegalArgumentException("v must be >= 2, d >= 1 and budget >= 1, got " + v + ", " + d + ", "
                    + budget);
        }
        List<Recipe> out = new ArrayList<>();
        switch (family) {
            case PQ -> addLargestM(out, 0, 0, d, v, d, budget);
            case LOW_RANK_PQ -> {
                for (int r : ranks(d)) {
                    addLargestM(out, 0, r, r, v, d, budget);
                }
            }
            case PRUNED_LOW_RANK_PQ -> {
                for (int keep : new int[] {v / 2, v / 4}) {
                    if (keep >= 1) {
                        for (int r : ranks(d)) {
                            addLargestM(out, keep, r, r, v, d, budget);
                        }
                    }
                }
            }
            case PRUNED_FLOAT -> {
                long map = (v + 7L) / 8;
                long rows = (budget - map) / (4L * d) - 1;
                if (rows >= 1 && rows < v) {
                    out.add(new Recipe((int) rows, 0, 0, 32));
                }
            }
            default -> throw new AssertionError(family);
        }
        return out;
    }

    private static int[] ranks(int d) {
        return Arrays.stream(new int[] {d / 4, d / 2}).filter(r -> r >= 1).distinct().toArray();
    }

    private static void addLargestM(List<Recipe> out, int keep, int rank, int width, int v, int d, long budget) {
        for (int b : BITS) {
            Recipe best = null;
            for (int m = 1; m <= width; m++) {
                Recipe r = new Recipe(keep, rank, m, b);
                if (r.bytes(v, d) <= budget) {
                    best = r;
                }
            }
            if (best != null) {
                out.add(best);
            }
        }
    }

    /**
     * The words {@code recipe} keeps, by {@code pruning}.
     *
     * @param table the trained table {@code [V, d]}
     * @param frequencies training-split count of each word ({@code V} values), used by
     *     {@link Pruning#FREQUENCY}
     * @param keptRows the number of words to keep, in {@code [1, V)}
     * @param pruning the rule
     * @return {@code keep[t]} for each word
     * @throws IllegalArgumentException if {@code keptRows} is out of range or the counts disagree
     */
    public static boolean[] keep(INDArray table, int[] frequencies, int keptRows, Pruning pruning) {
        int v = (int) table.rows();
        if (keptRows < 1 || keptRows >= v) {
            throw new IllegalArgumentException("keptRows must be in [1, " + v + "), got " + keptRows);
        }
        double[] score = new double[v];
        if (pruning == Pruning.FREQUENCY) {
            if (frequencies.length != v) {
                throw new IllegalArgumentException("frequencies has " + frequencies.length + " values for " + v
                        + " rows");
            }
            for (int t = 0; t < v; t++) {
                score[t] = frequencies[t];
            }
        } else {
            INDArray norms = table.norm2(1);
            for (int t = 0; t < v; t++) {
                score[t] = norms.getDouble(t);
            }
        }
        Integer[] order = new Integer[v];
        for (int t = 0; t < v; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (x, y) -> score[x] != score[y] ? Double.compare(score[y], score[x]) : Integer.compare(x, y));
        boolean[] keep = new boolean[v];
        for (int i = 0; i < keptRows; i++) {
            keep[order[i]] = true;
        }
        return keep;
    }

    /**
     * Builds the layer of {@code recipe} from a trained table: pruning (the UNK row the mean of the
     * pruned rows), the factorization {@code A = U S}, {@code B = V^T} (exact SVD), k-means in each
     * sub-space ({@link KMeans}: k-means++ seeding from {@code seed}, at most {@value #KMEANS_ITERATIONS} Lloyd
     * iterations).
     * Codebooks and {@code B} are trainable, the codes fixed.
     *
     * @param table the trained table {@code [V, d]}, not modified
     * @param frequencies training-split count of each word
     * @param recipe what to store
     * @param pruning how rows are kept when the recipe prunes
     * @param seed the k-means seed
     * @return the layer, with {@code vocabularySize() == V}
     * @throws IllegalArgumentException if the recipe does not fit the table
     * @throws NullPointerException if an argument is null
     */
    public static EmbeddingLayer build(INDArray table, int[] frequencies, Recipe recipe, Pruning pruning, long seed) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(frequencies, "frequencies");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(pruning, "pruning");
        int v = (int) table.rows();
        int d = (int) table.columns();
        if (recipe.rank() > d) {
            throw new IllegalArgumentException("rank must be <= d = " + d + ", got " + recipe.rank());
        }
        int[] rowOf = null;
        INDArray rows = table.castTo(DataType.FLOAT).dup('c');
        if (recipe.prunes(v)) {
            boolean[] keep = keep(table, frequencies, recipe.keptRows(), pruning);
            rowOf = PrunedEmbedding.unkMap(keep);
            rows = keptRows(rows, keep, recipe.keptRows());
        }
        EmbeddingLayer inner;
        if (recipe.subspaces() == 0 && recipe.rank() == 0) {
            inner = FullEmbedding.of(rows);
        } else {
            INDArray coded = rows;
            INDArray b = null;
            if (recipe.rank() > 0) {
                CompressionResult f = EmbeddingCompressor.compress(new WordVectors(Vocabulary.indexed((int) rows.rows()),
                        rows), CompressionSpec.lowRank(RankRule.rank(recipe.rank())).withMethod(SvdMethod.EXACT)
                        .withPlacement(Placement.LEFT), ProgressListener.none());
                coded = f.embedding().a().toFloat();
                b = f.embedding().b().map(StoredMatrix::toFloat).orElseThrow();
            }
            if (recipe.subspaces() == 0) {
                inner = dev.lore.nn.FactorizedEmbedding.of(coded, b);
            } else {
                int w = (int) coded.columns();
                if (recipe.subspaces() > w) {
                    throw new IllegalArgumentException("subspaces must be <= the coded width " + w + ", got "
                            + recipe.subspaces());
                }
                int[] widths = ProductQuantizedEmbedding.evenWidths(w, recipe.subspaces());
                float[] x = coded.dup('c').data().asFloat();
                int n = (int) coded.rows();
                int k = Math.min(1 << recipe.bits(), n);
                int[] codes = new int[n * widths.length];
                float[] codebooks = new float[k * w];
                productQuantize(x, n, w, widths, k, seed, codes, codebooks);
                inner = ProductQuantizedEmbedding.of(widths, k, codes, codebooks, b);
            }
        }
        return rowOf == null ? inner : PrunedEmbedding.of(rowOf, inner);
    }

    /**
     * Product quantization of the row-major {@code [n, w]} matrix {@code x} with {@link KMeans} in
     * each sub-space (sub-space {@code m} covers columns {@code [o_m, o_m + widths[m])}, seeded with
     * {@link Seeds#mix64}{@code (seed + m)}); writes the codes ({@code [n, M]}) and the codebooks
     * (sub-space {@code m}'s centroid {@code c} at {@code k o_m + c widths[m]}).
     */
    static void productQuantize(float[] x, int n, int w, int[] widths, int k, long seed, int[] codes,
            float[] codebooks) {
        int m = widths.length;
        int o = 0;
        for (int s = 0; s < m; s++) {
            int ws = widths[s];
            float[] sub = new float[n * ws];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * w + o, sub, i * ws, ws);
            }
            KMeansResult r = KMeans.fit(sub, n, ws, new KMeansConfig(k, KMEANS_ITERATIONS, KMEANS_TOLERANCE,
                    Seeds.mix64(seed + s), 1));
            System.arraycopy(r.centroids(), 0, codebooks, k * o, k * ws);
            int[] assign = r.assignments();
            for (int i = 0; i < n; i++) {
                codes[i * m + s] = assign[i];
            }
            o += ws;
        }
    }

    /** The kept rows in order, then the mean of the others (the UNK row). */
    private static INDArray keptRows(INDArray rows, boolean[] keep, int kept) {
        int v = (int) rows.rows();
        int d = (int) rows.columns();
        float[] src = rows.data().asFloat();
        float[] dst = new float[(kept + 1) * d];
        int next = 0;
        for (int t = 0; t < v; t++) {
            if (keep[t]) {
                System.arraycopy(src, t * d, dst, next++ * d, d);
            } else {
                for (int c = 0; c < d; c++) {
                    dst[kept * d + c] += src[t * d + c] / (v - kept);
                }
            }
        }
        return Nd4j.create(dst, new long[] {kept + 1, d}, DataType.FLOAT);
    }

    /**
     * A copy of a layer {@link #build} made, sharing no mutable state with it (same codes, same
     * current codebooks, factors and rows; every parameter trainable).
     *
     * @param layer a {@link ProductQuantizedEmbedding}, {@link PrunedEmbedding}, {@link FullEmbedding}
     *     or {@link dev.lore.nn.FactorizedEmbedding}
     * @return the copy
     * @throws IllegalArgumentException for another layer
     */
    public static EmbeddingLayer copyOf(EmbeddingLayer layer) {
        Objects.requireNonNull(layer, "layer");
        if (layer instanceof PrunedEmbedding p) {
            return PrunedEmbedding.of(p.rowOf(), copyOf(p.inner()));
        }
        if (layer instanceof ProductQuantizedEmbedding q) {
            return ProductQuantizedEmbedding.of(q.widths(), q.centroids(), q.codes(),
                    q.codebooks().value().data().asFloat(), q.projection().map(b -> b.value()).orElse(null));
        }
        if (layer instanceof FullEmbedding f) {
            return FullEmbedding.of(f.toMatrix());
        }
        if (layer instanceof dev.lore.nn.FactorizedEmbedding f) {
            return dev.lore.nn.FactorizedEmbedding.of(f.a().value(), f.b().value());
        }
        throw new IllegalArgumentException("cannot copy a " + layer.getClass().getSimpleName());
    }

    /**
     * The exact stored bytes of a layer {@link #build} made.
     *
     * @param layer a {@link ProductQuantizedEmbedding}, {@link PrunedEmbedding}, {@link FullEmbedding}
     *     or factorized layer
     * @return the bytes as {@link Recipe#bytes} counts them
     * @throws IllegalArgumentException for another layer
     */
    public static long storedBytes(EmbeddingLayer layer) {
        if (layer instanceof PrunedEmbedding p) {
            return p.mapBytes() + storedBytes(p.inner());
        }
        if (layer instanceof ProductQuantizedEmbedding q) {
            return q.storedBytes();
        }
        long params = 0;
        for (var p : layer.parameters()) {
            params += p.length();
        }
        if (params == 0) {
            throw new IllegalArgumentException("no byte count for " + layer.getClass().getSimpleName());
        }
        return 4 * params;
    }

    /**
     * The frequency-weighted relative reconstruction error {@code sqrt(sum_t f_t ||E_t - E'_t||^2 /
     * sum_t f_t ||E_t||^2)} with weights {@code f_t = frequencies[t] + 1}: how far a compressed
     * table is from the trained one where the task reads it.
     *
     * @param table the trained table {@code [V, d]}
     * @param compressed the compressed table, same shape
     * @param frequencies training-split counts, {@code V} values
     * @return the error, {@code >= 0}
     */
    public static double weightedError(INDArray table, INDArray compressed, int[] frequencies) {
        float[] a = table.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] b = compressed.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int d = (int) table.columns();
        double num = 0;
        double den = 0;
        for (int t = 0; t < frequencies.length; t++) {
            double f = frequencies[t] + 1.0;
            for (int c = 0; c < d; c++) {
                double x = a[t * d + c];
                double diff = x - b[t * d + c];
                num += f * diff * diff;
                den += f * x * x;
            }
        }
        return den == 0 ? 0 : Math.sqrt(num / den);
    }

    /**
     * A one-line description of a recipe's size.
     *
     * @param recipe the recipe
     * @param v the vocabulary size
     * @param d the dimension
     * @return e.g. {@code r=25 pq M=5 b=6: 53,100 bytes (50.8x)}
     */
    public static String describe(Recipe recipe, int v, int d) {
        long bytes = recipe.bytes(v, d);
        return String.format(Locale.ROOT, "%s: %,d bytes (%.1fx)", recipe.label(), bytes, 4.0 * v * d / bytes);
    }
}
