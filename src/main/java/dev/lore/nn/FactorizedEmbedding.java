package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding layer as two stacked layers (Acharya et al., AAAI 2019): a lookup of the rows of
 * {@code A} ({@code [V, r]}, parameter {@code embedding.A}, row-sparse) followed by a projection
 * by {@code B} ({@code [r, d]}, parameter {@code embedding.B}, dense): token {@code t} maps to
 * {@code A[t] B}.
 *
 * <p>Gradients, for {@code G} the gradient at the output positions: {@code dB = sum A[t]^T G}
 * over real positions, {@code dA[t] += G B^T} per position (repeated ids summed). The pooled path
 * works in the {@code r}-dimensional space: {@code meanPool = (mean_t A[ids]) B}, so
 * {@code dB = P^T G} with {@code P} the pooled rows of {@code A}, and {@code dA[t] += (G B^T) /
 * length} for each position. Either factor can be frozen with {@link Parameter#setTrainable}.
 *
 * <p>Thread safety: the forward passes ({@link #forward}, {@link #meanPool}) and the accessors are
 * thread-safe (scratch memory per call; each call returns a new array) while no optimizer changes
 * the factors. The backward passes and {@link Parameter#setTrainable} are for one training thread:
 * they write the gradients through buffers of this layer.
 */
public final class FactorizedEmbedding extends AbstractEmbeddingLayer {

    private final Parameter a;
    private final Parameter b;
    private final int vocabularySize;
    private final int rank;
    private final int dimension;
    // Scratch of the backward passes (training, one thread).
    private final RowGradientAccumulator accumulator;
    private final NativeBuffer gatheredA = new NativeBuffer();
    private final NativeBuffer gradRows = new NativeBuffer();
    private final NativeBuffer gradA = new NativeBuffer();
    private final float[] rowA;
    private final float[][] gradB;
    private final float[] gradBFlat;
    private float[][] pooledA;
    private float[][] gradPooledA;
    private final float[][] bRows;
    private float[][] gradIn;
    private float[] flatIn;

    private FactorizedEmbedding(Parameter a, Parameter b) {
        this.a = a;
        this.b = b;
        this.vocabularySize = a.value().rows();
        this.rank = a.value().columns();
        this.dimension = b.value().columns();
        this.accumulator = new RowGradientAccumulator(vocabularySize, rank);
        this.rowA = new float[rank];
        this.gradB = new float[rank][dimension];
        this.gradBFlat = new float[rank * dimension];
        this.bRows = new float[rank][dimension];
    }

    /**
     * A layer holding copies of the factors (the arguments are not modified).
     *
     * @param a the lookup factor, {@code [V, r]}, finite, any floating type
     * @param b the projection, {@code [r, d]}, finite, any floating type
     * @throws IllegalArgumentException if either is not a non-empty matrix, their inner
     *     dimensions differ, either has more than {@code 2^31 - 1} elements, or they hold NaN or
     *     infinity
     * @return a layer with both factors trainable
     */
    public static FactorizedEmbedding of(INDArray a, INDArray b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException(
                    "a and b must be matrices, got ranks " + a.rank() + " and " + b.rank());
        }
        if (a.columns() != b.rows()) {
            throw new IllegalArgumentException("a has " + a.columns() + " columns but b has "
                    + b.rows() + " rows; they must be equal (the rank r)");
        }
        return new FactorizedEmbedding(Parameter.rowSparse("embedding.A", a),
                Parameter.dense("embedding.B", b));
    }

    /**
     * The lookup factor {@code A}.
     *
     * @return the row-sparse parameter {@code embedding.A}, {@code [V, r]}, itself (freeze it
     *     with {@link Parameter#setTrainable})
     */
    public Parameter a() {
        return a;
    }

    /**
     * The projection {@code B}.
     *
     * @return the dense parameter {@code embedding.B}, {@code [r, d]}, itself
     */
    public Parameter b() {
        return b;
    }

    /**
     * The inner dimension {@code r}.
     *
     * @return {@code r >= 1}
     */
    public int rank() {
        return rank;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(a, b);
    }

    /** {@inheritDoc} Thread-safe. */
    @Override
    public INDArray forward(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        NativeBuffer gathered = new NativeBuffer().ensure((long) tokens.count * rank);
        gatherRows(tokens.ids, tokens.count, gathered.view());
        NativeBuffer projected = new NativeBuffer().ensure((long) tokens.count * d);
        Blas.gemm(false, false, tokens.count, d, rank, 1f, gathered.at(0), rank,
                NativeBuffer.pointerTo(b.value(), 0), d, 0f, projected.at(0), d);
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {tokens.batch, tokens.seqLen, d}, 'c');
        FloatBuffer out = result.data().asNioFloat();
        FloatBuffer rows = projected.view();
        float[] zeros = new float[d];
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.seqLen; t++) {
                int pos = tokens.flatPosition(i, t) * d;
                if (t < tokens.lengths[i]) {
                    out.put(pos, rows, (tokens.start[i] + t) * d, d);
                } else {
                    out.put(pos, zeros, 0, d);
                }
            }
        }
        Reference.reachabilityFence(gathered); // OpenBLAS read and wrote their memory through raw pointers
        Reference.reachabilityFence(projected);
        return result;
    }

    /**
     * Copies rows {@code A[ids[k]]}, {@code k < count}, to rows {@code k} of {@code dst}
     * ({@code [count, r]}); the ids must already be validated. Thread-safe.
     */
    void gatherRows(int[] ids, int count, FloatBuffer dst) {
        FloatBuffer src = a.valueBuffer();
        for (int k = 0; k < count; k++) {
            dst.put(k * rank, src, ids[k] * rank, rank);
        }
    }

    /**
     * Sets {@code A}'s gradient to {@code dA[ids[k]] += rows[k]} summed over {@code k < count}
     * ({@code rows} is {@code [count, r]}), for models that fold {@code B} into their own
     * first product. Does nothing if {@code A} is frozen. Not thread-safe (training).
     */
    void setRowGradients(int[] ids, int count, FloatBuffer rows) {
        if (!a.isTrainable()) {
            return;
        }
        accumulator.begin();
        for (int k = 0; k < count; k++) {
            rows.get(k * rank, rowA, 0, rank);
            accumulator.add(ids[k], rowA, 0, 1f);
        }
        accumulator.writeTo(a);
    }

    /** {@code gatheredA[k] = A[ids[k]]} for the backward pass. */
    private void gatherA(ActiveTokens tokens) {
        gatheredA.ensure((long) tokens.count * rank);
        gatherRows(tokens.ids, tokens.count, gatheredA.view());
    }

    @Override
    public void backward(TokenBatch batch, INDArray gradOutput) {
        ActiveTokens tokens = tokens(batch);
        Tensors.checkShape(gradOutput, "gradOutput", tokens.batch, tokens.seqLen, dimension);
        if (!a.isTrainable() && !b.isTrainable()) {
            return;
        }
        int d = dimension;
        INDArray g = Tensors.contiguous(gradOutput);
        FloatBuffer src = g.data().asNioFloat();
        FloatBuffer dst = gradRows.ensure((long) tokens.count * d).view();
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.lengths[i]; t++) {
                dst.put((tokens.start[i] + t) * d, src, tokens.flatPosition(i, t) * d, d);
            }
        }
        Reference.reachabilityFence(g);
        if (b.isTrainable()) {
            if (tokens.count == 0) {
                b.clearGradient();
            } else {
                gatherA(tokens);
                Blas.gemm(true, false, rank, d, tokens.count, 1f, gatheredA.at(0), rank,
                        gradRows.at(0), d, 0f, NativeBuffer.pointerTo(b.gradient(), 0), d);
            }
        }
        if (a.isTrainable()) {
            gradA.ensure((long) tokens.count * rank);
            Blas.gemm(false, true, tokens.count, rank, d, 1f, gradRows.at(0), d,
                    NativeBuffer.pointerTo(b.value(), 0), d, 0f, gradA.at(0), rank);
            FloatBuffer rows = gradA.view();
            accumulator.begin();
            for (int k = 0; k < tokens.count; k++) {
                rows.get(k * rank, rowA, 0, rank);
                accumulator.add(tokens.ids[k], rowA, 0, 1f);
            }
            accumulator.writeTo(a);
        }
    }

    /** {@inheritDoc} Thread-safe. */
    @Override
    public INDArray meanPool(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        float[][] rows = new float[tokens.batch][d];
        meanPoolRows(tokens, rows);
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {tokens.batch, d}, 'c');
        FloatBuffer out = result.data().asNioFloat();
        for (int i = 0; i < tokens.batch; i++) {
            out.put(i * d, rows[i], 0, d);
        }
        return result;
    }

    /** {@code out[i] = (mean_t A[ids[i][t]]) B}, in the {@code r}-dimensional space first. */
    @Override
    void meanPoolRows(ActiveTokens tokens, float[][] out) {
        float[][] pooled = poolA(tokens, new float[tokens.batch][rank], new float[rank]);
        float[][] bj = loadB(new float[rank][dimension]);
        int d = dimension;
        for (int i = 0; i < tokens.batch; i++) {
            float[] row = out[i];
            Arrays.fill(row, 0, d, 0f);
            float[] p = pooled[i];
            for (int j = 0; j < rank; j++) {
                float pj = p[j];
                float[] bRow = bj[j];
                for (int c = 0; c < d; c++) {
                    row[c] += pj * bRow[c];
                }
            }
        }
    }

    /**
     * {@code pooled[i] = (1 / lengths[i]) sum_t A[ids[i][t]]}, zero for empty sequences, into
     * {@code pooled} ({@code [batch][r]}, returned), with {@code row} ({@code r}) as scratch.
     */
    private float[][] poolA(ActiveTokens tokens, float[][] pooled, float[] row) {
        FloatBuffer values = a.valueBuffer();
        for (int i = 0; i < tokens.batch; i++) {
            float[] p = pooled[i];
            Arrays.fill(p, 0f);
            for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                values.get(tokens.ids[k] * rank, row, 0, rank);
                for (int j = 0; j < rank; j++) {
                    p[j] += row[j];
                }
            }
            if (tokens.lengths[i] > 0) {
                float inv = 1f / tokens.lengths[i];
                for (int j = 0; j < rank; j++) {
                    p[j] *= inv;
                }
            }
        }
        return pooled;
    }

    /** The rows of {@code B} into {@code dst} ({@code [r][d]}, returned). */
    private float[][] loadB(float[][] dst) {
        FloatBuffer values = b.valueBuffer();
        for (int j = 0; j < rank; j++) {
            values.get(j * dimension, dst[j], 0, dimension);
        }
        return dst;
    }

    @Override
    public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        flatIn = Tensors.toHeap(gradPooled, "gradPooled", flatIn, tokens.batch, d);
        if (!a.isTrainable() && !b.isTrainable()) {
            return;
        }
        gradIn = Tensors.matrix(tokens.batch, d, gradIn);
        for (int i = 0; i < tokens.batch; i++) {
            System.arraycopy(flatIn, i * d, gradIn[i], 0, d);
        }
        pooledA = poolA(tokens, Tensors.matrix(tokens.batch, rank, pooledA), rowA);
        if (b.isTrainable()) {
            float[][] gb = gradB;
            for (float[] r : gb) {
                Arrays.fill(r, 0f);
            }
            for (int i = 0; i < tokens.batch; i++) {
                float[] g = gradIn[i];
                for (int j = 0; j < rank; j++) {
                    float pj = pooledA[i][j];
                    float[] row = gb[j];
                    for (int c = 0; c < d; c++) {
                        row[c] += pj * g[c];
                    }
                }
            }
            float[] flat = gradBFlat;
            for (int j = 0; j < rank; j++) {
                System.arraycopy(gb[j], 0, flat, j * d, d);
            }
            b.setGradient(flat);
        }
        if (a.isTrainable()) {
            loadB(bRows);
            gradPooledA = Tensors.matrix(1, rank, gradPooledA);
            float[] gp = gradPooledA[0];
            accumulator.begin();
            for (int i = 0; i < tokens.batch; i++) {
                if (tokens.lengths[i] == 0) {
                    continue;
                }
                float[] g = gradIn[i];
                for (int j = 0; j < rank; j++) {
                    float[] bj = bRows[j];
                    float s = 0f;
                    for (int c = 0; c < d; c++) {
                        s += g[c] * bj[c];
                    }
                    gp[j] = s;
                }
                float scale = 1f / tokens.lengths[i];
                for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                    accumulator.add(tokens.ids[k], gp, 0, scale);
                }
            }
            accumulator.writeTo(a);
        }
    }

    @Override
    ActiveTokens tokens(TokenBatch batch) {
        ActiveTokens tokens = ActiveTokens.of(batch, vocabularySize);
        ActiveTokens.checkVolume(batch, Math.max(dimension, rank));
        return tokens;
    }

    /** The product {@code A B} as a new FLOAT {@code [V, d]} 'c' matrix. Thread-safe. */
    @Override
    public INDArray toMatrix() {
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {vocabularySize(), dimension()}, 'c');
        a().value().mmul(b().value(), out);
        return out;
    }

    /** A low-rank float32 stored embedding holding copies of {@code A} and {@code B}. Thread-safe. */
    @Override
    public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
        checkStored(vocabulary, provenance);
        return CompressedEmbedding.lowRank(vocabulary, StoredMatrix.of(a().value().dup('c')),
                StoredMatrix.of(b().value().dup('c')), new double[0], provenance);
    }
}
