package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Failing preconditions of native memory are exceptions, never a crash or a silent overrun. */
class NativeBufferTest {

    @Test
    void useBeforeAllocationIsAnIllegalState() {
        NativeBuffer b = new NativeBuffer();
        assertThrows(IllegalStateException.class, () -> b.at(0));
        assertThrows(IllegalStateException.class, b::view);
    }

    @Test
    void offsetsOutsideTheBufferAreRejected() {
        NativeBuffer b = new NativeBuffer().ensure(10);
        assertEquals(10, b.capacity());
        assertThrows(IllegalArgumentException.class, () -> b.at(-1));
        assertThrows(IllegalArgumentException.class, () -> b.at(11));
        assertThrows(IllegalArgumentException.class, () -> b.ensure(-1));
        assertThrows(IllegalArgumentException.class, () -> b.ensure(1L << 31));
        assertEquals(10, b.at(10).position(), "one past the end is a valid empty range");
    }

    @Test
    void eachPointerIsNewAndPositionedForItsUse() {
        NativeBuffer b = new NativeBuffer().ensure(8);
        FloatPointer p = b.at(3);
        FloatPointer q = b.at(5);
        assertNotSame(p, q);
        assertEquals(3, p.position(), "a later pointer does not move an earlier one");
        assertEquals(5, q.position());
        assertEquals(8, p.limit());
        b.view().put(3, 7f);
        assertEquals(7f, p.get(0));
    }

    @Test
    void onlyPlainFloatArraysArePointedTo() {
        INDArray m = Nd4j.create(DataType.FLOAT, 3, 4);
        assertEquals(12, NativeBuffer.pointerTo(m, 0).limit());
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.pointerTo(m, 13));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.pointerTo(m, -1));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.pointerTo(Nd4j.create(DataType.DOUBLE, 3, 4), 0));
        assertThrows(IllegalArgumentException.class,
                () -> NativeBuffer.pointerTo(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f'), 0));
        IllegalArgumentException view = assertThrows(IllegalArgumentException.class,
                () -> NativeBuffer.pointerTo(m.getRow(1), 0));
        assertTrue(view.getMessage().contains("view"), view.getMessage());
    }

    @Test
    void aProductBeyondItsOperandsIsRejectedBeforeBlasRuns() {
        NativeBuffer a = new NativeBuffer().ensure(6);
        NativeBuffer b = new NativeBuffer().ensure(6);
        NativeBuffer c = new NativeBuffer().ensure(4);
        a.view().put(0, new float[] {1, 2, 3, 4, 5, 6});
        b.view().put(0, new float[] {1, 0, 0, 1, 1, 1});
        Blas.gemm(false, false, 2, 2, 3, 1f, a.at(0), 3, b.at(0), 2, 0f, c.at(0), 2);
        float[] out = new float[4];
        c.view().get(0, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {4, 5, 10, 11}, out);
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(false, false, 2, 2, 3, 1f, a.at(1), 3, b.at(0), 2, 0f, c.at(0), 2));
        assertTrue(past.getMessage().startsWith("A (2 x 3, stride 3) needs 6 floats, its pointer has 5"), past.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(false, false, 3, 2, 3, 1f, a.at(0), 3, b.at(0), 2, 0f, c.at(0), 2));
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(true, false, 2, 2, 3, 1f, a.at(0), 1, b.at(0), 2, 0f, c.at(0), 2));
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(false, false, -1, 2, 3, 1f, a.at(0), 3, b.at(0), 2, 0f, c.at(0), 2));
        Blas.gemm(false, false, 0, 2, 3, 1f, a.at(6), 3, b.at(0), 2, 0f, c.at(4), 2); // empty: nothing to check
    }
}
