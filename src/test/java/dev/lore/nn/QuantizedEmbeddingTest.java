package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class QuantizedEmbeddingTest {

    private static final float FLOAT_TOL = 1e-6f;

    @Test
    void looksUpDequantizedRows() {
        SplittableRandom rng = new SplittableRandom(2);
        QuantizedMatrix q = QuantizedMatrix.quantize(Batches.uniform(5, 3, 1.0, rng), QuantizationConfig.perRow(4));
        float[] table = Batches.floats(q.dequantize());
        QuantizedEmbedding e = QuantizedEmbedding.of(q);
        TokenBatch batch = Batches.of(new int[][] {{4, 0, -2}, {2, 2, 2}}, new int[] {2, 3}, null);
        float[] out = Batches.floats(e.forward(batch));
        float[] expected = new float[18];
        int[][] ids = {{4, 0}, {2, 2, 2}};
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < ids[i].length; t++) {
                System.arraycopy(table, ids[i][t] * 3, expected, (i * 3 + t) * 3, 3);
            }
        }
        assertArrayEquals(expected, out, 0f);
        float[] pooled = Batches.floats(e.meanPool(batch));
        for (int c = 0; c < 3; c++) {
            assertEquals((table[12 + c] + table[c]) / 2, pooled[c], FLOAT_TOL);
            assertEquals(table[6 + c], pooled[3 + c], FLOAT_TOL);
        }
    }

    @Test
    void hasNothingToTrain() {
        QuantizedMatrix q = QuantizedMatrix.quantize(Nd4j.ones(DataType.FLOAT, 3, 2), QuantizationConfig.perMatrix(8));
        QuantizedEmbedding e = QuantizedEmbedding.of(q);
        assertEquals(0, e.parameters().size());
        assertFalse(e.requiresGradient());
        TokenBatch batch = Batches.of(new int[][] {{0, 1}}, new int[] {2}, null);
        e.backward(batch, Nd4j.ones(DataType.FLOAT, 1, 2, 2));
        e.meanPoolBackward(batch, Nd4j.ones(DataType.FLOAT, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> e.backward(batch, Nd4j.ones(DataType.FLOAT, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> e.forward(Batches.of(new int[][] {{3}}, new int[] {1}, null)));
    }
}
