package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FullEmbeddingTest {

    private static final float EXACT = 0f;
    /** Float rounding on values up to about 30. */
    private static final float FLOAT_TOL = 1e-5f;

    /** Rows 0..3 of a 4 x 2 table: row k = (k, 10 k). */
    private static INDArray table() {
        return Nd4j.create(new float[] {0, 0, 1, 10, 2, 20, 3, 30}, new long[] {4, 2}, DataType.FLOAT);
    }

    @Test
    void forwardLooksUpRowsAndZeroesPadding() {
        FullEmbedding e = FullEmbedding.of(table());
        // Padding ids are invalid on purpose: they must never be read.
        TokenBatch batch = Batches.of(new int[][] {{3, 1, -7}, {2, 99, 99}}, new int[] {2, 1}, null);
        float[] out = Batches.floats(e.forward(batch));
        assertArrayEquals(new float[] {3, 30, 1, 10, 0, 0, 2, 20, 0, 0, 0, 0}, out, EXACT);
    }

    @Test
    void meanPoolAveragesRealTokensAndGivesZeroForEmptySequences() {
        FullEmbedding e = FullEmbedding.of(table());
        TokenBatch batch = Batches.of(new int[][] {{3, 1, 1}, {0, 0, 0}, {2, 2, 2}},
                new int[] {3, 0, 1}, null);
        float[] out = Batches.floats(e.meanPool(batch));
        assertArrayEquals(new float[] {5f / 3, 50f / 3, 0, 0, 2, 20}, out, FLOAT_TOL);
    }

    @Test
    void rejectsOutOfRangeRealIds() {
        FullEmbedding e = FullEmbedding.of(table());
        TokenBatch batch = Batches.of(new int[][] {{1, 4}}, new int[] {2}, null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.forward(batch));
        assertTrue(ex.getMessage().contains("ids[0][1] must be in [0, 4), got 4"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.meanPool(
                Batches.of(new int[][] {{-1}}, new int[] {1}, null)));
    }

    @Test
    void backwardSumsDuplicateIdsAndIgnoresPadding() {
        FullEmbedding e = FullEmbedding.of(table());
        TokenBatch batch = Batches.of(new int[][] {{1, 3, 1}, {1, 0, 0}}, new int[] {3, 1}, null);
        // dL/d out[i][t] = (i + 1, t + 1); padding entries are non-zero and must be ignored.
        float[] g = {1, 1, 1, 2, 1, 3, 2, 1, 2, 2, 2, 3};
        e.backward(batch, Nd4j.create(g, new long[] {2, 3, 2}, DataType.FLOAT));
        // Row 1: (1,1) + (1,3) + (2,1) = (4,5); row 3: (1,2).
        assertArrayEquals(new float[] {0, 0, 4, 5, 0, 0, 1, 2}, Batches.floats(e.table().gradient()), EXACT);
        assertArrayEquals(new int[] {1, 3}, e.table().touchedRows());
    }

    @Test
    void meanPoolBackwardScalesByLength() {
        FullEmbedding e = FullEmbedding.of(table());
        TokenBatch batch = Batches.of(new int[][] {{2, 2, 0, 9}, {1, 9, 9, 9}, {3, 3, 3, 3}},
                new int[] {3, 1, 0}, null);
        float[] g = {3, 6, 1, -1, 100, 100};
        e.meanPoolBackward(batch, Nd4j.create(g, new long[] {3, 2}, DataType.FLOAT));
        // Row 2 appears twice in a length-3 sequence: 2/3 (3, 6); row 0 once: 1/3 (3, 6); row 1: (1, -1).
        assertArrayEquals(new float[] {1, 2, 1, -1, 2, 4, 0, 0}, Batches.floats(e.table().gradient()), FLOAT_TOL);
        assertArrayEquals(new int[] {0, 1, 2}, e.table().touchedRows());
    }

    @Test
    void secondBackwardLeavesNoStaleRows() {
        FullEmbedding e = FullEmbedding.of(table());
        e.backward(Batches.of(new int[][] {{0, 1}}, new int[] {2}, null), Nd4j.ones(DataType.FLOAT, 1, 2, 2));
        e.backward(Batches.of(new int[][] {{3, 1}}, new int[] {1}, null), Nd4j.ones(DataType.FLOAT, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 1}, Batches.floats(e.table().gradient()), EXACT);
        assertArrayEquals(new int[] {3}, e.table().touchedRows());
    }

    @Test
    void frozenTableGetsNoGradient() {
        FullEmbedding e = FullEmbedding.of(table());
        e.table().setTrainable(false);
        assertFalse(e.requiresGradient());
        e.backward(Batches.of(new int[][] {{0, 1}}, new int[] {2}, null), Nd4j.ones(DataType.FLOAT, 1, 2, 2));
        assertEquals(0.0, e.table().gradient().sumNumber().doubleValue());
        assertEquals(0, e.table().touchedRows().length);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        int vocab = 6;
        int d = 3;
        FullEmbedding e = FullEmbedding.of(Batches.uniform(vocab, d, 1.0, rng));
        int[] lengths = {4, 0, 2, 4};
        int[][] ids = Batches.randomIds(lengths, 4, vocab, -1, rng);
        ids[0][1] = ids[0][3]; // a duplicate within a sequence
        TokenBatch batch = Batches.of(ids, lengths, null);
        INDArray w = Batches.uniform(4 * 4, d, 1.0, rng).reshape('c', 4, 4, d);
        double[] wd = GradientCheck.toDouble(w);
        Reference.Lookup lookup = Reference.full(d);
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(), theta -> sequenceLoss(theta, lookup, ids, lengths, wd, d));
        INDArray wp = Batches.uniform(4, d, 1.0, rng);
        double[] wpd = GradientCheck.toDouble(wp);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(), theta -> pooledLoss(theta, lookup, ids, lengths, wpd, d));
    }

    /** {@code sum_{i, t < len} w[i][t] . E[ids[i][t]]}. */
    static double sequenceLoss(Map<String, double[]> theta, Reference.Lookup lookup, int[][] ids,
            int[] lengths, double[] w, int d) {
        int seqLen = ids[0].length;
        double s = 0;
        for (int i = 0; i < ids.length; i++) {
            for (int t = 0; t < lengths[i]; t++) {
                double[] row = lookup.row(theta, ids[i][t]);
                for (int c = 0; c < d; c++) {
                    s += w[(i * seqLen + t) * d + c] * row[c];
                }
            }
        }
        return s;
    }

    /** {@code sum_i w[i] . meanPool[i]}. */
    static double pooledLoss(Map<String, double[]> theta, Reference.Lookup lookup, int[][] ids,
            int[] lengths, double[] w, int d) {
        double s = 0;
        for (int i = 0; i < ids.length; i++) {
            double[] x = Reference.meanEmbedding(theta, lookup, ids[i], lengths[i], d);
            for (int c = 0; c < d; c++) {
                s += w[i * d + c] * x[c];
            }
        }
        return s;
    }

    @Test
    void manyDistinctRowsAccumulate() {
        int vocab = 1000;
        float[] values = new float[vocab];
        FullEmbedding e = FullEmbedding.of(Nd4j.create(values, new long[] {vocab, 1}, DataType.FLOAT));
        int[][] ids = new int[3][300];
        int[] lengths = {300, 300, 250};
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 300; t++) {
                ids[i][t] = (i * 300 + t) % vocab; // 850 distinct rows, rows 0..849
            }
        }
        TokenBatch batch = Batches.of(ids, lengths, null);
        e.backward(batch, Nd4j.ones(DataType.FLOAT, 3, 300, 1));
        float[] g = Batches.floats(e.table().gradient());
        for (int r = 0; r < vocab; r++) {
            assertEquals(r < 850 ? 1f : 0f, g[r], EXACT, "row " + r);
        }
        assertEquals(850, e.table().touchedRows().length);
    }

    @Test
    void copiesItsInputAndAcceptsEmbeddings() {
        INDArray t = table();
        FullEmbedding e = FullEmbedding.of(t);
        e.table().value().addi(1);
        assertEquals(0f, t.getFloat(0, 0));
        WordVectors emb = new WordVectors(Vocabulary.of("a", "b", "c", "d"), table());
        FullEmbedding f = FullEmbedding.of(emb);
        assertEquals(4, f.vocabularySize());
        assertEquals(2, f.dimension());
        assertEquals(1, f.parameters().size());
        assertTrue(f.table().isRowSparse());
    }

    @Test
    void rejectsBadTablesAndGradientShapes() {
        assertThrows(IllegalArgumentException.class, () -> FullEmbedding.of(Nd4j.create(DataType.FLOAT, 2, 2, 2)));
        INDArray nan = table();
        nan.putScalar(1, 1, Float.NaN);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FullEmbedding.of(nan));
        assertTrue(ex.getMessage().contains("finite"), ex.getMessage());
        FullEmbedding e = FullEmbedding.of(table());
        TokenBatch batch = Batches.of(new int[][] {{0, 1}}, new int[] {2}, null);
        assertThrows(IllegalArgumentException.class, () -> e.backward(batch, Nd4j.ones(DataType.FLOAT, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> e.meanPoolBackward(batch, Nd4j.ones(DataType.DOUBLE, 1, 2)));
    }
}
