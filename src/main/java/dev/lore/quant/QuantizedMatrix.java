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
     * @throws IllegalArgumentException if the matrix is not 2-d, is empty, holds NaN or infinity,
     *     or a group's range {@code hi - lo} overflows float
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
     * @param offsets one per group: {@code rows} for {@link QuantizationScope#ROW}, else 1
     * @param steps one per group, finite and {@code >= 0}
     * @param packed the packed codes, exactly {@link #packedLength(long, int)} longs
     * @throws IllegalArgumentException if any size or value is inconsistent
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
        for (int g = 0; g < groups; g++) {
            if (!Float.isFinite(offsets[g]) || !Float.isFinite(steps[g]) || steps[g] < 0f) {
                throw new IllegalArgumentException("group " + g + " has invalid offset " + offsets[g]
                        + " or step " + steps[g]);
            }
        }
        long expected = packedLength(Math.multiplyExact((long) rows, cols), config.bits());
        if (packed.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " packed longs, got " + packed.length);
        }
        return new QuantizedMatrix(rows, cols, config, offsets.clone(), steps.clone(), packed.clone());
    }

    /** Number of longs needed to pack {@code count} codes of {@code bits} bits. */
    public static int packedLength(long count, int bits) {
        return Math.toIntExact((Math.multiplyExact(count, bits) + 63) / 64);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return cols;
    }

    public QuantizationConfig config() {
        return config;
    }

    /** The code stored for {@code (row, col)}, in {@code [0, 2^bits - 1]}. */
    public int code(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return get(packed, (long) row * cols + col, config.bits());
    }

    /** The dequantized value at {@code (row, col)}. */
    public float get(int row, int col) {
        int g = group(row);
        return offsets[g] + code(row, col) * steps[g];
    }

    /**
     * Writes row {@code row}, dequantized, into {@code dst[offset .. offset + columns())}.
     *
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

    /** The whole matrix, dequantized, as a new {@code [rows, columns]} FLOAT array. */
    public INDArray dequantize() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            dequantizeRow(r, out, r * cols);
        }
        return Nd4j.create(out, new long[] {rows, cols}, DataType.FLOAT);
    }

    /** The offset (minimum) of group {@code g}; a copy of all of them is {@link #offsets()}. */
    public float[] offsets() {
        return offsets.clone();
    }

    /** The step of each group (a copy). */
    public float[] steps() {
        return steps.clone();
    }

    /** The packed codes (a copy). */
    public long[] packedCodes() {
        return packed.clone();
    }

    /** Largest quantization step over all groups; every value is within half of it. */
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
