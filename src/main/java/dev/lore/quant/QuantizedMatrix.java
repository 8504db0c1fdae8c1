package dev.lore.quant;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float matrix stored as {@code b}-bit codes under uniform affine quantization.
 *
 * <p>For each group {@code g} (the whole matrix, or one row) with minimum {@code lo} and maximum
 * {@code hi}, the step is {@code s = (hi - lo) / (2^b - 1)} (0 when {@code hi == lo}); a value
 * {@code x} is stored as the code {@code q = clamp(round((x - lo) / s), 0, 2^b - 1)} and read
 * back as {@code lo + q * s}. Every value is therefore within {@code s / 2} of the original (plus
 * float rounding). This is the fixed-point baseline of Acharya et al. (AAAI 2019).
 *
 * <p>Codes are packed little-endian into a stream of {@code long}s: value {@code k} (row-major)
 * occupies bits {@code [k b, k b + b)}. Instances are immutable.
 */
public final class QuantizedMatrix {

    private final int rows;
    private final int cols;
    private final QuantizationConfig config;
    private final float[] offsets;
    private final float[] steps;
    private final long[] packed;

    private QuantizedMatrix(int rows, int cols, QuantizationConfig config, float[] offsets,
            float[] steps, long[] packed) {
        this.rows = rows;
        this.cols = cols;
        this.config = config;
        this.offsets = offsets;
        this.steps = steps;
        this.packed = packed;
    }

    /**
     * Quantizes a matrix. The input is not modified.
     *
     * @param matrix a 2-d matrix of finite values, any data type (read as float)
     * @param config bits and scope, not null
     * @return the codes, offsets and steps; shares no memory with {@code matrix}
     * @throws IllegalArgumentException if the matrix is not 2-d, is empty, holds NaN or infinity,
     *     or a group's range {@code hi - lo} overflows float
     * @throws NullPointerException if an argument is null
     */
    public static QuantizedMatrix quantize(INDArray matrix, QuantizationConfig config) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(config, "config");
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("matrix must be 2-d, got rank " + matrix.rank());
        }
        int rows = Math.toIntExact(matrix.rows());
        int cols = Math.toIntExact(matrix.columns());
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix must not be empty, got " + rows + "x" + cols);
        }
        float[] values = matrix.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("matrix[" + (i / cols) + "][" + (i % cols)
                        + "] must be finite, got " + values[i]);
            }
        }
        int groups = config.scope() == QuantizationScope.ROW ? rows : 1;
        int groupSize = Math.multiplyExact(rows, cols) / groups;
        float[] offsets = new float[groups];
        float[] steps = new float[groups];
        int maxCode = (1 << config.bits()) - 1;
        long[] packed = new long[packedLength(Math.multiplyExact((long) rows, cols), config.bits())];
        for (int g = 0; g < groups; g++) {
            int from = g * groupSize;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = from; i < from + groupSize; i++) {
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
            float step = (float) (((double) hi - lo) / maxCode);
            if (!Float.isFinite(step) || !Float.isFinite(lo + maxCode * step)) {
                // The codes would dequantize to infinity or NaN.
                throw new IllegalArgumentException("the range [" + lo + ", " + hi + "] of "
                        + (groups == 1 ? "the matrix" : "row " + g) + " is too wide for float quantization");
            }
            offsets[g] = lo;
            steps[g] = step;
            for (int i = from; i < from + groupSize; i++) {
                int q = step == 0f ? 0 : (int) Math.round(((double) values[i] - lo) / step);
                put(packed, i, config.bits(), Math.max(0, Math.min(maxCode, q)));
            }
        }
        return new QuantizedMatrix(rows, cols, config, offsets, steps, packed);
    }

    /**
     * Rebuilds a quantized matrix from its stored parts (as read from a file). Arrays are copied.
     *
     * @param rows number of rows, {@code >= 1}
     * @param cols number of columns, {@code >= 1}
     * @param config bits and scope, not null
     * @param offsets one per group, finite: {@code rows} for {@link QuantizationScope#ROW}, else 1
     * @param steps one per group, finite and {@code >= 0}, with {@code offset + (2^bits - 1) step}
     *     finite in float, as {@link #quantize} guarantees
     * @param packed the packed codes, exactly {@link #packedLength(long, int)} longs
     * @return the matrix
     * @throws IllegalArgumentException if any size or value is inconsistent
     * @throws NullPointerException if {@code config} or an array is null
     */
    public static QuantizedMatrix fromParts(int rows, int cols, QuantizationConfig config,
            float[] offsets, float[] steps, long[] packed) {
        Objects.requireNonNull(config, "config");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("shape must be at least 1x1, got " + rows + "x" + cols);
        }
        int groups = config.scope() == QuantizationScope.ROW ? rows : 1;
        if (offsets.length != groups || steps.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " offsets and steps, got "
                    + offsets.length + " and " + steps.length);
        }
        int maxCode = (1 << config.bits()) - 1;
        for (int g = 0; g < groups; g++) {
            if (!Float.isFinite(offsets[g]) || !Float.isFinite(steps[g]) || steps[g] < 0f) {
                throw new IllegalArgumentException("group " + g + " has invalid offset " + offsets[g]
                        + " or step " + steps[g]);
            }
            if (!Float.isFinite(offsets[g] + maxCode * steps[g])) {
                // As quantize checks: the largest code would dequantize to infinity.
                throw new IllegalArgumentException("group " + g + " with offset " + offsets[g] + " and step "
                        + steps[g] + " dequantizes code " + maxCode + " to " + (offsets[g] + maxCode * steps[g])
                        + ", outside the float range");
            }
        }
        long expected = packedLength(Math.multiplyExact((long) rows, cols), config.bits());
        if (packed.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " packed longs, got " + packed.length);
        }
        return new QuantizedMatrix(rows, cols, config, offsets.clone(), steps.clone(), packed.clone());
    }

    /**
     * Number of longs needed to pack codes.
     *
     * @param count number of codes, {@code >= 0}
     * @param bits bits per code, in {@code [1, 16]}
     * @return {@code ceil(count bits / 64)}
     * @throws ArithmeticException if the result does not fit an {@code int}
     */
    public static int packedLength(long count, int bits) {
        return Math.toIntExact((Math.multiplyExact(count, bits) + 63) / 64);
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
     * Number of columns.
     *
     * @return {@code >= 1}
     */
    public int columns() {
        return cols;
    }

    /**
     * The bits and scope.
     *
     * @return the configuration the matrix was quantized with
     */
    public QuantizationConfig config() {
        return config;
    }

    /**
     * The code stored for {@code (row, col)}.
     *
     * @param row in {@code [0, rows())}
     * @param col in {@code [0, columns())}
     * @return the code, in {@code [0, 2^bits - 1]}
     * @throws IndexOutOfBoundsException if {@code row} or {@code col} is out of range
     */
    public int code(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return get(packed, (long) row * cols + col, config.bits());
    }

    /**
     * The dequantized value at {@code (row, col)}.
     *
     * @param row in {@code [0, rows())}
     * @param col in {@code [0, columns())}
     * @return {@code lo + q * s} of the value's group, in float
     * @throws IndexOutOfBoundsException if {@code row} or {@code col} is out of range
     */
    public float get(int row, int col) {
        int g = group(row);
        return offsets[g] + code(row, col) * steps[g];
    }

    /**
     * Writes row {@code row}, dequantized, into {@code dst[offset .. offset + columns())}.
     *
     * @param row in {@code [0, rows())}
     * @param dst the destination, modified in {@code [offset, offset + columns())} only
     * @param offset first index written, with {@code offset + columns() <= dst.length}
     * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
     */
    public void dequantizeRow(int row, float[] dst, int offset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(offset, cols, dst.length);
        int g = group(row);
        float lo = offsets[g];
        float step = steps[g];
        long base = (long) row * cols;
        int bits = config.bits();
        for (int c = 0; c < cols; c++) {
            dst[offset + c] = lo + get(packed, base + c, bits) * step;
        }
    }

    /**
     * The whole matrix, dequantized.
     *
     * @return a new {@code [rows, columns]} FLOAT 'c'-ordered array
     */
    public INDArray dequantize() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            dequantizeRow(r, out, r * cols);
        }
        return Nd4j.create(out, new long[] {rows, cols}, DataType.FLOAT);
    }

    /**
     * The offset (minimum {@code lo}) of each group.
     *
     * @return a fresh copy, one value per group: {@code rows} for {@link QuantizationScope#ROW},
     *     else 1
     */
    public float[] offsets() {
        return offsets.clone();
    }

    /**
     * The step {@code s} of each group.
     *
     * @return a fresh copy, one value per group, each finite and {@code >= 0}
     */
    public float[] steps() {
        return steps.clone();
    }

    /**
     * The packed codes, laid out as the class comment says.
     *
     * @return a fresh copy of {@link #packedLength(long, int)} longs
     */
    public long[] packedCodes() {
        return packed.clone();
    }

    /**
     * Largest quantization step over all groups; every value is within half of it.
     *
     * @return the largest step, {@code >= 0}
     */
    public float maxStep() {
        float m = 0f;
        for (float s : steps) {
            m = Math.max(m, s);
        }
        return m;
    }

    /**
     * Bytes needed to store this matrix: the codes ({@code ceil(rows cols bits / 8)}) plus two
     * floats (offset and step) per group.
     *
     * @return {@code ceil(rows cols bits / 8) + 8 groups}
     */
    public long storageBytes() {
        return (Math.multiplyExact((long) rows * cols, config.bits()) + 7) / 8 + 8L * offsets.length;
    }

    private int group(int row) {
        return config.scope() == QuantizationScope.ROW ? row : 0;
    }

    private static void put(long[] packed, long index, int bits, int code) {
        long bit = index * bits;
        int word = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        packed[word] |= ((long) code) << shift;
        if (shift + bits > 64) {
            packed[word + 1] |= ((long) code) >>> (64 - shift);
        }
    }

    private static int get(long[] packed, long index, int bits) {
        long bit = index * bits;
        int word = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        long v = packed[word] >>> shift;
        if (shift + bits > 64) {
            v |= packed[word + 1] << (64 - shift);
        }
        return (int) (v & ((1L << bits) - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedMatrix q && rows == q.rows && cols == q.cols
                && config.equals(q.config) && Arrays.equals(offsets, q.offsets)
                && Arrays.equals(steps, q.steps) && Arrays.equals(packed, q.packed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, cols, config, Arrays.hashCode(packed));
    }

    @Override
    public String toString() {
        return "QuantizedMatrix[" + rows + "x" + cols + ", " + config.bits() + " bits, "
                + config.scope() + "]";
    }
}
