package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProductQuantizedEmbeddingTest {

    private static final float FLOAT_TOL = 1e-5f;

    /** The double reference: row {@code id} is the concatenated centroids, times B if present. */
    static Reference.Lookup reference(int[] widths, int k, int[] codes, int d, boolean projected) {
        int m = widths.length;
        int r = 0;
        for (int w : widths) {
            r += w;
        }
        int width = r;
        return (theta, id) -> {
            double[] c = theta.get("embedding.C");
            double[] u = new double[width];
            int o = 0;
            for (int s = 0; s < m; s++) {
                int q = codes[id * m + s];
                for (int j = 0; j < widths[s]; j++) {
                    u[o + j] = c[k * o + q * widths[s] + j];
                }
                o += widths[s];
            }
            if (!projected) {
                return u;
            }
            double[] b = theta.get("embedding.B");
            double[] out = new double[d];
            for (int j = 0; j < width; j++) {
                for (int x = 0; x < d; x++) {
                    out[x] += u[j] * b[j * d + x];
                }
            }
            return out;
        };
    }

    private static int[] randomCodes(int v, int m, int k, SplittableRandom rng) {
        int[] codes = new int[v * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rng.nextInt(k);
        }
        return codes;
    }

    private static float[] randomFloats(int n, SplittableRandom rng) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return f;
    }

    @Test
    void forwardConcatenatesTheChosenCentroids() {
        // Two sub-spaces of widths 2 and 1, K = 2: sub-space 0 centroids (1,2), (3,4); sub-space 1: (5), (6).
        float[] c = {1, 2, 3, 4, 5, 6};
        int[] codes = {1, 0, 0, 1, 1, 1};
        ProductQuantizedEmbedding e = ProductQuantizedEmbedding.of(new int[] {2, 1}, 2, codes, c, null);
        TokenBatch batch = Batches.of(new int[][] {{0, 2}, {1, -1}}, new int[] {2, 1}, null);
        assertArrayEquals(new float[] {3, 4, 5, 3, 4, 6, 1, 2, 6, 0, 0, 0}, Batches.floats(e.forward(batch)), FLOAT_TOL);
        assertArrayEquals(new float[] {3, 4, 5.5f, 1, 2, 6}, Batches.floats(e.meanPool(batch)), FLOAT_TOL);
        assertArrayEquals(new float[] {3, 4, 5, 1, 2, 6, 3, 4, 6}, Batches.floats(e.toMatrix()), FLOAT_TOL);
        assertEquals(3, e.vocabularySize());
        assertEquals(3, e.dimension());
        assertEquals(1, e.bitsPerCode());
        // codes: 3 rows x 2 sub-spaces x 1 bit = 1 byte; codebooks 6 floats.
        assertEquals(1 + 24, e.storedBytes());
    }

    @Test
    void backwardByHand() {
        float[] c = {1, 2, 3, 4, 5, 6};
        int[] codes = {1, 0, 0, 1, 1, 1};
        ProductQuantizedEmbedding e = ProductQuantizedEmbedding.of(new int[] {2, 1}, 2, codes, c, null);
        TokenBatch batch = Batches.of(new int[][] {{0, 2}}, new int[] {2}, null);
        e.backward(batch, Nd4j.create(new float[] {1, 2, 3, 10, 20, 30}, new long[] {1, 2, 3}, DataType.FLOAT));
        // Row 0 uses centroid 1 of sub-space 0 and 0 of sub-space 1; row 2 uses 1 and 1.
        assertArrayEquals(new float[] {0, 0, 11, 22, 3, 30}, Batches.floats(e.codebooks().gradient()), FLOAT_TOL);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithAndWithoutProjection() {
        SplittableRandom rng = new SplittableRandom(11);
        int v = 6;
        int k = 3;
        int[] widths = {2, 1, 2};
        int r = 5;
        int d = 4;
        int[] lengths = {5, 3, 0, 4};
        int[][] ids = Batches.randomIds(lengths, 5, v, 999, rng);
        ids[0][0] = ids[0][2] = ids[0][4] = 1; // duplicates
        TokenBatch batch = Batches.of(ids, lengths, null);
        for (boolean projected : new boolean[] {false, true}) {
            int[] codes = randomCodes(v, widths.length, k, rng);
            INDArray b = projected ? Batches.uniform(r, d, 1.0, rng) : null;
            int out = projected ? d : r;
            ProductQuantizedEmbedding e = ProductQuantizedEmbedding.of(widths, k, codes, randomFloats(k * r, rng), b);
            Reference.Lookup lookup = reference(widths, k, codes, out, projected);
            checkBothPaths(e, batch, ids, lengths, lookup, out, rng);
            if (projected) {
                e.projection().orElseThrow().setTrainable(false);
                checkBothPaths(e, batch, ids, lengths, lookup, out, rng);
                e.projection().orElseThrow().setTrainable(true);
                e.codebooks().setTrainable(false);
                checkBothPaths(e, batch, ids, lengths, lookup, out, rng);
                e.projection().orElseThrow().setTrainable(false);
                assertFalse(e.requiresGradient());
            }
        }
    }

    private static void checkBothPaths(ProductQuantizedEmbedding e, TokenBatch batch, int[][] ids, int[] lengths,
            Reference.Lookup lookup, int d, SplittableRandom rng) {
        INDArray w = Batches.uniform(4 * 5, d, 1.0, rng).reshape('c', 4, 5, d);
        double[] wd = GradientCheck.toDouble(w);
        Map<String, double[]> theta = GradientCheck.values(e.parameters());
        assertEquals(FullEmbeddingTest.sequenceLoss(theta, lookup, ids, lengths, wd, d), sequenceLoss(e, batch, w), 1e-4);
        e.backward(batch, w);
        GradientCheck.assertGradients(e.parameters(),
                th -> FullEmbeddingTest.sequenceLoss(th, lookup, ids, lengths, wd, d));
        INDArray wp = Batches.uniform(4, d, 1.0, rng);
        double[] wpd = GradientCheck.toDouble(wp);
        e.meanPoolBackward(batch, wp);
        GradientCheck.assertGradients(e.parameters(),
                th -> FullEmbeddingTest.pooledLoss(th, lookup, ids, lengths, wpd, d));
    }

    private static double sequenceLoss(EmbeddingLayer e, TokenBatch batch, INDArray w) {
        return e.forward(batch).castTo(DataType.DOUBLE).mul(w.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    @Test
    void danGradientsThroughTheCodes() {
        SplittableRandom rng = new SplittableRandom(3);
        int v = 7;
        int k = 4;
        int[] widths = {2, 2};
        int[] codes = randomCodes(v, 2, k, rng);
        int d = 3;
        INDArray b = Batches.uniform(4, d, 1.0, rng);
        int[] lengths = {4, 2, 3};
        int[][] ids = Batches.randomIds(lengths, 4, v, 0, rng);
        int[] labels = {0, 1, 1};
        TokenBatch batch = Batches.of(ids, lengths, labels);
        Reference.Lookup lookup = reference(widths, k, codes, d, true);
        TextClassifier dan = Architecture.named("dan").create(
                ProductQuantizedEmbedding.of(widths, k, codes, randomFloats(k * 4, rng), b), 2, 5);
        Batches.perturbBiases(dan.parameters(), rng);
        dan.setTraining(true);
        dan.computeGradients(batch);
        GradientCheck.assertGradients(dan.parameters(),
                th -> Reference.danLoss(th, lookup, ids, lengths, labels, d));
        assertTrue(dan.embedding().parameters().get(0).gradient().amaxNumber().doubleValue() > 0);
    }

    @Test
    void reassignMovesEachRowToItsNearestCentroid() {
        float[] c = {0, 0, 10, 10, 0, 5};
        int[] codes = {0, 0, 0, 0};
        ProductQuantizedEmbedding e = ProductQuantizedEmbedding.of(new int[] {2, 1}, 2, codes, c, null);
        INDArray targets = Nd4j.create(new float[] {9, 9, 4, 1, -1, 1}, new long[] {2, 3}, DataType.FLOAT);
        assertEquals(2, e.reassign(targets));
        assertArrayEquals(new int[] {1, 1, 0, 0}, e.codes());
        assertEquals(0, e.reassign(targets));
        assertThrows(IllegalArgumentException.class, () -> e.reassign(Nd4j.zeros(DataType.FLOAT, 2, 2)));
    }

    @Test
    void rejectsBadParts() {
        float[] c = {1, 2, 3, 4};
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizedEmbedding.of(new int[] {1, 1}, 2, new int[] {0, 2}, c, null));
        assertTrue(ex.getMessage().contains("codes[1]") && ex.getMessage().contains("got 2"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizedEmbedding.of(new int[] {1, 1}, 2, new int[] {0, 1, 1}, c, null));
        assertTrue(ex.getMessage().contains("codes has 3 values"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizedEmbedding.of(new int[] {1, 1}, 3, new int[] {0, 1}, c, null));
        assertTrue(ex.getMessage().contains("codebooks has 4 floats"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizedEmbedding.of(new int[] {0, 2}, 2, new int[] {0, 1}, c, null));
        assertTrue(ex.getMessage().contains("widths[0]"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> ProductQuantizedEmbedding.of(new int[] {1, 1}, 2,
                new int[] {0, 1}, c, Nd4j.ones(DataType.FLOAT, 3, 2)));
        assertTrue(ex.getMessage().contains("projection"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> ProductQuantizedEmbedding.evenWidths(4, 5));
        assertTrue(ex.getMessage().contains("subspaces") && ex.getMessage().contains("5"), ex.getMessage());
        assertArrayEquals(new int[] {4, 3, 3}, ProductQuantizedEmbedding.evenWidths(10, 3));
    }
    @Test
    void storedFormKeepsTheCodesAndReadsBackToTheSameLayer() {
        SplittableRandom rng = new SplittableRandom(17);
        int v = 37;
        int[] widths = {3, 3};
        int k = 8;
        int[] codes = randomCodes(v, 2, k, rng);
        float[] books = randomFloats(k * 6, rng);
        INDArray b = Nd4j.create(randomFloats(6 * 8, rng), new long[] {6, 8}, DataType.FLOAT);
        dev.lore.io.Vocabulary words = dev.lore.io.Vocabulary.indexed(v);
        for (INDArray projection : new INDArray[] {null, b}) {
            ProductQuantizedEmbedding e = ProductQuantizedEmbedding.of(widths, k, codes, books, projection);
            assertTrue(e.storesCodes());
            dev.lore.compress.CompressedEmbedding stored = e.toStored(words, dev.lore.compress.Provenance.of(dev.lore.compress.Source.none(), "none", "", "", 0));
            assertTrue(stored.a() instanceof dev.lore.compress.StoredMatrix.ProductQuantized, stored.a().describe());
            assertEquals(projection != null, stored.b().isPresent());
            assertEquals(e.storedBytes(), stored.a().storageBytes()
                    + stored.b().map(dev.lore.compress.StoredMatrix::storageBytes).orElse(0L));
            EmbeddingLayer back = EmbeddingLayer.fromStored(stored);
            assertTrue(back instanceof ProductQuantizedEmbedding);
            assertEquals(e.toMatrix(), back.toMatrix());
            assertEquals(e.parameters().size(), back.parameters().size());
        }
        // Unequal widths have no product-quantized form: the decoded table is stored.
        ProductQuantizedEmbedding uneven = ProductQuantizedEmbedding.of(new int[] {4, 2}, k, codes, books, null);
        assertFalse(uneven.storesCodes());
        dev.lore.compress.CompressedEmbedding dense = uneven.toStored(words, dev.lore.compress.Provenance.of(dev.lore.compress.Source.none(), "none", "", "", 0));
        assertTrue(dense.a() instanceof dev.lore.compress.StoredMatrix.Float32);
        assertEquals(uneven.toMatrix(), dense.a().toFloat());
        assertThrows(IllegalStateException.class, uneven::toProductQuantizedMatrix);
    }
}
