package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import dev.lore.quant.QuantizationConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class CompressedEmbeddingTest {

    private static CompressedEmbedding handMade() {
        // A = [[1,2],[3,4],[0,1]], B = [[1,0,1],[0,1,1]]: rows of A B are [1,2,3], [3,4,7], [0,1,1].
        return CompressedEmbedding.lowRank(Vocabulary.of("a", "b", "c"),
                StoredMatrix.of(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {0, 1}})),
                StoredMatrix.of(Nd4j.createFromArray(new float[][] {{1, 0, 1}, {0, 1, 1}})),
                new double[] {5, 1}, Fixtures.provenance());
    }

    @Test
    void lookupMultipliesTheFactors() {
        CompressedEmbedding e = handMade();
        assertArrayEquals(new float[] {3, 4, 7}, e.lookup("b").orElseThrow());
        assertArrayEquals(new float[] {0, 1, 1}, e.vector(2));
        assertTrue(e.lookup("zzz").isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> e.vector(3));
    }

    @Test
    void reconstructGivesEveryRow() {
        WordVectors r = handMade().reconstruct();
        assertEquals(Vocabulary.of("a", "b", "c"), r.vocabulary());
        assertEquals('c', r.matrix().ordering());
        assertArrayEquals(new float[] {1, 2, 3, 3, 4, 7, 0, 1, 1}, r.matrix().data().asFloat());
    }

    @Test
    void shapeFigures() {
        CompressedEmbedding e = handMade();
        assertEquals(CompressedEmbedding.Kind.LOW_RANK, e.kind());
        assertEquals(3, e.size());
        assertEquals(3, e.dimension());
        assertEquals(2, e.rank());
        assertEquals(2 * (3 + 3), e.parameterCount());
        assertEquals(4 * 12, e.matrixBytes());
        CompressedEmbedding d = Fixtures.dense();
        assertEquals(CompressedEmbedding.Kind.DENSE, d.kind());
        assertEquals(0, d.rank());
        assertEquals(12, d.parameterCount());
        assertTrue(d.b().isEmpty());
    }

    @Test
    void quantizedFactorsAreDequantizedForLookups() {
        CompressedEmbedding e = Fixtures.lowRankQuantized(QuantizationConfig.perRow(4));
        float[] a = e.a().toFloat().data().asFloat();
        float[] b = e.b().orElseThrow().toFloat().data().asFloat();
        for (int i = 0; i < 5; i++) {
            float[] v = e.vector(i);
            for (int j = 0; j < 4; j++) {
                double expected = (double) a[i * 2] * b[j] + (double) a[i * 2 + 1] * b[4 + j];
                assertEquals(expected, v[j], 1e-6);
            }
        }
        assertArrayEquals(e.vector(3), e.reconstruct().matrix().getRow(3).toFloatVector(), 1e-6f);
    }

    @Test
    void inconsistentPartsAreRejected() {
        Provenance p = Fixtures.provenance();
        Vocabulary v = Vocabulary.of("a", "b", "c");
        StoredMatrix a = StoredMatrix.of(Fixtures.random(3, 2, 1));
        StoredMatrix b = StoredMatrix.of(Fixtures.random(2, 4, 1));
        assertThrows(IllegalArgumentException.class,
                () -> CompressedEmbedding.lowRank(Vocabulary.of("a", "b"), a, b, new double[0], p));
        assertThrows(IllegalArgumentException.class,
                () -> CompressedEmbedding.lowRank(v, a, StoredMatrix.of(Fixtures.random(3, 4, 1)), new double[0], p));
        assertThrows(IllegalArgumentException.class, () -> CompressedEmbedding.lowRank(v,
                StoredMatrix.of(Fixtures.random(3, 4, 1)), StoredMatrix.of(Fixtures.random(4, 4, 1)), new double[0], p));
        assertThrows(IllegalArgumentException.class,
                () -> CompressedEmbedding.lowRank(v, a, b, new double[] {1, 1, 1, 1}, p));
        assertThrows(IllegalArgumentException.class,
                () -> CompressedEmbedding.lowRank(v, a, b, new double[] {-1}, p));
        assertThrows(IllegalArgumentException.class,
                () -> CompressedEmbedding.lowRank(v, a, b, new double[] {Double.NaN}, p));
        assertThrows(IllegalArgumentException.class, () -> CompressedEmbedding.dense(Vocabulary.of("a"), a, p));
    }

    @Test
    void float32RejectsNonFiniteValuesAndCopiesViews() {
        var m = Fixtures.random(3, 3, 1);
        m.putScalar(1, 2, Float.POSITIVE_INFINITY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredMatrix.of(m));
        assertEquals("values[1][2] must be finite, got Infinity", e.getMessage());
        var base = Fixtures.random(4, 3, 2);
        StoredMatrix view = StoredMatrix.of(base.getRows(1, 2));
        assertArrayEquals(base.getRow(2).toFloatVector(), view.toFloat().getRow(1).toFloatVector());
    }

    @Test
    void denseFromEmbeddingsCopies() {
        WordVectors emb = new WordVectors(Vocabulary.of("x", "y"), Fixtures.random(2, 3, 5));
        CompressedEmbedding d = CompressedEmbedding.of(emb, Fixtures.provenance());
        float[] before = d.vector(0);
        emb.matrix().putScalar(0, 0, 99f);
        assertArrayEquals(before, d.vector(0));
    }
}
