package dev.lore.linalg;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Direct access to the OpenBLAS/LAPACK library that ND4J's CPU backend loads (the same
 * {@code org.bytedeco.openblas} binding ND4J calls), on the memory of ND4J arrays.
 *
 * <p>Why not ND4J's wrappers: {@code Level3.syrk} returns wrong results for a 'c'-ordered input,
 * {@code castTo(DOUBLE)} runs at about 30 M values/s, and each wrapper call costs tens of
 * microseconds; none of that matters here once the calls go straight to OpenBLAS.
 */
final class NativeBlas {

    static final int ROW_MAJOR = openblas.CblasRowMajor;
    static final int COL_MAJOR = openblas.CblasColMajor;
    static final int NO_TRANS = openblas.CblasNoTrans;
    static final int TRANS = openblas.CblasTrans;
    static final int UPPER = openblas.CblasUpper;
    static final int LAPACK_ROW_MAJOR = openblas.LAPACK_ROW_MAJOR;
    static final int LAPACK_COL_MAJOR = openblas.LAPACK_COL_MAJOR;

    private NativeBlas() {}

    /**
     * {@code m} itself if it is a contiguous 'c'-ordered FLOAT matrix starting at offset 0 of its
     * buffer, else such a copy.
     *
     * @throws IllegalArgumentException if {@code m} is not a non-empty 2-d matrix
     */
    static INDArray contiguousFloat(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("matrix must be 2-d, got rank " + m.rank());
        }
        if (m.rows() < 1 || m.columns() < 1) {
            throw new IllegalArgumentException("matrix must be at least 1 x 1, got " + m.rows() + " x " + m.columns());
        }
        boolean direct = m.dataType() == DataType.FLOAT && m.ordering() == 'c' && !m.isView()
                && m.offset() == 0 && m.data().length() == m.length();
        return direct ? m : m.castTo(DataType.FLOAT).dup('c');
    }

    /** A new zeroed 'c'-ordered FLOAT matrix. */
    static INDArray floatMatrix(long rows, long cols) {
        return Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    }

    /** The native memory of an array made by {@link #contiguousFloat} or {@link #floatMatrix}. */
    static FloatPointer pointer(INDArray m) {
        return (FloatPointer) m.data().addressPointer();
    }

    /** A pointer to element {@code index} of {@code base} (which is not moved). */
    static FloatPointer at(FloatPointer base, long index) {
        return new FloatPointer(base).position(base.position() + index);
    }

    /** A direct view of the values of an array made by {@link #contiguousFloat} or {@link #floatMatrix}. */
    static FloatBuffer buffer(INDArray m) {
        return m.data().asNioFloat();
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the first non-finite entry of {@code m},
     * or, if every entry is finite, saying the values overflow float arithmetic.
     */
    static IllegalArgumentException nonFinite(INDArray m) {
        FloatBuffer b = buffer(m);
        long cols = m.columns();
        for (int i = 0; i < b.limit(); i++) {
            float v = b.get(i);
            if (!Float.isFinite(v)) {
                return new IllegalArgumentException("matrix[" + (i / cols) + "][" + (i % cols)
                        + "] must be finite, got " + v);
            }
        }
        return new IllegalArgumentException("matrix values are too large: their squares overflow float");
    }

    /** Checks a LAPACK return code. */
    static void checkInfo(String routine, int info) {
        if (info != 0) {
            throw new IllegalStateException(routine + " failed with info = " + info);
        }
    }
}
