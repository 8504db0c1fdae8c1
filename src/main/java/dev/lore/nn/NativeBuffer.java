package dev.lore.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A growable off-heap float buffer for matrix products: an ND4J array (which owns the memory),
 * a direct {@link FloatBuffer} view for bulk copies from Java, and pointers for BLAS. Reused
 * across calls so a training step allocates nothing once sizes have settled.
 *
 * <p>Every pointer is a new object, positioned at its offset and limited to the buffer's
 * capacity, so {@link Blas#gemm} can check that a product stays inside it; the buffer's own base
 * pointer is never moved. A pointer or view is valid until the next {@link #ensure} that grows
 * the buffer (the old memory is then released by the garbage collector). Not thread-safe: each
 * buffer belongs to one workspace, used by one thread at a time.
 */
final class NativeBuffer {

    private INDArray array;
    private FloatBuffer view;
    private FloatPointer base;
    private long capacity;

    /**
     * Makes room for {@code n} floats (at least one); contents are undefined after growing.
     *
     * @throws IllegalArgumentException if {@code n} is negative or exceeds {@code 2^31 - 1}
     */
    NativeBuffer ensure(long n) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer size must be in [0, 2^31-1] floats, got " + n);
        }
        n = Math.max(1, n);
        if (n > capacity) {
            long c = Math.min(Integer.MAX_VALUE, Math.max(n, capacity + capacity / 2));
            INDArray grown = Nd4j.createUninitialized(DataType.FLOAT, c);
            array = grown;
            view = grown.data().asNioFloat();
            base = limited(grown, c);
            capacity = c;
        }
        return this;
    }

    /** Number of floats the buffer holds (0 before the first {@link #ensure}). */
    long capacity() {
        return capacity;
    }

    /**
     * The direct view of the whole buffer, for absolute bulk reads and writes.
     *
     * @throws IllegalStateException before the first {@link #ensure}
     */
    FloatBuffer view() {
        checkAllocated();
        return view;
    }

    /**
     * A new pointer to element {@code offset}, limited to the buffer's capacity.
     *
     * @throws IllegalStateException before the first {@link #ensure}
     * @throws IllegalArgumentException unless {@code 0 <= offset <= capacity()}
     */
    FloatPointer at(long offset) {
        checkAllocated();
        if (offset < 0 || offset > capacity) {
            throw new IllegalArgumentException("offset must be in [0, " + capacity + "], got " + offset);
        }
        return new FloatPointer(base).position(offset);
    }

    private void checkAllocated() {
        if (array == null) {
            throw new IllegalStateException("native buffer used before ensure(n) allocated it");
        }
    }

    /**
     * A new pointer to element {@code offset} of {@code array}, limited to its length. The caller
     * keeps {@code array} reachable while the pointer is in use.
     *
     * @param array a FLOAT, 'c'-ordered array owning its buffer from element 0 (not a view)
     * @throws IllegalArgumentException if {@code array} is not such an array or {@code offset} is
     *     outside {@code [0, array.length()]}
     */
    static FloatPointer pointerTo(INDArray array, long offset) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView() || array.offset() != 0
                || array.data().length() < array.length()) {
            throw new IllegalArgumentException("BLAS operand must be a FLOAT 'c' array owning its buffer, got "
                    + array.dataType() + " '" + array.ordering() + "'" + (array.isView() ? " view" : "")
                    + " at offset " + array.offset());
        }
        long length = array.length();
        if (offset < 0 || offset > length) {
            throw new IllegalArgumentException("offset must be in [0, " + length + "], got " + offset);
        }
        return limited(array, length).position(offset);
    }

    /** A pointer to the first {@code length} floats of {@code array}'s buffer, its limit set to them. */
    private static FloatPointer limited(INDArray array, long length) {
        FloatPointer p = new FloatPointer(array.data().addressPointer());
        p.capacity(length);
        p.limit(length);
        return p;
    }
}
