package dev.lore.compress;

import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Word vectors in compressed form: a vocabulary, a factorization {@code E ~ A B} (or one dense
 * matrix), and how it was made. Immutable; the content of a {@code .lore} file ({@link LoreFile}).
 *
 * <p>{@link Kind#LOW_RANK}: {@code A} is {@code [V, r]} and {@code B} is {@code [r, d]}, the two
 * layers of Acharya et al. (AAAI 2019); the vector of word {@code i} is row {@code i} of {@code A B}.
 * {@link Kind#DENSE}: one {@code [V, d]} matrix (e.g. a model's full embedding layer, or the
 * fixed-point baseline), possibly quantized.
 *
 * <p>Each stored matrix is any {@link StoredMatrix}: a dense {@link StoredMatrix.ProductQuantized}
 * matrix is the product quantization of the whole table (scheme {@code pq}); a low-rank embedding
 * whose {@code A} is {@link StoredMatrix.ProductQuantized} or {@link StoredMatrix.Quantized} and whose
 * {@code B} is {@link StoredMatrix.Float32} is {@code lowrank-pq} or {@code lowrank-scalar}
 * ({@link #scheme()}). Rows are decoded on demand ({@link #vector(int)}); only {@code B} is held
 * as floats. Immutable and thread-safe.
 */
public final class CompressedEmbedding {

    /** The two layouts. */
    public enum Kind {
        /** Two factors {@code A [V, r]} and {@code B [r, d]}. */
        LOW_RANK,
        /** One matrix {@code [V, d]}. */
        DENSE
    }

    private final Vocabulary vocabulary;
    private final StoredMatrix a;
    private final StoredMatrix b;
    private final double[] singularValues;
    private final Provenance provenance;
    private final float[] bValues; // B as floats, [r * d], for lookups; null when dense

    private CompressedEmbedding(Vocabulary vocabulary, StoredMatrix a, StoredMatrix b,
            double[] singularValues, Provenance provenance) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.a = Objects.requireNonNull(a, "a");
        this.b = b;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(singularValues, "singularValues");
        if (a.rows() != vocabulary.size()) {
            throw new IllegalArgumentException("the matrix has " + a.rows() + " rows but the vocabulary has "
                    + vocabulary.size() + " words");
        }
        int limit = b == null ? Math.min(a.rows(), a.columns()) : Math.min(a.rows(), b.columns());
        if (singularValues.length > limit) {
            throw new IllegalArgumentException("at most min(V, d) = " + limit + " singular values, got "
                    + singularValues.length);
        }
        for (double s : singularValues) {
            if (!(s >= 0.0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("singular values must be finite and >= 0, got " + s);
            }
        }
        this.singularValues = singularValues.clone();
        if (b != null) {
            if (b.rows() != a.columns()) {
                throw new IllegalArgumentException("A is " + a.rows() + " x " + a.columns() + " but B is "
                        + b.rows() + " x " + b.columns());
            }
            if (a.columns() > Math.min(a.rows(), b.columns())) {
                throw new IllegalArgumentException("rank " + a.columns() + " exceeds min(V, d) = "
                        + Math.min(a.rows(), b.columns()));
            }
            bValues = new float[Math.multiplyExact(b.rows(), b.columns())];
            for (int i = 0; i < b.rows(); i++) {
                b.row(i, bValues, i * b.columns());
            }
        } else {
            bValues = null;
        }
    }

    /**
     * A factorization {@code E ~ A B}.
     *
     * @param vocabulary the words, word {@code i} naming row {@code i} of {@code A}
     * @param a {@code [V, r]}, one row per word; held, not copied
     * @param b {@code [r, d]} with {@code r <= min(V, d)}; held, not copied
     * @param singularValues the singular values known for {@code E} (the kept {@code r}, or more, up
     *     to all {@code min(V, d)}), each finite and {@code >= 0}; may be empty; copied
     * @param provenance how it was made
     * @return the low-rank embedding
     * @throws IllegalArgumentException if shapes or values are inconsistent
     * @throws NullPointerException if an argument is null
     */
    public static CompressedEmbedding lowRank(Vocabulary vocabulary, StoredMatrix a, StoredMatrix b,
            double[] singularValues, Provenance provenance) {
        return new CompressedEmbedding(vocabulary, a, Objects.requireNonNull(b, "b"), singularValues, provenance);
    }

    /**
     * One dense {@code [V, d]} matrix.
     *
     * @param vocabulary the words, word {@code i} naming row {@code i}
     * @param matrix {@code [V, d]}, float32 or quantized; held, not copied
     * @param provenance how it was made
     * @return the dense embedding, with no singular values
     * @throws IllegalArgumentException if the matrix does not have one row per word
     * @throws NullPointerException if an argument is null
     */
    public static CompressedEmbedding dense(Vocabulary vocabulary, StoredMatrix matrix, Provenance provenance) {
        return new CompressedEmbedding(vocabulary, matrix, null, new double[0], provenance);
    }

    /**
     * An uncompressed embedding (float32, dense), e.g. a model's embedding layer.
     *
     * @param embeddings the words and vectors; the matrix is copied, not modified
     * @param provenance how it was made
     * @return the dense float32 embedding
     * @throws IllegalArgumentException if a vector holds NaN or infinity
     * @throws NullPointerException if an argument is null
     */
    public static CompressedEmbedding of(WordVectors embeddings, Provenance provenance) {
        return dense(embeddings.vocabulary(), StoredMatrix.of(embeddings.matrix().dup('c')), provenance);
    }

    /**
     * The layout.
     *
     * @return {@link Kind#LOW_RANK} when there is a {@code B}, else {@link Kind#DENSE}
     */
    public Kind kind() {
        return b == null ? Kind.DENSE : Kind.LOW_RANK;
    }

    /**
     * The scheme's label, as docs/format.md and {@code lore inspect} name it.
     *
     * @return {@code float32} (dense float32), {@code scalar} (dense, scalar-quantized), {@code pq}
     *     (dense, product-quantized), {@code lowrank} (float32 factors), {@code lowrank-scalar}
     *     ({@code A} scalar-quantized, {@code B} float32), {@code lowrank-pq} ({@code A}
     *     product-quantized, {@code B} float32), or {@code lowrank-quantized} for other factor
     *     encodings (e.g. both factors scalar-quantized)
     */
    public String scheme() {
        if (b == null) {
            return a instanceof StoredMatrix.Float32 ? "float32" : a instanceof StoredMatrix.Quantized ? "scalar" : "pq";
        }
        if (!(b instanceof StoredMatrix.Float32)) {
            return "lowrank-quantized";
        }
        return a instanceof StoredMatrix.Float32 ? "lowrank"
                : a instanceof StoredMatrix.Quantized ? "lowrank-scalar" : "lowrank-pq";
    }

    /**
     * The same matrices with another provenance; this embedding is unchanged.
     *
     * @param p the provenance, not null
     * @return the new embedding, sharing the (immutable) matrices
     * @throws NullPointerException if {@code p} is null
     */
    public CompressedEmbedding withProvenance(Provenance p) {
        return new CompressedEmbedding(vocabulary, a, b, singularValues, p);
    }

    /**
     * The words.
     *
     * @return the vocabulary, word {@code i} naming row {@code i}
     */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The first (or only) stored matrix.
     *
     * @return {@code A} ({@code [V, r]}) or the dense matrix ({@code [V, d]}), the stored instance
     *     itself
     */
    public StoredMatrix a() {
        return a;
    }

    /**
     * The second factor.
     *
     * @return {@code B} ({@code [r, d]}), the stored instance itself, or empty when dense
     */
    public Optional<StoredMatrix> b() {
        return Optional.ofNullable(b);
    }

    /**
     * The singular values stored with the factors.
     *
     * @return a fresh copy of at most {@code min(V, d)} values; empty when dense
     */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * How it was made.
     *
     * @return the provenance
     */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * Number of words {@code V}.
     *
     * @return {@code vocabulary().size()}
     */
    public int size() {
        return vocabulary.size();
    }

    /**
     * Vector dimension {@code d}.
     *
     * @return the columns of {@code B}, or of the dense matrix
     */
    public int dimension() {
        return b == null ? a.columns() : b.columns();
    }

    /**
     * The rank {@code r}.
     *
     * @return the columns of {@code A}, in {@code [1, min(V, d)]}, or 0 when dense
     */
    public int rank() {
        return b == null ? 0 : a.columns();
    }

    /**
     * Stored parameters.
     *
     * @return {@code r (V + d)}, or {@code V d} when dense
     */
    public long parameterCount() {
        return b == null ? (long) a.rows() * a.columns() : (long) a.rows() * a.columns() + (long) b.rows() * b.columns();
    }

    /**
     * Bytes of the stored matrices (the vocabulary and header excluded).
     *
     * @return the sum of {@link StoredMatrix#storageBytes()} of {@code A} and {@code B}
     */
    public long matrixBytes() {
        return a.storageBytes() + (b == null ? 0 : b.storageBytes());
    }

    /**
     * The vector of a word. Thread-safe: allocates its own output.
     *
     * @param index the word's index, in {@code [0, size())}
     * @return a new array of {@code d} values: row {@code index} of {@code A B} (products summed in
     *     double, then rounded to float), or of the dense matrix (dequantized if quantized)
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public float[] vector(int index) {
        Objects.checkIndex(index, size());
        if (b == null) {
            float[] v = new float[a.columns()];
            a.row(index, v, 0);
            return v;
        }
        int r = a.columns();
        int d = b.columns();
        float[] coeffs = new float[r];
        a.row(index, coeffs, 0);
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0.0;
            for (int k = 0; k < r; k++) {
                sum += (double) coeffs[k] * bValues[k * d + j];
            }
            v[j] = (float) sum;
        }
        return v;
    }

    /**
     * The vector of a word. Thread-safe.
     *
     * @param word the word, not null; matched exactly
     * @return a new array as {@link #vector(int)} gives it, or empty if the word is not in the
     *     vocabulary
     * @throws NullPointerException if {@code word} is null
     */
    public Optional<float[]> lookup(String word) {
        int i = vocabulary.indexOf(Objects.requireNonNull(word, "word"));
        return i < 0 ? Optional.empty() : Optional.of(vector(i));
    }

    /**
     * All vectors.
     *
     * @return new {@link WordVectors} whose matrix is {@code A B} (float {@code gemm}, so rows may
     *     differ from {@link #vector(int)} in the last bits) or a copy of the dense matrix
     *     (dequantized if quantized); a new {@code [V, d]} FLOAT 'c' array
     */
    public WordVectors reconstruct() {
        INDArray left = a.toFloat();
        if (b == null) {
            return new WordVectors(vocabulary, left);
        }
        INDArray right = Nd4j.create(bValues, new long[] {b.rows(), b.columns()}, DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {size(), dimension()}, 'c');
        left.mmul(right, out);
        return new WordVectors(vocabulary, out);
    }

    /** Equal when kind, vocabulary, matrices (bit for bit), singular values and provenance are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CompressedEmbedding c && vocabulary.equals(c.vocabulary) && a.equals(c.a)
                && Objects.equals(b, c.b) && Arrays.equals(singularValues, c.singularValues)
                && provenance.equals(c.provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vocabulary, a, b, Arrays.hashCode(singularValues), provenance);
    }

    @Override
    public String toString() {
        return "CompressedEmbedding[" + kind() + ", " + size() + " x " + dimension()
                + (b == null ? "" : ", rank " + rank()) + ", " + a.describe() + "]";
    }
}
