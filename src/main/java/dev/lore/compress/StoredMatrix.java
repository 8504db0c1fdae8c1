package dev.lore.compress;

import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A matrix as stored in a {@code .lore} file: float32 values ({@link Float32}), scalar-quantized
 * codes ({@link Quantized}) or product-quantization codes ({@link ProductQuantized}). Every
 * implementation is immutable and its methods are thread-safe.
 */
public sealed interface StoredMatrix permits StoredMatrix.Float32, StoredMatrix.Quantized,
        StoredMatrix.ProductQuantized {

    /**
     * Stores {@code values} as float32; see {@link Float32#Float32(INDArray)}.
     *
     * @param values a non-empty 2-d matrix of finite values, any data type; held as it is if it is
     *     a contiguous 'c'-ordered FLOAT matrix that is not a view (the caller must then not modify
     *     it), else copied
     * @return a {@link Float32}
     * @throws IllegalArgumentException as {@link Float32#Float32(INDArray)}
     */
    static StoredMatrix of(INDArray values) {
        return new Float32(values);
    }

    /**
     * Stores a quantized matrix.
     *
     * @param matrix the codes, not null; immutable, held as it is
     * @return a {@link Quantized}
     */
    static StoredMatrix of(QuantizedMatrix matrix) {
        return new Quantized(matrix);
    }

    /**
     * Stores a product-quantized matrix.
     *
     * @param matrix the codes, codebooks and optional rotation, not null; immutable, held as it is
     * @return a {@link ProductQuantized}
     */
    static StoredMatrix of(ProductQuantizedMatrix matrix) {
        return new ProductQuantized(matrix);
    }

    /**
     * Number of rows.
     *
     * @return {@code >= 1}
     */
    int rows();

    /**
     * Number of columns.
     *
     * @return {@code >= 1}
     */
    int columns();

    /**
     * The values, dequantized if needed.
     *
     * @return a new {@code [rows, columns]} FLOAT 'c' matrix
     */
    INDArray toFloat();

    /**
     * Writes row {@code row} into {@code dst[offset .. offset + columns())}.
     *
     * @param row in {@code [0, rows())}
     * @param dst the destination, modified in {@code [offset, offset + columns())} only
     * @param offset first index written, with {@code offset + columns() <= dst.length}
     * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
     */
    void row(int row, float[] dst, int offset);

    /**
     * Bytes of the stored values.
     *
     * @return {@code 4 rows columns}, {@link QuantizedMatrix#storageBytes()} or
     *     {@link ProductQuantizedMatrix#storageBytes()}
     */
    long storageBytes();

    /**
     * Short description.
     *
     * @return {@code float32}, e.g. {@code 8-bit per row} or {@code 4-bit per matrix}, or e.g.
     *     {@code pq M=50 b=6} or {@code pq M=50 b=6 rotated}
     */
    String describe();

    /**
     * Float32 values.
     *
     * @param values a {@code [rows, columns]} FLOAT 'c'-ordered contiguous matrix of finite values;
     *     callers must not modify it
     */
    record Float32(INDArray values) implements StoredMatrix {

        /**
         * Copies {@code values} (any data type, read as float) unless it is already a contiguous
         * 'c'-ordered FLOAT matrix that is not a view.
         *
         * @param values a non-empty 2-d matrix of finite values, any data type; not modified
         * @throws IllegalArgumentException if it is not a non-empty 2-d matrix of finite values, or
         *     has more than {@code Integer.MAX_VALUE} rows, columns or values
         */
        public Float32 {
            Objects.requireNonNull(values, "values");
            if (values.rank() != 2 || values.rows() < 1 || values.columns() < 1) {
                throw new IllegalArgumentException("values must be a non-empty matrix, got shape "
                        + Arrays.toString(values.shape()));
            }
            if (values.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("values must hold at most " + Integer.MAX_VALUE
                        + " entries, got " + values.length());
            }
            boolean direct = values.dataType() == DataType.FLOAT && values.ordering() == 'c'
                    && !values.isView() && values.offset() == 0 && values.data().length() == values.length();
            if (!direct) {
                values = values.castTo(DataType.FLOAT).dup('c');
            }
            FloatBuffer b = values.data().asNioFloat();
            long cols = values.columns();
            for (int i = 0; i < b.limit(); i++) {
                if (!Float.isFinite(b.get(i))) {
                    throw new IllegalArgumentException("values[" + (i / cols) + "][" + (i % cols)
                            + "] must be finite, got " + b.get(i));
                }
            }
        }

        @Override
        public int rows() {
            return values.rows();
        }

        @Override
        public int columns() {
            return values.columns();
        }

        @Override
        public INDArray toFloat() {
            return values.dup('c');
        }

        @Override
        public void row(int row, float[] dst, int offset) {
            Objects.checkIndex(row, rows());
            Objects.checkFromIndexSize(offset, columns(), dst.length);
            values.data().asNioFloat().get(row * columns(), dst, offset, columns());
        }

        @Override
        public long storageBytes() {
            return 4L * rows() * columns();
        }

        @Override
        public String describe() {
            return "float32";
        }

        /** Equal when shapes and every float (bit pattern) are equal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Float32 f && rows() == f.rows() && columns() == f.columns()
                    && Arrays.equals(values.data().asFloat(), f.values.data().asFloat());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values.data().asFloat());
        }

        @Override
        public String toString() {
            return "Float32[" + rows() + "x" + columns() + "]";
        }
    }

    /** Quantized codes; see {@link QuantizedMatrix}. */
    record Quantized(QuantizedMatrix matrix) implements StoredMatrix {

        /**
         * Checks the matrix.
         *
         * @param matrix the codes, not null
         * @throws NullPointerException if {@code matrix} is null
         */
        public Quantized {
            Objects.requireNonNull(matrix, "matrix");
        }

        @Override
        public int rows() {
            return matrix.rows();
        }

        @Override
        public int columns() {
            return matrix.columns();
        }

        @Override
        public INDArray toFloat() {
            return matrix.dequantize();
        }

        @Override
        public void row(int row, float[] dst, int offset) {
            matrix.dequantizeRow(row, dst, offset);
        }

        @Override
        public long storageBytes() {
            return matrix.storageBytes();
        }

        @Override
        public String describe() {
            return matrix.config().bits() + "-bit per "
                    + (matrix.config().scope() == QuantizationScope.ROW ? "row" : "matrix");
        }
    }

    /**
     * Product-quantization codes (Jegou, Douze and Schmid, TPAMI 2011); see
     * {@link ProductQuantizedMatrix}. Rows are decoded on demand: {@link #row} gathers one centroid
     * per sub-space (and applies the rotation, if any); nothing is decoded in advance.
     *
     * @param matrix the codes, codebooks and optional rotation
     */
    record ProductQuantized(ProductQuantizedMatrix matrix) implements StoredMatrix {

        /**
         * Checks the matrix.
         *
         * @param matrix the codes, not null
         * @throws NullPointerException if {@code matrix} is null
         */
        public ProductQuantized {
            Objects.requireNonNull(matrix, "matrix");
        }

        @Override
        public int rows() {
            return matrix.rows();
        }

        @Override
        public int columns() {
            return matrix.columns();
        }

        @Override
        public INDArray toFloat() {
            return matrix.decode();
        }

        @Override
        public void row(int row, float[] dst, int offset) {
            matrix.decodeRow(row, dst, offset);
        }

        /**
         * Bytes of the stored parts.
         *
         * @return packed codes {@code ceil(rows M b / 8)} + codebooks {@code 4 2^b columns} +
         *     rotation {@code 4 columns^2} (0 without one)
         */
        @Override
        public long storageBytes() {
            return matrix.storageBytes();
        }

        @Override
        public String describe() {
            return "pq M=" + matrix.subspaces() + " b=" + matrix.bits() + (matrix.hasRotation() ? " rotated" : "");
        }
    }
}
