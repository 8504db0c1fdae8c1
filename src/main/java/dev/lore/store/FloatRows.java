package dev.lore.store;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Float32 rows held in one or more {@link FloatBuffer}s (memory-mapped file regions, or the direct
 * memory of an ND4J array), each holding {@code rowsPerChunk} whole rows (the last one possibly
 * fewer). Reads use absolute bulk gets, which change no buffer state, so one instance is safe to
 * read from many threads at once. Direct buffers in the platform's byte order are also handed to
 * BLAS as native memory ({@link #nativeRows}), without a copy.
 */
final class FloatRows implements Rows {

    private final FloatBuffer[] chunks;
    private final int rowsPerChunk;
    private final int rows;
    private final int cols;
    private final long heapBytes;
    private final FloatPointer[] pointers; // one per chunk, never positioned; null when not native
    @SuppressWarnings("unused")
    private final Object owner; // keeps the memory behind the buffers reachable

    FloatRows(FloatBuffer[] chunks, int rowsPerChunk, int rows, int cols, long heapBytes, Object owner) {
        this.heapBytes = heapBytes;
        this.chunks = chunks.clone();
        this.rowsPerChunk = rowsPerChunk;
        this.rows = rows;
        this.cols = cols;
        this.owner = owner;
        long capacity = 0;
        for (FloatBuffer b : chunks) {
            capacity += b.limit();
        }
        if (rows < 1 || cols < 1 || rowsPerChunk < 1 || capacity != (long) rows * cols) {
            throw new IllegalArgumentException("chunks hold " + capacity + " floats, not " + rows + " x " + cols);
        }
        FloatPointer[] p = new FloatPointer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            FloatBuffer b = chunks[i];
            if (!b.isDirect() || b.order() != ByteOrder.nativeOrder() || b.position() != 0) {
                p = null;
                break;
            }
            p[i] = new FloatPointer(b);
            if (p[i].isNull() || p[i].limit() != b.limit()) {
                p = null;
                break;
            }
        }
        this.pointers = p;
    }

    @Override
    public FloatPointer nativeRows(int first) {
        Objects.checkIndex(first, rows);
        if (pointers == null) {
            return null;
        }
        int chunk = first / rowsPerChunk;
        long at = (long) (first - chunk * rowsPerChunk) * cols;
        return new FloatPointer(pointers[chunk]).position(at);
    }

    @Override
    public int contiguousRows(int first) {
        Objects.checkIndex(first, rows);
        return Math.min(rows - first, rowsPerChunk - first % rowsPerChunk);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return cols;
    }

    @Override
    public void read(int first, int count, float[] dst, int offset) {
        Objects.checkFromIndexSize(first, count, rows);
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, cols), dst.length);
        int row = first;
        int end = first + count;
        while (row < end) {
            int chunk = row / rowsPerChunk;
            int inChunk = row - chunk * rowsPerChunk;
            int n = Math.min(end - row, rowsPerChunk - inChunk);
            chunks[chunk].get(inChunk * cols, dst, offset, n * cols);
            offset += n * cols;
            row += n;
        }
    }

    @Override
    public long heapBytes() {
        return heapBytes;
    }
}
