package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.quant.ProductQuantizedMatrix;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An embedding that reads product-quantization codes directly: the {@code r} columns of an inner
 * table are split into {@code M} contiguous sub-spaces of widths {@code w_m} (summing to {@code r}),
 * each with {@code K} centroids, and row {@code t} is the concatenation {@code u(t) = [C_0[q(t,0)],
 * ..., C_{M-1}[q(t,M-1)]]} of the centroids its codes {@code q(t, m)} choose. With a projection
 * {@code B} ({@code [r, d]}) token {@code t} maps to {@code u(t) B}, without one to {@code u(t)}
 * ({@code d = r}). The projection makes the same class the low-rank layer whose factor {@code A} is
 * product-quantized ({@code E = A B}, {@code A}'s rows the codes' centroids), and it carries a
 * rotation applied before quantization ({@code B = R^T}).
 *
 * <p>Parameters: {@code embedding.C}, the codebooks as one dense vector of {@code K r} floats
 * (sub-space {@code m}'s centroid {@code k} at {@code K o_m + k w_m}, {@code o_m} the sub-space's
 * first column), and, if present, {@code embedding.B} ({@code [r, d]}, dense). The codes are not
 * parameters: they stay fixed while the codebooks and the projection train, unless
 * {@link #reassign} moves them (between epochs).
 *
 * <p>Gradients, for {@code g} the gradient at a position of token {@code t}: {@code dB += u(t)^T g},
 * and with {@code h = g B^T} (or {@code h = g} without projection), the slice {@code m} of
 * {@code h} is added to the gradient of centroid {@code q(t, m)} of sub-space {@code m}. The pooled
 * path pools in the {@code r}-dimensional space first ({@code P = mean_t u(t)}, {@code dB = P^T g},
 * each token then receiving {@code h / length}).
 *
 * <p>Thread safety: the forward passes, {@link #toMatrix}, {@link #toStored} and the accessors are
 * thread-safe (scratch memory per call) while no optimizer step, backward pass or {@link #reassign}
 * runs; those are for one training thread.
 */
public final class ProductQuantizedEmbedding extends AbstractEmbeddingLayer {

    private final int vocabularySize;
    private final int subspaces;
    private final int centroids;
    private final int width;
    private final int dimension;
    /** Column offset of each sub-space, {@code M + 1} values, {@code offset[M] = r}. */
    private final int[] offset;
    /** Row-major {@code [V, M]} codes, each in {@code [0, K)}. */
    private final int[] codes;
    private final Parameter codebooks;
    private final Parameter projection;
    // Scratch of the backward passes (training, one thread).
    private float[] gradC = new float[0];
    private float[] gradB = new float[0];

    private ProductQuantizedEmbedding(int vocabularySize, int[] widths, int centroids, int[] codes,
            Parameter codebooks, Parameter projection) {
        this.vocabularySize = vocabularySize;
        this.subspaces = widths.length;
        this.centroids = centroids;
        this.offset = new int[widths.length + 1];
        for (int m = 0; m < widths.length; m++) {
            offset[m + 1] = offset[m] + widths[m];
        }
        this.width = offset[widths.length];
        this.dimension = projection == null ? width : projection.value().columns();
        this.codes = codes;
        this.codebooks = codebooks;
        this.projection = projection;
    }

    /**
     * A layer over copies of the codes, codebooks and projection (the arguments are not modified).
     *
     * @param widths the sub-spaces' widths {@code w_m}, each {@code >= 1}, in column order; their
     *     count is {@code M} and their sum {@code r}
     * @param centroids {@code K}, the centroids per sub-space, in {@code [1, 65536]}
     * @param codes row-major {@code [V, M]} codes, each in {@code [0, K)}; {@code V = codes.length
     *     / M >= 1}
     * @param codebooks {@code K r} finite floats, sub-space {@code m}'s centroid {@code k} at
     *     {@code K o_m + k w_m} ({@code o_m = w_0 + ... + w_{m-1}})
     * @param projection {@code B}, {@code [r, d]}, finite, or null for none
     * @return a layer with the codebooks and the projection trainable
     * @throws IllegalArgumentException if a size or code is out of range, the counts disagree, or a
     *     value is not finite; the message names the argument and the value
     * @throws NullPointerException if {@code widths}, {@code codes} or {@code codebooks} is null
     */
    public static ProductQuantizedEmbedding of(int[] widths, int centroids, int[] codes, float[] codebooks,
            INDArray projection) {
        Objects.requireNonNull(widths, "widths");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(codebooks, "codebooks");
        if (widths.length < 1) {
            throw new IllegalArgumentException("widths must name at least one sub-space");
        }
        long r = 0;
        for (int m = 0; m < widths.length; m++) {
            if (widths[m] < 1) {
                throw new IllegalArgumentException("widths[" + m + "] must be >= 1, got " + widths[m]);
            }
            r += widths[m];
        }
        if (centroids < 1 || centroids > 65536) {
            throw new IllegalArgumentException("centroids must be in [1, 65536], got " + centroids);
        }
        int m = widths.length;
        if (codes.length < m || codes.length % m != 0) {
            throw new IllegalArgumentException("codes has " + codes.length + " values, not a positive multiple of the "
                    + m + " sub-spaces");
        }
        if ((long) centroids * r != codebooks.length) {
            throw new IllegalArgumentException("codebooks has " + codebooks.length + " floats, expected centroids x r = "
                    + centroids + " x " + r);
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0 || codes[i] >= centroids) {
                throw new IllegalArgumentException("codes[" + i + "] (row " + i / m + ", sub-space " + i % m
                        + ") must be in [0, " + centroids + "), got " + codes[i]);
            }
        }
        int v = codes.length / m;
        Parameter c = Parameter.dense("embedding.C", Nd4j.createFromArray(codebooks.clone()));
        Parameter b = null;
        if (projection != null) {
            if (projection.rank() != 2 || projection.rows() != r) {
                throw new IllegalArgumentException("projection must be a matrix [r, d] with r = " + r + ", got shape "
                        + Arrays.toString(projection.shape()));
            }
            Math.multiplyExact(v, (int) projection.columns());
            b = Parameter.dense("embedding.B", projection);
        } else {
            Math.multiplyExact(v, (int) r);
        }
        return new ProductQuantizedEmbedding(v, widths.clone(), centroids, codes.clone(), c, b);
    }

    /**
     * The widths of an even split of {@code r} columns into {@code m} sub-spaces: the first
     * {@code r mod m} are one column wider.
     *
     * @param r the columns, {@code >= 1}
     * @param m the sub-spaces, in {@code [1, r]}
     * @return the {@code m} widths
     * @throws IllegalArgumentException if {@code m} is outside {@code [1, r]}
     */
    public static int[] evenWidths(int r, int m) {
        if (r < 1 || m < 1 || m > r) {
            throw new IllegalArgumentException("subspaces must be in [1, " + r + "] for " + r + " columns, got " + m);
        }
        int[] w = new int[m];
        for (int i = 0; i < m; i++) {
            w[i] = r / m + (i < r % m ? 1 : 0);
        }
        return w;
    }

    /**
     * The codebooks.
     *
     * @return the dense parameter {@code embedding.C} ({@code K r} floats) itself
     */
    public Parameter codebooks() {
        return codebooks;
    }

    /**
     * The projection {@code B}.
     *
     * @return the dense parameter {@code embedding.B} ({@code [r, d]}) itself, or empty
     */
    public Optional<Parameter> projection() {
        return Optional.ofNullable(projection);
    }

    /**
     * The number of sub-spaces {@code M}.
     *
     * @return {@code M >= 1}
     */
    public int subspaces() {
        return subspaces;
    }

    /**
     * The centroids per sub-space {@code K}.
     *
     * @return {@code K >= 1}
     */
    public int centroids() {
        return centroids;
    }

    /**
     * The inner width {@code r} (the codes' table width).
     *
     * @return {@code r >= M}
     */
    public int width() {
        return width;
    }

    /**
     * The sub-spaces' widths.
     *
     * @return a new array of the {@code M} widths
     */
    public int[] widths() {
        int[] w = new int[subspaces];
        for (int m = 0; m < subspaces; m++) {
            w[m] = offset[m + 1] - offset[m];
        }
        return w;
    }

    /**
     * The codes.
     *
     * @return a new row-major {@code [V, M]} array of the current codes
     */
    public int[] codes() {
        return codes.clone();
    }

    /**
     * The bits of one code: {@code ceil(log2 K)}, at least 1.
     *
     * @return the bits per code in {@code [1, 16]}
     */
    public int bitsPerCode() {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(centroids - 1));
    }

    /**
     * The exact bytes of the stored form: the codes packed at {@link #bitsPerCode()} bits
     * ({@code ceil(V M b / 8)}), the codebooks ({@code 4 K r}) and the projection ({@code 4 r d}).
     *
     * @return the byte count
     */
    public long storedBytes() {
        long codeBytes = ((long) vocabularySize * subspaces * bitsPerCode() + 7) / 8;
        return codeBytes + 4L * centroids * width + (projection == null ? 0 : 4L * width * dimension);
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
        return projection == null ? List.of(codebooks) : List.of(codebooks, projection);
    }

    /** {@code u(id)} into {@code dst[0, r)}. */
    private void decode(FloatBuffer c, int id, float[] dst) {
        int base = id * subspaces;
        for (int m = 0; m < subspaces; m++) {
            int w = offset[m + 1] - offset[m];
            c.get(centroids * offset[m] + codes[base + m] * w, dst, offset[m], w);
        }
    }

    /** {@code dst[0, d) = u B} with {@code b} the rows of B. */
    private void project(float[] u, float[][] b, float[] dst) {
        Arrays.fill(dst, 0, dimension, 0f);
        for (int j = 0; j < width; j++) {
            float uj = u[j];
            float[] row = b[j];
            for (int c = 0; c < dimension; c++) {
                dst[c] += uj * row[c];
            }
        }
    }

    private float[][] loadB() {
        float[][] rows = new float[width][dimension];
        FloatBuffer v = projection.valueBuffer();
        for (int j = 0; j < width; j++) {
            v.get(j * dimension, rows[j], 0, dimension);
        }
        return rows;
    }

    /** {@inheritDoc} Thread-safe. */
    @Override
    public INDArray forward(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        INDArray result = Nd4j.create(DataType.FLOAT, new long[] {tokens.batch, tokens.seqLen, d}, 'c');
        FloatBuffer out = result.data().asNioFloat();
        FloatBuffer c = codebooks.valueBuffer();
        float[][] b = projection == null ? null : loadB();
        float[] u = new float[width];
        float[] row = new float[d];
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.lengths[i]; t++) {
                decode(c, tokens.ids[tokens.start[i] + t], u);
                float[] src = u;
                if (b != null) {
                    project(u, b, row);
                    src = row;
                }
                out.put(tokens.flatPosition(i, t) * d, src, 0, d);
            }
        }
        return result;
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

    @Override
    void meanPoolRows(ActiveTokens tokens, float[][] out) {
        float[][] pooled = poolInner(tokens);
        float[][] b = projection == null ? null : loadB();
        for (int i = 0; i < tokens.batch; i++) {
            if (b == null) {
                System.arraycopy(pooled[i], 0, out[i], 0, width);
            } else {
                project(pooled[i], b, out[i]);
            }
        }
    }

    /** {@code P[i] = mean_t u(ids[i][t])}, zero for an empty sequence. */
    private float[][] poolInner(ActiveTokens tokens) {
        FloatBuffer c = codebooks.valueBuffer();
        float[][] pooled = new float[tokens.batch][width];
        float[] u = new float[width];
        for (int i = 0; i < tokens.batch; i++) {
            float[] p = pooled[i];
            for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                decode(c, tokens.ids[k], u);
                for (int j = 0; j < width; j++) {
                    p[j] += u[j];
                }
            }
            if (tokens.lengths[i] > 0) {
                float inv = 1f / tokens.lengths[i];
                for (int j = 0; j < width; j++) {
                    p[j] *= inv;
                }
            }
        }
        return pooled;
    }

    @Override
    public void backward(TokenBatch batch, INDArray gradOutput) {
        ActiveTokens tokens = tokens(batch);
        Tensors.checkShape(gradOutput, "gradOutput", tokens.batch, tokens.seqLen, dimension);
        if (!requiresGradient()) {
            return;
        }
        INDArray g = Tensors.contiguous(gradOutput);
        FloatBuffer src = g.data().asNioFloat();
        FloatBuffer c = codebooks.valueBuffer();
        float[][] b = projection == null ? null : loadB();
        begin();
        float[] gi = new float[dimension];
        float[] h = new float[width];
        float[] u = new float[width];
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.lengths[i]; t++) {
                int id = tokens.ids[tokens.start[i] + t];
                src.get(tokens.flatPosition(i, t) * dimension, gi, 0, dimension);
                if (b != null) {
                    decode(c, id, u);
                    addOuter(u, gi);
                    transposedProduct(gi, b, h);
                    addCentroidGradient(id, h, 1f);
                } else {
                    addCentroidGradient(id, gi, 1f);
                }
            }
        }
        java.lang.ref.Reference.reachabilityFence(g);
        finish();
    }

    @Override
    public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
        ActiveTokens tokens = tokens(batch);
        float[] flat = Tensors.toHeap(gradPooled, "gradPooled", null, tokens.batch, dimension);
        if (!requiresGradient()) {
            return;
        }
        float[][] b = projection == null ? null : loadB();
        float[][] pooled = b == null ? null : poolInner(tokens);
        begin();
        float[] gi = new float[dimension];
        float[] h = new float[width];
        for (int i = 0; i < tokens.batch; i++) {
            if (tokens.lengths[i] == 0) {
                continue;
            }
            System.arraycopy(flat, i * dimension, gi, 0, dimension);
            float[] hi = gi;
            if (b != null) {
                addOuter(pooled[i], gi);
                transposedProduct(gi, b, h);
                hi = h;
            }
            float scale = 1f / tokens.lengths[i];
            for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                addCentroidGradient(tokens.ids[k], hi, scale);
            }
        }
        finish();
    }

    private void begin() {
        if (codebooks.isTrainable()) {
            if (gradC.length != codebooks.length()) {
                gradC = new float[codebooks.length()];
            }
            Arrays.fill(gradC, 0f);
        }
        if (projection != null && projection.isTrainable()) {
            if (gradB.length != projection.length()) {
                gradB = new float[projection.length()];
            }
            Arrays.fill(gradB, 0f);
        }
    }

    private void finish() {
        if (codebooks.isTrainable()) {
            codebooks.setGradient(gradC);
        }
        if (projection != null && projection.isTrainable()) {
            projection.setGradient(gradB);
        }
    }

    /** {@code dB += u^T g} if B trains. */
    private void addOuter(float[] u, float[] g) {
        if (!projection.isTrainable()) {
            return;
        }
        int d = dimension;
        for (int j = 0; j < width; j++) {
            float uj = u[j];
            int base = j * d;
            for (int c = 0; c < d; c++) {
                gradB[base + c] += uj * g[c];
            }
        }
    }

    /** {@code h = g B^T}. */
    private void transposedProduct(float[] g, float[][] b, float[] h) {
        for (int j = 0; j < width; j++) {
            float[] row = b[j];
            float s = 0f;
            for (int c = 0; c < dimension; c++) {
                s += g[c] * row[c];
            }
            h[j] = s;
        }
    }

    /** Adds {@code scale * h[slice m]} to the gradient of centroid {@code q(id, m)}, every {@code m}. */
    private void addCentroidGradient(int id, float[] h, float scale) {
        if (!codebooks.isTrainable()) {
            return;
        }
        int base = id * subspaces;
        for (int m = 0; m < subspaces; m++) {
            int w = offset[m + 1] - offset[m];
            int at = centroids * offset[m] + codes[base + m] * w;
            int o = offset[m];
            for (int j = 0; j < w; j++) {
                gradC[at + j] += scale * h[o + j];
            }
        }
    }

    /**
     * Re-assigns every row's codes to the nearest current centroid (squared Euclidean distance, per
     * sub-space, the lowest index on ties) of its target row: one assignment step of k-means with
     * the fine-tuned codebooks, for use between epochs. Not thread-safe: no forward pass may run
     * meanwhile.
     *
     * @param targets the rows to encode, {@code [V, r]} (the inner table, e.g. the pre-trained
     *     embedding or its low-rank factor), any floating type
     * @return the number of codes that changed
     * @throws IllegalArgumentException if {@code targets} is not {@code [V, r]}
     * @throws NullPointerException if {@code targets} is null
     */
    public int reassign(INDArray targets) {
        Objects.requireNonNull(targets, "targets");
        if (targets.rank() != 2 || targets.rows() != vocabularySize || targets.columns() != width) {
            throw new IllegalArgumentException("targets must be [" + vocabularySize + ", " + width + "], got "
                    + Arrays.toString(targets.shape()));
        }
        float[] x = targets.castTo(DataType.FLOAT).dup('c').data().asFloat();
        FloatBuffer cb = codebooks.valueBuffer();
        float[] c = new float[codebooks.length()];
        cb.get(0, c, 0, c.length);
        int changed = 0;
        for (int row = 0; row < vocabularySize; row++) {
            for (int m = 0; m < subspaces; m++) {
                int w = offset[m + 1] - offset[m];
                int o = offset[m];
                int base = centroids * o;
                int best = 0;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int k = 0; k < centroids; k++) {
                    double s = 0;
                    for (int j = 0; j < w; j++) {
                        double diff = x[row * width + o + j] - c[base + k * w + j];
                        s += diff * diff;
                    }
                    if (s < bestDistance) {
                        bestDistance = s;
                        best = k;
                    }
                }
                if (codes[row * subspaces + m] != best) {
                    codes[row * subspaces + m] = best;
                    changed++;
                }
            }
        }
        return changed;
    }

    @Override
    ActiveTokens tokens(TokenBatch batch) {
        ActiveTokens tokens = ActiveTokens.of(batch, vocabularySize);
        ActiveTokens.checkVolume(batch, Math.max(dimension, width));
        return tokens;
    }

    /** The decoded table {@code u(t) B} (or {@code u(t)}) as a new FLOAT {@code [V, d]} 'c' matrix. Thread-safe. */
    @Override
    public INDArray toMatrix() {
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {vocabularySize, dimension}, 'c');
        FloatBuffer dst = out.data().asNioFloat();
        FloatBuffer c = codebooks.valueBuffer();
        float[][] b = projection == null ? null : loadB();
        float[] u = new float[width];
        float[] row = new float[dimension];
        for (int id = 0; id < vocabularySize; id++) {
            decode(c, id, u);
            if (b == null) {
                dst.put(id * dimension, u, 0, dimension);
            } else {
                project(u, b, row);
                dst.put(id * dimension, row, 0, dimension);
            }
        }
        return out;
    }

    /**
     * Whether {@link #toStored} keeps the codes: every sub-space of one width, {@code K} a power of
     * two up to 256 (what {@link ProductQuantizedMatrix} stores) and, with a projection, {@code r <=
     * min(V, d)} (what a low-rank embedding stores).
     *
     * @return true if the stored form is product-quantized, false if it is the decoded table
     */
    public boolean storesCodes() {
        int w0 = offset[1];
        for (int m = 0; m < subspaces; m++) {
            if (offset[m + 1] - offset[m] != w0) {
                return false;
            }
        }
        if (projection != null && width > Math.min(vocabularySize, dimension)) {
            return false;
        }
        return Integer.bitCount(centroids) == 1 && centroids >= 2 && centroids <= 256;
    }

    /**
     * The codes and the current codebooks as a {@link ProductQuantizedMatrix} ({@code [V, r]}, no
     * rotation).
     *
     * @return the matrix
     * @throws IllegalStateException if {@link #storesCodes()} is false
     */
    public ProductQuantizedMatrix toProductQuantizedMatrix() {
        if (!storesCodes()) {
            throw new IllegalStateException("sub-spaces of unequal widths, " + centroids
                    + " centroids (not a power of two in [2, 256]) or a projection from r > min(V, d) have no"
                    + " product-quantized stored form");
        }
        int bits = bitsPerCode();
        byte[] packed = new byte[ProductQuantizedMatrix.packedLength(vocabularySize, subspaces, bits)];
        long bit = 0;
        for (int code : codes) {
            for (int u = 0; u < bits; u++, bit++) {
                if ((code >>> u & 1) != 0) {
                    packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        float[] c = new float[codebooks.length()];
        codebooks.valueBuffer().get(0, c, 0, c.length);
        return ProductQuantizedMatrix.fromParts(vocabularySize, width, subspaces, bits, c, packed, null);
    }

    /**
     * A trainable layer over a stored product-quantized matrix (without rotation) and an optional
     * float projection: the inverse of {@link #toStored}.
     *
     * @param matrix the codes and codebooks, {@code [V, r]}, without rotation
     * @param projection {@code B}, {@code [r, d]}, or null
     * @return the layer
     * @throws IllegalArgumentException if the matrix has a rotation or the projection's shape disagrees
     */
    public static ProductQuantizedEmbedding of(ProductQuantizedMatrix matrix, INDArray projection) {
        Objects.requireNonNull(matrix, "matrix");
        if (matrix.hasRotation()) {
            throw new IllegalArgumentException("matrix: a rotated product-quantized matrix has no trainable layer");
        }
        int[] widths = new int[matrix.subspaces()];
        Arrays.fill(widths, matrix.subspaceDimension());
        return of(widths, matrix.centroids(), matrix.codes(), matrix.codebooks(), projection);
    }

    /**
     * The stored form: with {@link #storesCodes()} the codes themselves ({@link StoredMatrix.ProductQuantized},
     * as {@code A} of a low-rank embedding with the float32 projection {@code B} when there is one),
     * otherwise the decoded table as dense float32.
     *
     * @param vocabulary the words, one per row
     * @param provenance how the embedding was made
     * @return the stored embedding
     */
    @Override
    public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
        checkStored(vocabulary, provenance);
        if (!storesCodes()) {
            return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(toMatrix()), provenance);
        }
        StoredMatrix a = StoredMatrix.of(toProductQuantizedMatrix());
        if (projection == null) {
            return CompressedEmbedding.dense(vocabulary, a, provenance);
        }
        return CompressedEmbedding.lowRank(vocabulary, a, StoredMatrix.of(projection.value().dup('c')), new double[0],
                provenance);
    }
}
