package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterTest {

    @Test
    void holdsAContiguousFloatCopy() {
        INDArray source = Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}}).transpose(); // a 'f' view, DOUBLE
        Parameter p = Parameter.dense("w", source);
        assertEquals(DataType.FLOAT, p.value().dataType());
        assertEquals('c', p.value().ordering());
        assertFalse(p.value().isView());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Batches.floats(p.value()), 0f);
        p.value().addi(1);
        assertEquals(1.0, source.getDouble(0, 0));
        assertArrayEquals(new long[] {3, 2}, p.gradient().shape());
        assertEquals(0.0, p.gradient().sumNumber().doubleValue());
        assertEquals(6, p.length());
    }

    @Test
    void rowGradientsReplaceEachOther() {
        Parameter p = Parameter.rowSparse("t", Nd4j.zeros(DataType.FLOAT, 4, 2));
        p.setRowGradients(new int[] {0, 3}, 2, new float[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {0, 3}, p.touchedRows());
        p.setRowGradients(new int[] {1}, 1, new float[] {5, 6});
        assertArrayEquals(new float[] {0, 0, 5, 6, 0, 0, 0, 0}, Batches.floats(p.gradient()), 0f);
        assertArrayEquals(new int[] {1}, p.touchedRows());
        p.setTrainable(false);
        assertEquals(0.0, p.gradient().sumNumber().doubleValue());
        assertEquals(0, p.touchedRows().length);
        assertTrue(p.toString().contains("frozen"));
    }

    @Test
    @SuppressWarnings("deprecation")
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> Parameter.dense(" ", Nd4j.ones(DataType.FLOAT, 2)));
        assertThrows(IllegalArgumentException.class, () -> Parameter.dense("w", Nd4j.ones(DataType.FLOAT, 2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Parameter.dense("w", Nd4j.ones(DataType.INT, 2)));
        assertThrows(IllegalArgumentException.class, () -> Parameter.rowSparse("t", Nd4j.ones(DataType.FLOAT, 2)));
        INDArray nan = Nd4j.ones(DataType.FLOAT, 3);
        nan.putScalar(2, Float.NaN);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Parameter.dense("w", nan));
        assertTrue(ex.getMessage().contains("w must hold finite values, found NaN at flat index 2"), ex.getMessage());
    }
}
