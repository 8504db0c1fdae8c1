package dev.lore.store;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A read-only {@code [rows, columns]} float matrix whose rows are decoded on demand. Implementations
 * are immutable and safe to read from many threads at once: a read writes only into the caller's
 * array.
 */
interface Rows {

    /** Number of rows, {@code >= 1}. */
    int rows();

    /** Number of columns, {@code >= 1}. */
    int columns();

    /**
     * Writes rows {@code [first, first + count)} one after the other into {@code dst} from
     * {@code offset}, {@code columns()} values each.
     *
     * @throws IndexOutOfBoundsException if the rows or the destination range are out of bounds
     */
    void read(int first, int count, float[] dst, int offset);

    /** Bytes this matrix occupies in the heap (mapped and shared pages are not counted). */
    long heapBytes();

    /**
     * The rows from {@code first} on as native row-major float32 memory, for BLAS: a new pointer
     * positioned at row {@code first} whose limit ends after the last row stored contiguously with
     * it ({@link #contiguousRows}), or null when the rows are not stored that way (quantized,
     * heap arrays, another byte order). The memory stays valid while this object is reachable.
     *
     * @throws IndexOutOfBoundsException if {@code first} is out of range
     */
    default FloatPointer nativeRows(int first) {
        return null;
    }

    /**
     * How many rows from {@code first} on {@link #nativeRows} covers, {@code >= 1}.
     *
     * @throws IndexOutOfBoundsException if {@code first} is out of range
     */
    default int contiguousRows(int first) {
        java.util.Objects.checkIndex(first, rows());
        return rows() - first;
    }
}
