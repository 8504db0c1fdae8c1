package dev.lore.nn;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks and buffer access for the arrays that cross the public API. */
final class Tensors {

    private Tensors() {
    }

    /**
     * Copies the elements of {@code array}, in 'c' order, into {@code reuse} (or a new array if it
     * is too small) and returns it.
     *
     * @throws IllegalArgumentException unless {@code array} is FLOAT with exactly {@code shape}
     */
    static float[] toHeap(INDArray array, String name, float[] reuse, long... shape) {
        checkShape(array, name, shape);
        int n = (int) array.length();
        float[] dst = reuse != null && reuse.length >= n ? reuse : new float[n];
        INDArray c = contiguous(array);
        c.data().asNioFloat().get(0, dst, 0, n);
        Reference.reachabilityFence(c);
        return dst;
    }

    /** @throws IllegalArgumentException unless {@code array} is FLOAT with exactly {@code shape} */
    static void checkShape(INDArray array, String name, long... shape) {
        Objects.requireNonNull(array, name);
        if (array.dataType() != DataType.FLOAT || !Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException(name + " must be FLOAT " + Arrays.toString(shape)
                    + ", got " + array.dataType() + " " + Arrays.toString(array.shape()));
        }
    }

    /** {@code array} itself if it is a plain 'c' array owning its buffer, else a 'c' copy. */
    static INDArray contiguous(INDArray array) {
        boolean plain = !array.isView() && array.ordering() == 'c' && array.offset() == 0
                && array.data().length() == array.length();
        return plain ? array : array.dup('c');
    }

    /** {@code current} if it already has {@code shape}, else a new FLOAT 'c' array of that shape. */
    static INDArray reuse(INDArray current, long... shape) {
        if (current != null && Arrays.equals(current.shape(), shape)) {
            return current;
        }
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    /** Row {@code row} of a row-major {@code [*, columns]} buffer, copied into {@code dst}. */
    static void getRow(FloatBuffer src, int row, int columns, float[] dst) {
        src.get(row * columns, dst, 0, columns);
    }

    static float[][] matrix(int rows, int columns, float[][] current) {
        if (current != null && current.length >= rows && (rows == 0 || current[0].length == columns)) {
            return current;
        }
        return new float[Math.max(rows, current == null ? 0 : current.length)][columns];
    }
}
