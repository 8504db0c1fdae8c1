package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pruned vocabulary: word {@code t} of the full vocabulary ({@code V} words) reads row
 * {@code rowOf[t]} of an inner layer over the {@code K} stored rows ({@code K <= V}), so that
 * several words (the pruned ones) can share a row, the UNK row or a kept word's. Forward and
 * backward passes remap the ids and delegate; the parameters are the inner layer's.
 *
 * <p>The map's stored size ({@link #mapBytes()}): a map that keeps rows in vocabulary order and
 * sends every other word to one extra last row (the UNK row) is a bitmap of {@code V} bits; any
 * other map is {@code V} codes of {@code ceil(log2 K)} bits.
 *
 * <p>Thread safety: as the inner layer's (the map is immutable).
 */
public final class PrunedEmbedding implements EmbeddingLayer {

    private final int[] rowOf;
    private final EmbeddingLayer inner;
    private final boolean canonical;

    private PrunedEmbedding(int[] rowOf, EmbeddingLayer inner, boolean canonical) {
        this.rowOf = rowOf;
        this.inner = inner;
        this.canonical = canonical;
    }

    /**
     * A layer reading {@code inner}'s row {@code rowOf[t]} for word {@code t}.
     *
     * @param rowOf the row of each word, {@code V >= 1} values in {@code [0, inner.vocabularySize())}; copied
     * @param inner the stored rows; held, not copied (its parameters are this layer's)
     * @return the layer
     * @throws IllegalArgumentException if a row is out of range (naming the word's index and the value)
     * @throws NullPointerException if an argument is null
     */
    public static PrunedEmbedding of(int[] rowOf, EmbeddingLayer inner) {
        Objects.requireNonNull(rowOf, "rowOf");
        Objects.requireNonNull(inner, "inner");
        if (rowOf.length < 1) {
            throw new IllegalArgumentException("rowOf must map at least one word");
        }
        int k = inner.vocabularySize();
        for (int t = 0; t < rowOf.length; t++) {
            if (rowOf[t] < 0 || rowOf[t] >= k) {
                throw new IllegalArgumentException("rowOf[" + t + "] must be in [0, " + k + "), got " + rowOf[t]);
            }
        }
        return new PrunedEmbedding(rowOf.clone(), inner, isCanonical(rowOf, k));
    }

    /**
     * The map that keeps the words with {@code keep[t]} (in vocabulary order, rows {@code 0 ..
     * K-2}) and sends every other word to row {@code K - 1}, the UNK row.
     *
     * @param keep which words keep a row of their own; at least one false (else no UNK row is needed)
     * @return {@code rowOf}, {@code keep.length} values
     * @throws IllegalArgumentException if every word is kept
     * @throws NullPointerException if {@code keep} is null
     */
    public static int[] unkMap(boolean[] keep) {
        Objects.requireNonNull(keep, "keep");
        int kept = 0;
        for (boolean b : keep) {
            kept += b ? 1 : 0;
        }
        if (kept == keep.length) {
            throw new IllegalArgumentException("keep keeps all " + keep.length + " words; nothing is pruned");
        }
        int[] rowOf = new int[keep.length];
        int next = 0;
        for (int t = 0; t < keep.length; t++) {
            rowOf[t] = keep[t] ? next++ : kept;
        }
        return rowOf;
    }

    /** Kept rows in order, then every other word on the single last row. */
    private static boolean isCanonical(int[] rowOf, int k) {
        int next = 0;
        for (int r : rowOf) {
            if (r == next && r < k - 1) {
                next++;
            } else if (r != k - 1) {
                return false;
            }
        }
        return next == k - 1;
    }

    /**
     * The exact bytes of the map: {@code ceil(V / 8)} for the bitmap of an {@link #unkMap},
     * {@code ceil(V ceil(log2 K) / 8)} otherwise.
     *
     * @return the byte count
     */
    public long mapBytes() {
        if (canonical) {
            return (rowOf.length + 7L) / 8;
        }
        int k = inner.vocabularySize();
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(k - 1));
        return ((long) rowOf.length * bits + 7) / 8;
    }

    /**
     * The map.
     *
     * @return a new array: the row of each word
     */
    public int[] rowOf() {
        return rowOf.clone();
    }

    /**
     * The layer of the stored rows.
     *
     * @return the inner layer itself
     */
    public EmbeddingLayer inner() {
        return inner;
    }

    @Override
    public int vocabularySize() {
        return rowOf.length;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    /** The batch with each real id {@code t} replaced by {@code rowOf[t]}; padding becomes 0. */
    private TokenBatch remap(TokenBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ActiveTokens tokens = ActiveTokens.of(batch, rowOf.length);
        int[] ids = new int[tokens.batch * tokens.seqLen];
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.lengths[i]; t++) {
                ids[tokens.flatPosition(i, t)] = rowOf[tokens.ids[tokens.start[i] + t]];
            }
        }
        INDArray array = Nd4j.createFromArray(ids).reshape('c', tokens.batch, tokens.seqLen);
        return new TokenBatch(array, batch.lengths(), batch.labels());
    }

    /** {@inheritDoc} Thread-safe if the inner layer's is. */
    @Override
    public INDArray forward(TokenBatch batch) {
        return inner.forward(remap(batch));
    }

    @Override
    public void backward(TokenBatch batch, INDArray gradOutput) {
        inner.backward(remap(batch), gradOutput);
    }

    /** {@inheritDoc} Thread-safe if the inner layer's is. */
    @Override
    public INDArray meanPool(TokenBatch batch) {
        return inner.meanPool(remap(batch));
    }

    @Override
    public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
        inner.meanPoolBackward(remap(batch), gradPooled);
    }

    /** The full table, row {@code t} the inner row {@code rowOf[t]}, as a new FLOAT {@code [V, d]} 'c' matrix. */
    @Override
    public INDArray toMatrix() {
        INDArray rows = inner.toMatrix();
        int d = dimension();
        float[] src = rows.data().asFloat();
        float[] dst = new float[rowOf.length * d];
        for (int t = 0; t < rowOf.length; t++) {
            System.arraycopy(src, rowOf[t] * d, dst, t * d, d);
        }
        return Nd4j.create(dst, new long[] {rowOf.length, d}, DataType.FLOAT);
    }

    /**
     * The full table as a dense float32 stored embedding ({@code .lore} files have no pruning map;
     * model files store the map and the inner layer themselves).
     */
    @Override
    public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
        checkStored(vocabulary, provenance);
        return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(toMatrix()), provenance);
    }

    @Override
    public String toString() {
        return "PrunedEmbedding[V=" + rowOf.length + ", K=" + inner.vocabularySize() + ", inner="
                + inner.getClass().getSimpleName() + ", map " + (canonical ? "bitmap" : "codes") + "]";
    }
}
