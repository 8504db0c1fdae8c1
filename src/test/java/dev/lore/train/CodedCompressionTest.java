package dev.lore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.ProductQuantizedEmbedding;
import dev.lore.nn.PrunedEmbedding;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CodedCompressionTest {

    /** {@code n} rows of width {@code d}: each sub-space of width 2 holds one of 4 well-separated points plus noise. */
    private static INDArray clustered(int n, int d, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c += 2) {
                int k = rnd.nextInt(4);
                x[i * d + c] = 10f * (k & 1) + 0.01f * (float) rnd.nextGaussian();
                x[i * d + c + 1] = 10f * (k >> 1) + 0.01f * (float) rnd.nextGaussian();
            }
        }
        return Nd4j.create(x, new long[] {n, d}, DataType.FLOAT);
    }

    @Test
    void recipeBytesAreExact() {
        // 1000 rows x 4 sub-spaces x 6 bits = 3000 bytes of codes, 64 centroids x 20 columns x 4 bytes.
        assertEquals(3000 + 4 * 64 * 20, new CodedCompression.Recipe(0, 0, 4, 6).bytes(1000, 20));
        // rank 5: B is 5 x 20 floats, the codes cover width 5.
        assertEquals((1000 * 5 * 4 + 7) / 8 + 4 * 16 * 5 + 4 * 5 * 20,
                new CodedCompression.Recipe(0, 5, 5, 4).bytes(1000, 20));
        // pruning to 99 rows: a 1000-bit map and 100 stored float rows (the UNK row among them).
        assertEquals(125 + 4 * 100 * 20, new CodedCompression.Recipe(99, 0, 0, 32).bytes(1000, 20));
    }

    @Test
    void everyCandidateFitsItsBudgetAndTheBuiltLayerHasItsBytes() {
        int v = 300;
        int d = 8;
        INDArray table = clustered(v, d, 3);
        int[] freq = new int[v];
        for (int t = 0; t < v; t++) {
            freq[t] = v - t;
        }
        for (double ratio : new double[] {5, 10, 20}) {
            long budget = (long) (4.0 * v * d / ratio);
            for (CodedCompression.Family f : CodedCompression.Family.values()) {
                for (CodedCompression.Recipe r : CodedCompression.candidates(f, v, d, budget)) {
                    assertTrue(r.bytes(v, d) <= budget, r.label() + " over " + budget);
                    EmbeddingLayer layer = CodedCompression.build(table, freq, r, CodedCompression.Pruning.FREQUENCY,
                            7);
                    assertEquals(v, layer.vocabularySize(), r.label());
                    assertEquals(d, layer.dimension(), r.label());
                    assertEquals(r.bytes(v, d), CodedCompression.storedBytes(layer), r.label());
                    assertEquals(r.prunes(v), layer instanceof PrunedEmbedding, r.label());
                }
            }
        }
    }

    @Test
    void productQuantizationRecoversKnownClusters() {
        INDArray table = clustered(200, 6, 5);
        EmbeddingLayer layer = CodedCompression.build(table, new int[200], new CodedCompression.Recipe(0, 0, 3, 2),
                CodedCompression.Pruning.FREQUENCY, 11);
        assertTrue(layer instanceof ProductQuantizedEmbedding);
        double error = CodedCompression.weightedError(table, layer.toMatrix(), new int[200]);
        assertTrue(error < 0.01, "relative error " + error);
    }

    @Test
    void buildIsDeterministicForASeedAndCopiesShareNothing() {
        INDArray table = clustered(120, 4, 9);
        CodedCompression.Recipe r = new CodedCompression.Recipe(0, 2, 2, 3);
        EmbeddingLayer a = CodedCompression.build(table, new int[120], r, CodedCompression.Pruning.NORM, 4);
        EmbeddingLayer b = CodedCompression.build(table, new int[120], r, CodedCompression.Pruning.NORM, 4);
        assertEquals(a.toMatrix(), b.toMatrix());
        EmbeddingLayer c = CodedCompression.copyOf(a);
        c.parameters().get(0).value().addi(1);
        assertEquals(b.toMatrix(), a.toMatrix());
        assertFalse(a.toMatrix().equals(c.toMatrix()));
    }

    @Test
    void frequencyPruningKeepsTheMostFrequentWords() {
        INDArray table = clustered(10, 2, 1);
        int[] freq = {0, 5, 1, 9, 0, 0, 3, 0, 0, 2};
        boolean[] keep = CodedCompression.keep(table, freq, 3, CodedCompression.Pruning.FREQUENCY);
        boolean[] expected = {false, true, false, true, false, false, true, false, false, false};
        for (int t = 0; t < 10; t++) {
            assertEquals(expected[t], keep[t], "word " + t);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CodedCompression.keep(table, freq, 10, CodedCompression.Pruning.FREQUENCY));
        assertTrue(e.getMessage().contains("keptRows"), e.getMessage());
    }

    @Test
    void badRecipesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CodedCompression.Recipe(0, 0, 4, 9));
        assertTrue(e.getMessage().contains("bits") && e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CodedCompression.Recipe(-1, 0, 0, 32));
        assertTrue(e.getMessage().contains("keptRows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CodedCompression.build(clustered(10, 4, 1),
                new int[10], new CodedCompression.Recipe(0, 0, 5, 2), CodedCompression.Pruning.NORM, 1));
        assertTrue(e.getMessage().contains("subspaces"), e.getMessage());
    }
}
