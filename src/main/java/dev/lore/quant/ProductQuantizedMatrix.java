package dev.lore.quant;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@code [rows, columns]} float matrix stored as product-quantization codes (Jegou, Douze and
 * Schmid, TPAMI 2011): {@code M} sub-spaces of {@code s = columns / M} columns each, a codebook of
 * {@code K = 2^b} centroids per sub-space, and for every row one {@code b}-bit code per sub-space.
 *
 * <p>Decoding: with the codes {@code q_m} of row {@code i}, {@code y = [C_0[q_0], ..., C_{M-1}[q_{M-1}]]}
 * (centroids laid side by side). Without a rotation the row is {@code y}; with a rotation {@code R}
 * ({@code [columns, columns]}, orthogonal; rows were encoded as {@code x R}) the row is
 * {@code y R^T}, i.e. {@code x_j = sum_t R[j][t] y_t}, summed in double.
 *
 * <p>Layouts: codebooks are one float array indexed {@code ((m K) + k) s + t} (sub-space {@code m},
 * centroid {@code k}, coordinate {@code t}); the rotation is row-major; code {@code n = i M + m} is
 * packed little-endian at bits {@code [n b, n b + b)} of a byte stream (bit {@code 8 j + u} is bit
 * {@code u} of byte {@code j}); the bits after the last code are zero.
 *
 * <p>Immutable; every method is thread-safe (scratch memory is allocated per call).
 */
public final class ProductQuantizedMatrix {

    /** Largest allowed {@code |R R^T - I|} entry of a rotation given to {@link #fromParts}. */
    public static final double ORTHOGONALITY_TOLERANCE = 1e-3;

    private final int rows;
    private final int cols;
    private final int m;
    private final int bits;
    private final int k;
    private final int s;
    private final float[] codebooks;
    private final byte[] codes;
    private final float[] rotation; // null when none

    private ProductQuantizedMatrix(int rows, int cols, int m, int bits, float[] codebooks, byte[] codes,
            float[] rotation) {
        this.rows = rows;
        this.cols = cols;
        this.m = m;
        this.bits = bits;
        this.k = 1 << bits;
        this.s = cols / m;
        this.codebooks = codebooks;
        this.codes = codes;
        this.rotation = rotation;
    }

    /**
     * Rebuilds a matrix from its parts, e.g. as read from a file or with fine-tuned codebooks. Every
     * part is checked so that decoding can only give finite values; arrays are copied.
     *
     * @param rows number of rows, {@code >= 1}
     * @param columns number of columns, {@code >= 1}, a multiple of {@code subspaces}
     * @param subspaces {@code M}, in {@code [1, min(columns, 4096)]}
     * @param bits {@code b}, in {@code [1, 8]}
     * @param codebooks {@code M 2^b (columns / M)} finite values, laid out as the class comment says
     * @param packedCodes exactly {@link #packedLength(long, int, int)} bytes, the bits after the last
     *     code zero
     * @param rotation {@code columns^2} finite values of an orthogonal matrix (every entry of
     *     {@code R R^T - I} within {@value #ORTHOGONALITY_TOLERANCE}), or {@code null} for none
     * @return the matrix
     * @throws IllegalArgumentException naming the part and value if a size or value is inconsistent,
     *     including codebooks and rotation whose decoded values could overflow float
     * @throws NullPointerException if {@code codebooks} or {@code packedCodes} is null
     */
    public static ProductQuantizedMatrix fromParts(int rows, int columns, int subspaces, int bits,
            float[] codebooks, byte[] packedCodes, float[] rotation) {
        Objects.requireNonNull(codebooks, "codebooks");
        Objects.requireNonNull(packedCodes, "packedCodes");
        checkShape(rows, columns, subspaces, bits);
        int k = 1 << bits;
        long expectBooks = (long) subspaces * k * (columns / subspaces);
        if (codebooks.length != expectBooks) {
            throw new IllegalArgumentException("codebooks must hold M 2^b (d / M) = " + expectBooks
                    + " values, got " + codebooks.length);
        }
        double maxAbs = 0.0;
        for (int i = 0; i < codebooks.length; i++) {
            if (!Float.isFinite(codebooks[i])) {
                throw new IllegalArgumentException("codebooks[" + i + "] must be finite, got " + codebooks[i]);
            }
            maxAbs = Math.max(maxAbs, Math.abs(codebooks[i]));
        }
        long expectCodes = packedLength(rows, subspaces, bits);
        if (packedCodes.length != expectCodes) {
            throw new IllegalArgumentException("packedCodes must hold " + expectCodes + " bytes, got "
                    + packedCodes.length);
        }
        long usedBits = (long) rows * subspaces * bits;
        int tail = (int) (usedBits & 7);
        if (tail != 0 && (packedCodes[packedCodes.length - 1] & 0xff) >>> tail != 0) {
            throw new IllegalArgumentException("packedCodes: the " + (8 - tail)
                    + " bits after the last code must be zero, got byte " + (packedCodes[packedCodes.length - 1] & 0xff));
        }
        float[] rot = null;
        double rowL1 = 1.0;
        if (rotation != null) {
            rot = rotation.clone();
            rowL1 = checkRotation(rot, columns);
        }
        // |x_j| <= (max_t |R[j][t]|-row sum) * max |centroid entry|: must stay a finite float.
        if (!(maxAbs * rowL1 < Float.MAX_VALUE / 2)) {
            throw new IllegalArgumentException("codebooks: entries up to " + maxAbs
                    + " could decode to values that overflow float");
        }
        return new ProductQuantizedMatrix(rows, columns, subspaces, bits, codebooks.clone(), packedCodes.clone(), rot);
    }

    static ProductQuantizedMatrix ofOwned(int rows, int columns, int subspaces, int bits, float[] codebooks,
            byte[] packedCodes, float[] rotation) {
        return new ProductQuantizedMatrix(rows, columns, subspaces, bits, codebooks, packedCodes, rotation);
    }

    static void checkShape(int rows, int columns, int subspaces, int bits) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("shape must be at least 1x1, got " + rows + "x" + columns);
        }
        if (subspaces < 1 || subspaces > Math.min(columns, ProductQuantizationConfig.MAX_SUBSPACES)) {
            throw new IllegalArgumentException("subspaces must be in [1, " + Math.min(columns,
                    ProductQuantizationConfig.MAX_SUBSPACES) + "], got " + subspaces);
        }
        if (columns % subspaces != 0) {
            throw new IllegalArgumentException("subspaces must divide the number of columns " + columns + ", got "
                    + subspaces);
        }
        if (bits < ProductQuantizationConfig.MIN_BITS || bits > ProductQuantizationConfig.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + ProductQuantizationConfig.MIN_BITS + ", "
                    + ProductQuantizationConfig.MAX_BITS + "], got " + bits);
        }
    }

    /** Checks a rotation; returns the largest L1 norm of its rows. */
    private static double checkRotation(float[] r, int d) {
        if (r.length != (long) d * d) {
            throw new IllegalArgumentException("rotation must hold columns^2 = " + ((long) d * d) + " values, got "
                    + r.length);
        }
        for (int i = 0; i < r.length; i++) {
            if (!Float.isFinite(r[i])) {
                throw new IllegalArgumentException("rotation[" + (i / d) + "][" + (i % d) + "] must be finite, got "
                        + r[i]);
            }
        }
        double maxL1 = 0.0;
        for (int i = 0; i < d; i++) {
            double l1 = 0.0;
            for (int j = 0; j < d; j++) {
                double dot = 0.0;
                for (int t = 0; t < d; t++) {
                    dot += (double) r[i * d + t] * r[j * d + t];
                }
                double want = i == j ? 1.0 : 0.0;
                if (!(Math.abs(dot - want) <= ORTHOGONALITY_TOLERANCE)) {
                    throw new IllegalArgumentException("rotation must be orthogonal: (R R^T)[" + i + "][" + j + "] = "
                            + dot + ", expected " + want);
                }
                l1 += Math.abs(r[i * d + j]);
            }
            maxL1 = Math.max(maxL1, l1);
        }
        return maxL1;
    }

    /**
     * Bytes of packed codes.
     *
     * @param rows number of rows, {@code >= 0}
     * @param subspaces codes per row, {@code >= 1}
     * @param bits bits per code, in {@code [1, 8]}
     * @return {@code ceil(rows subspaces bits / 8)}
     * @throws ArithmeticException if it does not fit an {@code int}
     */
    public static int packedLength(long rows, int subspaces, int bits) {
        return Math.toIntExact((Math.multiplyExact(Math.multiplyExact(rows, subspaces), bits) + 7) / 8);
    }

    static void put(byte[] packed, long index, int bits, int code) {
        long bit = index * bits;
        int byteAt = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int v = code << shift;
        packed[byteAt] |= (byte) v;
        if (shift + bits > 8) {
            packed[byteAt + 1] |= (byte) (v >>> 8);
        }
    }

    static int get(byte[] packed, long index, int bits) {
        long bit = index * bits;
        int byteAt = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int v = (packed[byteAt] & 0xff) >>> shift;
        if (shift + bits > 8) {
            v |= (packed[byteAt + 1] & 0xff) << (8 - shift);
        }
        return v & ((1 << bits) - 1);
    }

    /**
     * Number of rows.
     *
     * @return {@code >= 1}
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of columns {@code d}.
     *
     * @return {@code >= 1}
     */
    public int columns() {
        return cols;
    }

    /**
     * Number of sub-spaces {@code M}.
     *
     * @return in {@code [1, columns()]}, dividing {@code columns()}
     */
    public int subspaces() {
        return m;
    }

    /**
     * Columns per sub-space.
     *
     * @return {@code columns() / subspaces()}
     */
    public int subspaceDimension() {
        return s;
    }

    /**
     * Bits per code {@code b}.
     *
     * @return in {@code [1, 8]}
     */
    public int bits() {
        return bits;
    }

    /**
     * Centroids per sub-space.
     *
     * @return {@code 2^bits()}
     */
    public int centroids() {
        return k;
    }

    /**
     * The code of row {@code row} in sub-space {@code subspace}.
     *
     * @param row in {@code [0, rows())}
     * @param subspace in {@code [0, subspaces())}
     * @return in {@code [0, 2^bits)}
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public int code(int row, int subspace) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(subspace, m);
        return get(codes, (long) row * m + subspace, bits);
    }

    /**
     * All codes, unpacked.
     *
     * @return a new array of {@code rows M} codes, index {@code i M + m}
     * @throws ArithmeticException if {@code rows M} exceeds an {@code int}
     */
    public int[] codes() {
        int[] out = new int[Math.multiplyExact(rows, m)];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(codes, i, bits);
        }
        return out;
    }

    /**
     * The packed codes, laid out as the class comment says.
     *
     * @return a fresh copy of {@link #packedLength(long, int, int)} bytes
     */
    public byte[] packedCodes() {
        return codes.clone();
    }

    /**
     * All codebooks.
     *
     * @return a fresh copy of {@code M 2^b s} floats, index {@code ((m K) + k) s + t}
     */
    public float[] codebooks() {
        return codebooks.clone();
    }

    /**
     * The rotation applied before encoding.
     *
     * @return a fresh copy of the row-major {@code [columns, columns]} orthogonal matrix, or empty
     */
    public Optional<float[]> rotation() {
        return rotation == null ? Optional.empty() : Optional.of(rotation.clone());
    }

    /**
     * Whether a rotation is stored.
     *
     * @return {@code rotation().isPresent()}
     */
    public boolean hasRotation() {
        return rotation != null;
    }

    /**
     * The same codes and rotation with other codebooks (e.g. fine-tuned ones); this matrix is unchanged.
     *
     * @param newCodebooks {@code M 2^b s} finite values, copied
     * @return the new matrix
     * @throws IllegalArgumentException as {@link #fromParts}
     * @throws NullPointerException if {@code newCodebooks} is null
     */
    public ProductQuantizedMatrix withCodebooks(float[] newCodebooks) {
        return fromParts(rows, cols, m, bits, newCodebooks, codes, rotation);
    }

    /**
     * Writes row {@code row}, decoded, into {@code dst[offset .. offset + columns())}.
     *
     * @param row in {@code [0, rows())}
     * @param dst the destination, modified in {@code [offset, offset + columns())} only
     * @param offset first index written, with {@code offset + columns() <= dst.length}
     * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
     */
    public void decodeRow(int row, float[] dst, int offset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(offset, cols, dst.length);
        if (rotation == null) {
            gather(row, dst, offset);
            return;
        }
        float[] y = new float[cols];
        gather(row, y, 0);
        for (int j = 0; j < cols; j++) {
            double sum = 0.0;
            int ro = j * cols;
            for (int t = 0; t < cols; t++) {
                sum += (double) rotation[ro + t] * y[t];
            }
            dst[offset + j] = (float) sum;
        }
    }

    /** The centroids of a row side by side, before any rotation. */
    private void gather(int row, float[] dst, int offset) {
        long base = (long) row * m;
        for (int sub = 0; sub < m; sub++) {
            int q = get(codes, base + sub, bits);
            System.arraycopy(codebooks, (sub * k + q) * s, dst, offset + sub * s, s);
        }
    }

    /**
     * The whole matrix, decoded. With a rotation the product {@code Y R^T} is one float
     * {@code gemm}, so rows may differ from {@link #decodeRow} in the last bits.
     *
     * @return a new {@code [rows, columns]} FLOAT 'c'-ordered array
     */
    public INDArray decode() {
        float[] y = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            gather(r, y, r * cols);
        }
        INDArray out = Nd4j.create(y, new long[] {rows, cols}, DataType.FLOAT);
        if (rotation == null) {
            return out;
        }
        INDArray rt = Nd4j.create(rotation, new long[] {cols, cols}, DataType.FLOAT).transpose();
        INDArray res = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
        out.mmul(rt, res);
        return res;
    }

    /**
     * Encodes other rows with this matrix's rotation and codebooks; this matrix is unchanged.
     *
     * @param matrix a 2-d {@code [n, columns()]} matrix of finite values, any data type; not modified
     * @param threads threads to use, in {@code [1, 256]}
     * @return a new matrix with the same codebooks and rotation and the nearest codes of the rows
     * @throws IllegalArgumentException if the shape differs or a value is not finite
     * @throws NullPointerException if {@code matrix} is null
     */
    public ProductQuantizedMatrix encode(INDArray matrix, int threads) {
        float[] x = ProductQuantizer.rowsOf(matrix, "matrix");
        if (matrix.columns() != cols) {
            throw new IllegalArgumentException("matrix must have " + cols + " columns, got " + matrix.columns());
        }
        int n = Math.toIntExact(matrix.rows());
        try (Parallel par = new Parallel(threads)) {
            float[] y = rotation == null ? x : ProductQuantizer.rotate(x, n, cols, rotation);
            byte[] packed = ProductQuantizer.encodeAll(y, n, cols, m, bits, codebooks, par);
            return new ProductQuantizedMatrix(n, cols, m, bits, codebooks, packed, rotation);
        }
    }

    /**
     * Bytes of the packed codes.
     *
     * @return {@code ceil(rows M b / 8)}
     */
    public long codeBytes() {
        return codes.length;
    }

    /**
     * Bytes of the codebooks, float32.
     *
     * @return {@code 4 M 2^b s = 4 2^b columns}
     */
    public long codebookBytes() {
        return 4L * codebooks.length;
    }

    /**
     * Bytes of the rotation, float32.
     *
     * @return {@code 4 columns^2}, or 0 without a rotation
     */
    public long rotationBytes() {
        return rotation == null ? 0L : 4L * rotation.length;
    }

    /**
     * Bytes needed to store this matrix.
     *
     * @return {@code codeBytes() + codebookBytes() + rotationBytes()}
     */
    public long storageBytes() {
        return codeBytes() + codebookBytes() + rotationBytes();
    }

    /** Equal when shapes, codes, codebooks and rotation (bit patterns) are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProductQuantizedMatrix p && rows == p.rows && cols == p.cols && m == p.m
                && bits == p.bits && Arrays.equals(codes, p.codes) && Arrays.equals(codebooks, p.codebooks)
                && Arrays.equals(rotation, p.rotation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, cols, m, bits, Arrays.hashCode(codes), Arrays.hashCode(codebooks));
    }

    @Override
    public String toString() {
        return "ProductQuantizedMatrix[" + rows + "x" + cols + ", M=" + m + ", " + bits + " bits"
                + (rotation == null ? "" : ", rotated") + "]";
    }
}
