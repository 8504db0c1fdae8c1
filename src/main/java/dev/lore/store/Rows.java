package dev.lore.store;

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
}
