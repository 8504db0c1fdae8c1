package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FactorizedEmbeddingTest {

    private static final float FLOAT_TOL = 1e-5f;

    /** A = [[1, 0], [0, 1], [1, 1]] (3 x 2), B = [[1, 2, 3], [4, 5, 6]] (2 x 3). */
    private static FactorizedEmbedding small() {
        INDArray a = Nd4j.create(new float[] {1, 0, 0, 1, 1, 1}, new long[] {3, 2}, DataType.FLOAT);
        INDArray b = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.FLOAT);
        return FactorizedEmbedding.of(a, b);
    }

    @Test
    void forwardIsRowOfATimesB() {
        FactorizedEmbedding e = small();
        TokenBatch batch = Batches.of(new int[][] {{2, 0, 77}, {1, -3, -3}}, new int[] {2, 1}, null);
        // A[2] B = (5, 7, 9); A[0] B = (1, 2, 3); A[1] B = (4, 5, 6).
        assertArrayEquals(new float[] {5, 7, 9, 1, 2, 3, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0},
                Batches.floats(e.forward(batch)), FLOAT_TOL);
        assertEquals(2, e.rank());
        assertEquals(3, e.vocabularySize());
        assertEquals(3, e.dimension());
    }

    @Test
    void meanPoolEqualsMeanOfForwardRows() {
        FactorizedEmbedding e = small();
        TokenBatch batch = Batches.of(new int[][] {{2, 0, 1}, {1, 1, 0}, {0, 0, 0}}, new int[] {3, 2, 0}, null);
        // (5+1+4, 7+2+5, 9+3+6) / 3 and A[1] B; the empty sequence gives zeros.
        assertArrayEquals(new float[] {10f / 3, 14f / 3, 6, 4, 5, 6, 0, 0, 0},
                Batches.floats(e.meanPool(batch)), FLOAT_TOL);
    }

    @Test
    void backwardByHand() {
        FactorizedEmbedding e = small();
        TokenBatch batch = Batches.of(new int[][] {{2, 2}, {0, 5}}, new int[] {2, 1}, null);
        float[] g = {1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9};
        e.backward(batch, Nd4j.create(g, new long[] {2, 2, 3}, DataType.FLOAT));
        // dB = A[2]^T (1,0,0) + A[2]^T (0,1,0) + A[0]^T (0,0,1) = [[1,1,1],[1,1,0]].
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0}, Batches.floats(e.b().gradient()), FLOAT_TOL);
        // dA[2] = (1,0,0) B^T + (0,1,0) B^T = (1,4) + (2,5) = (3, 9); dA[0] = (0,0,1) B^T = (3, 6).
        assertArrayEquals(new float[] {3, 6, 0, 0, 3, 9}, Batches.floats(e.a().gradient()), FLOAT_TOL);
        assertArrayEquals(new int[] {0, 2}, e.a().touchedRows());
    }

    @Test
    void gradientsMatchFiniteDifferencesOnBothPaths() {
        SplittableRandom rng = new SplittableRandom(5);
        int vocab = 5;
        int r = 2;
        int d = 3;
        FactorizedEmbedding e = FactorizedEmbedding.of(Batches.uniform(vocab, r, 1.0, rng),
                Batches.uniform(r, d, 1.0, rng));
        int[] lengths = {5, 3, 0, 5};
        int[][] ids = Batches.randomIds(lengths, 5, vocab, 1000, rng);
        ids[0][0] = ids[0][2] = ids[0][4] = 1; // duplicates
        ids[3][1] = 1;
        TokenBatch batch = Batches.of(ids, lengths, null);
        Reference.Lookup lookup = Reference.factorized(r, d);
        INDArray w = Batches.uniform(4 * 5, d, 1.0, rng).reshape('c', 4, 5, d);
        double[] wd = GradientCheck.toDouble(w);
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(),
                theta -> FullEmbeddingTest.sequenceLoss(theta, lookup, ids, lengths, wd, d));
        INDArray wp = Batches.uniform(4, d, 1.0, rng);
        double[] wpd = GradientCheck.toDouble(wp);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(),
                theta -> FullEmbeddingTest.pooledLoss(theta, lookup, ids, lengths, wpd, d));
    }

    @Test
    void eitherFactorCanBeFrozen() {
        SplittableRandom rng = new SplittableRandom(8);
        FactorizedEmbedding e = FactorizedEmbedding.of(Batches.uniform(4, 2, 1.0, rng), Batches.uniform(2, 3, 1.0, rng));
        int[] lengths = {3, 2};
        int[][] ids = Batches.randomIds(lengths, 3, 4, 0, rng);
        TokenBatch batch = Batches.of(ids, lengths, null);
        Reference.Lookup lookup = Reference.factorized(2, 3);
        INDArray wp = Batches.uniform(2, 3, 1.0, rng);
        double[] wpd = GradientCheck.toDouble(wp);
        INDArray w = Batches.uniform(6, 3, 1.0, rng).reshape('c', 2, 3, 3);
        double[] wd = GradientCheck.toDouble(w);

        e.a().setTrainable(false);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(), theta -> FullEmbeddingTest.pooledLoss(theta, lookup, ids, lengths, wpd, d3()));
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(), theta -> FullEmbeddingTest.sequenceLoss(theta, lookup, ids, lengths, wd, d3()));
        assertEquals(0, e.a().touchedRows().length);

        e.a().setTrainable(true);
        e.b().setTrainable(false);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(), theta -> FullEmbeddingTest.pooledLoss(theta, lookup, ids, lengths, wpd, d3()));
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(), theta -> FullEmbeddingTest.sequenceLoss(theta, lookup, ids, lengths, wd, d3()));

        e.a().setTrainable(false);
        assertFalse(e.requiresGradient());
    }

    private static int d3() {
        return 3;
    }

    @Test
    void allEmptySequencesGiveZeroOutputAndGradient() {
        FactorizedEmbedding e = small();
        TokenBatch batch = Batches.of(new int[][] {{-1, -1}, {-1, -1}}, new int[] {0, 0}, null);
        assertEquals(0.0, e.forward(batch).sumNumber().doubleValue());
        assertEquals(0.0, e.meanPool(batch).sumNumber().doubleValue());
        e.backward(Batches.of(new int[][] {{0, 1}}, new int[] {2}, null), Nd4j.ones(DataType.FLOAT, 1, 2, 3));
        e.backward(batch, Nd4j.ones(DataType.FLOAT, 2, 2, 3));
        assertEquals(0.0, e.a().gradient().sumNumber().doubleValue());
        assertEquals(0.0, e.b().gradient().sumNumber().doubleValue());
    }

    @Test
    void rankEqualToDimensionAndOneByOne() {
        INDArray a = Nd4j.create(new float[] {2}, new long[] {1, 1}, DataType.FLOAT);
        INDArray b = Nd4j.create(new float[] {3}, new long[] {1, 1}, DataType.FLOAT);
        FactorizedEmbedding e = FactorizedEmbedding.of(a, b);
        TokenBatch batch = Batches.of(new int[][] {{0}}, new int[] {1}, null);
        assertEquals(6f, e.forward(batch).getFloat(0, 0, 0));
        assertEquals(6f, e.meanPool(batch).getFloat(0, 0));
    }

    @Test
    void rejectsMismatchedFactors() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> FactorizedEmbedding.of(Nd4j.ones(DataType.FLOAT, 4, 2), Nd4j.ones(DataType.FLOAT, 3, 5)));
        assertTrue(ex.getMessage().contains("a has 2 columns but b has 3 rows"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FactorizedEmbedding.of(Nd4j.ones(DataType.FLOAT, 4), Nd4j.ones(DataType.FLOAT, 3, 5)));
        INDArray inf = Nd4j.ones(DataType.FLOAT, 2, 2);
        inf.putScalar(0, 1, Float.POSITIVE_INFINITY);
        assertThrows(IllegalArgumentException.class, () -> FactorizedEmbedding.of(Nd4j.ones(DataType.FLOAT, 4, 2), inf));
    }
}
