package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrunedEmbeddingTest {

    @Test
    void unkMapKeepsRowsInOrderAndSharesTheLastRow() {
        int[] map = PrunedEmbedding.unkMap(new boolean[] {true, false, true, false, false});
        assertArrayEquals(new int[] {0, 2, 1, 2, 2}, map);
        INDArray rows = Nd4j.create(new float[] {1, 2, 3, 4, 0, 0}, new long[] {3, 2}, DataType.FLOAT);
        PrunedEmbedding e = PrunedEmbedding.of(map, FullEmbedding.of(rows));
        assertEquals(5, e.vocabularySize());
        assertEquals(1, e.mapBytes()); // 5 bits
        TokenBatch batch = Batches.of(new int[][] {{2, 1, 0}}, new int[] {2}, null);
        assertArrayEquals(new float[] {3, 4, 0, 0, 0, 0}, Batches.floats(e.forward(batch)), 1e-6f);
        assertArrayEquals(new float[] {1.5f, 2}, Batches.floats(e.meanPool(batch)), 1e-6f);
        assertArrayEquals(new float[] {1, 2, 0, 0, 3, 4, 0, 0, 0, 0}, Batches.floats(e.toMatrix()), 1e-6f);
        PrunedEmbedding general = PrunedEmbedding.of(new int[] {0, 0, 2, 1, 2}, FullEmbedding.of(rows));
        assertEquals(2, general.mapBytes()); // 5 x 2 bits
        assertThrows(IllegalArgumentException.class, () -> PrunedEmbedding.unkMap(new boolean[] {true}));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> PrunedEmbedding.of(new int[] {0, 3}, FullEmbedding.of(rows)));
        assertTrue(ex.getMessage().contains("rowOf[1]") && ex.getMessage().contains("got 3"), ex.getMessage());
    }

    @Test
    void gradientsReachTheSharedRows() {
        SplittableRandom rng = new SplittableRandom(4);
        int[] map = {0, 3, 1, 3, 2, 3};
        int k = 4;
        int d = 3;
        PrunedEmbedding e = PrunedEmbedding.of(map, FullEmbedding.of(Batches.uniform(k, d, 1.0, rng)));
        int[] lengths = {4, 2, 0};
        int[][] ids = Batches.randomIds(lengths, 4, map.length, 77, rng);
        TokenBatch batch = Batches.of(ids, lengths, null);
        Reference.Lookup inner = Reference.full(d);
        Reference.Lookup lookup = (theta, id) -> inner.row(theta, map[id]);
        INDArray w = Batches.uniform(3 * 4, d, 1.0, rng).reshape('c', 3, 4, d);
        double[] wd = GradientCheck.toDouble(w);
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(),
                th -> FullEmbeddingTest.sequenceLoss(th, lookup, ids, lengths, wd, d));
        INDArray wp = Batches.uniform(3, d, 1.0, rng);
        double[] wpd = GradientCheck.toDouble(wp);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(),
                th -> FullEmbeddingTest.pooledLoss(th, lookup, ids, lengths, wpd, d));
    }
}
