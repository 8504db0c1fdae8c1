package dev.lore.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A growable off-heap float buffer for matrix products: an ND4J array (which owns the memory),
 * a direct {@link FloatBuffer} view for bulk copies from Java, and a pointer for BLAS. Reused
 * across iterations so a training step allocates nothing once sizes have settled.
 */
final class NativeBuffer {

    private INDArray array;
    private FloatBuffer view;
    private FloatPointer pointer;
    private long capacity;

    /** Makes room for {@code n} floats (at least one); contents are undefined after growing. */
    NativeBuffer ensure(long n) {
        n = Math.max(1, n);
        if (n > capacity) {
            long c = Math.max(n, capacity + capacity / 2);
            if (c > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("buffer of " + n + " floats exceeds 2^31-1");
            }
            array = Nd4j.createUninitialized(DataType.FLOAT, c);
            view = array.data().asNioFloat();
            pointer = new FloatPointer(array.data().addressPointer());
            capacity = c;
        }
        return this;
    }

    FloatBuffer view() {
        return view;
    }

    /** The pointer moved to element {@code offset}; valid until the next call. */
    FloatPointer at(long offset) {
        return pointer.position(offset);
    }

    /** A pointer to element {@code offset} of a contiguous 'c' FLOAT array. */
    static FloatPointer pointerTo(INDArray array, long offset) {
        assert array.dataType() == DataType.FLOAT && array.ordering() == 'c' && array.offset() == 0;
        return new FloatPointer(array.data().addressPointer()).position(offset);
    }
}
