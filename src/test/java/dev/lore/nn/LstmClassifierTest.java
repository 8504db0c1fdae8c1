package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.io.Vocabulary;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import dev.lore.schedule.ConstantRate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LstmClassifierTest {

    /** Float forward (with the rational tanh) against the double reference. */
    private static final double FORWARD_TOL = 1e-5;
    private static final int VOCAB = 7;
    private static final int DIM = 3;
    private static final int HIDDEN = 3;
    private static final int CLASSES = 3;
    private static final LstmConfig NO_DROPOUT = new LstmConfig(HIDDEN, 0.0, 1.0);
    private static final LstmConfig DROPOUT = new LstmConfig(HIDDEN, 0.5, 1.0);
    /** Empty, length-1, full-length and ties, in no particular order. */
    private static final int[] LENGTHS = {3, 0, 5, 1, 5, 3};
    private static final int SEQ_LEN = 5;

    private static int[][] ids(SplittableRandom rng) {
        int[][] ids = Batches.randomIds(LENGTHS, SEQ_LEN, VOCAB, -5, rng);
        ids[2][0] = ids[2][3] = ids[4][1] = 2; // duplicates
        return ids;
    }

    private static int[] labels(SplittableRandom rng) {
        int[] labels = new int[LENGTHS.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return labels;
    }

    private static void checkModel(EmbeddingLayer embedding, Reference.Lookup lookup, LstmConfig config,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] ids = ids(rng);
        int[] labels = labels(rng);
        TokenBatch batch = Batches.of(ids, LENGTHS, labels);
        LstmClassifier model = LstmClassifier.create(embedding, CLASSES, config, seed);
        Batches.perturbBiases(model.parameters(), rng);
        model.setTraining(true);
        double loss = model.computeGradients(batch);
        float[][] mask = model.lastDropoutMask();
        assertEquals(config.dropout() > 0, mask != null);
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        assertEquals(Reference.lstmLoss(theta, lookup, ids, LENGTHS, labels, DIM, HIDDEN, mask), loss, FORWARD_TOL);
        GradientCheck.assertGradients(model.parameters(),
                th -> Reference.lstmLoss(th, lookup, ids, LENGTHS, labels, DIM, HIDDEN, mask));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithFullEmbedding() {
        SplittableRandom rng = new SplittableRandom(1);
        checkModel(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), Reference.full(DIM), NO_DROPOUT, 31);
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughDropout() {
        SplittableRandom rng = new SplittableRandom(2);
        checkModel(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), Reference.full(DIM), DROPOUT, 32);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithFactorizedEmbedding() {
        SplittableRandom rng = new SplittableRandom(3);
        FactorizedEmbedding e = FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, rng),
                Batches.uniform(2, DIM, 1.0, rng));
        checkModel(e, Reference.factorized(2, DIM), NO_DROPOUT, 33);
        e.b().setTrainable(false);
        checkModel(e, Reference.factorized(2, DIM), DROPOUT, 34);
        e.b().setTrainable(true);
        e.a().setTrainable(false);
        checkModel(e, Reference.factorized(2, DIM), NO_DROPOUT, 35);
    }

    /** Hides the concrete type, so the model takes the generic sequence path. */
    private static EmbeddingLayer opaque(EmbeddingLayer inner) {
        return new EmbeddingLayer() {
            @Override
            public int vocabularySize() {
                return inner.vocabularySize();
            }

            @Override
            public int dimension() {
                return inner.dimension();
            }

            @Override
            public List<Parameter> parameters() {
                return inner.parameters();
            }

            @Override
            public INDArray forward(TokenBatch batch) {
                return inner.forward(batch);
            }

            @Override
            public void backward(TokenBatch batch, INDArray gradOutput) {
                inner.backward(batch, gradOutput);
            }

            @Override
            public INDArray meanPool(TokenBatch batch) {
                return inner.meanPool(batch);
            }

            @Override
            public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
                inner.meanPoolBackward(batch, gradPooled);
            }

            @Override
            public INDArray toMatrix() {
                return inner.toMatrix();
            }

            @Override
            public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
                return inner.toStored(vocabulary, provenance);
            }
        };
    }

    @Test
    void genericPathThroughAnyEmbeddingLayerAgreesWithTheFoldedFactorizedPath() {
        SplittableRandom rng = new SplittableRandom(13);
        INDArray a = Batches.uniform(VOCAB, 2, 1.0, rng);
        INDArray b = Batches.uniform(2, DIM, 1.0, rng);
        checkModel(opaque(FactorizedEmbedding.of(a, b)), Reference.factorized(2, DIM), DROPOUT, 37);
        int[][] ids = ids(rng);
        int[] labels = labels(rng);
        LstmClassifier folded = LstmClassifier.create(FactorizedEmbedding.of(a, b), CLASSES, DROPOUT, 38);
        LstmClassifier generic = LstmClassifier.create(opaque(FactorizedEmbedding.of(a, b)), CLASSES, DROPOUT, 38);
        assertEquals(folded.computeGradients(Batches.of(ids, LENGTHS, labels)),
                generic.computeGradients(Batches.of(ids, LENGTHS, labels)), FORWARD_TOL);
        for (int k = 0; k < folded.parameters().size(); k++) {
            double[] x = GradientCheck.toDouble(folded.parameters().get(k).gradient());
            double[] y = GradientCheck.toDouble(generic.parameters().get(k).gradient());
            assertEquals(-1, GradientCheck.firstMismatch(x, y), folded.parameters().get(k).name());
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithQuantizedEmbedding() {
        SplittableRandom rng = new SplittableRandom(4);
        QuantizedMatrix q = QuantizedMatrix.quantize(Batches.uniform(VOCAB, DIM, 1.0, rng), QuantizationConfig.perRow(6));
        checkModel(QuantizedEmbedding.of(q), Reference.fixed(GradientCheck.toDouble(q.dequantize()), DIM), NO_DROPOUT, 36);
    }

    @Test
    void evalForwardMatchesReferenceWithoutDropout() {
        SplittableRandom rng = new SplittableRandom(5);
        LstmClassifier model = LstmClassifier.create(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)),
                CLASSES, DROPOUT, 5);
        int[][] ids = ids(rng);
        TokenBatch batch = Batches.of(ids, LENGTHS, null);
        model.setTraining(false);
        INDArray probs = model.forward(batch);
        assertEquals(probs, model.forward(batch));
        int[] predicted = model.predict(batch);
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        for (int i = 0; i < LENGTHS.length; i++) {
            double[] p = Reference.softmax(Reference.lstmLogits(theta, Reference.full(DIM), ids[i], LENGTHS[i], DIM, HIDDEN, null));
            int best = 0;
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(p[c], probs.getDouble(i, c), FORWARD_TOL);
                best = p[c] > p[best] ? c : best;
            }
            assertEquals(best, predicted[i]);
        }
        model.setTraining(true);
        assertTrue(model.isTraining());
        assertFalse(model.forward(batch).equals(model.forward(batch)), "dropout draws new masks");
        assertArrayEquals(predicted, model.predict(batch), "predict never drops");
    }

    @Test
    void paddingNeverInfluencesOutputsOrGradients() {
        SplittableRandom rng = new SplittableRandom(6);
        INDArray table = Batches.uniform(VOCAB, DIM, 1.0, rng);
        int[][] ids = ids(rng);
        int[] labels = labels(rng);
        int[][] longer = new int[ids.length][SEQ_LEN + 4];
        for (int i = 0; i < ids.length; i++) {
            Arrays.fill(longer[i], 3); // valid ids in the padding this time
            System.arraycopy(ids[i], 0, longer[i], 0, LENGTHS[i]);
        }
        LstmClassifier a = LstmClassifier.create(FullEmbedding.of(table), CLASSES, DROPOUT, 6);
        LstmClassifier b = LstmClassifier.create(FullEmbedding.of(table), CLASSES, DROPOUT, 6);
        double lossA = a.computeGradients(Batches.of(ids, LENGTHS, labels));
        double lossB = b.computeGradients(Batches.of(longer, LENGTHS, labels));
        assertEquals(lossA, lossB, 0.0);
        for (int k = 0; k < a.parameters().size(); k++) {
            assertArrayEquals(Batches.floats(a.parameters().get(k).gradient()),
                    Batches.floats(b.parameters().get(k).gradient()), a.parameters().get(k).name());
        }
    }

    @Test
    void batchOfEmptySequencesHasOnlyOutputLayerGradients() {
        SplittableRandom rng = new SplittableRandom(7);
        EmbeddingLayer[] embeddings = {FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)),
            FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, rng), Batches.uniform(2, DIM, 1.0, rng))};
        for (EmbeddingLayer e : embeddings) {
            LstmClassifier model = LstmClassifier.create(e, CLASSES, DROPOUT, 7);
            model.computeGradients(Batches.of(ids(rng), LENGTHS, labels(rng))); // leaves non-zero gradients
            TokenBatch batch = Batches.of(new int[][] {{-1, -1}, {-1, -1}}, new int[] {0, 0}, new int[] {0, 2});
            double loss = model.computeGradients(batch);
            assertEquals(Math.log(CLASSES), loss, 1e-6, "zero pooled vector and zero output bias: uniform");
            for (Parameter p : model.parameters()) {
                double norm = p.gradient().norm2Number().doubleValue();
                if (p.name().startsWith("output.")) {
                    assertTrue(Double.isFinite(norm), p.name());
                } else {
                    assertEquals(0.0, norm, p.name());
                }
            }
            assertNotNull(model.forward(batch));
        }
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        float[][] first = train(41);
        float[][] second = train(41);
        for (int k = 0; k < first.length; k++) {
            assertArrayEquals(first[k], second[k]);
        }
        assertFalse(Arrays.equals(first[1], train(42)[1]));
    }

    private static float[][] train(long seed) {
        SplittableRandom data = new SplittableRandom(77);
        LstmClassifier model = LstmClassifier.create(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, data)),
                CLASSES, DROPOUT, seed);
        Optimizer opt = AdamOptimizer.create(model.parameters(), AdamConfig.PAPER, new ConstantRate(0.01));
        for (int step = 0; step < 4; step++) {
            model.computeGradients(Batches.of(ids(data), LENGTHS, labels(data)));
            opt.step();
        }
        List<Parameter> ps = model.parameters();
        float[][] out = new float[ps.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = Batches.floats(ps.get(k).value());
        }
        return out;
    }

    @Test
    void initialisationFollowsTheDocumentedScheme() {
        LstmClassifier model = LstmClassifier.create(FullEmbedding.of(Batches.uniform(VOCAB, 10, 1.0, new SplittableRandom(8))),
                CLASSES, new LstmConfig(4, 0.5, 1.0), 8);
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        double[] u = theta.get("lstm.U"); // [4, 16], orthonormal rows
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double dot = 0;
                for (int k = 0; k < 16; k++) {
                    dot += u[i * 16 + k] * u[j * 16 + k];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-6);
            }
        }
        double limit = Math.sqrt(6.0 / (10 + 16));
        for (double w : theta.get("lstm.W")) {
            assertTrue(Math.abs(w) <= limit);
        }
        double[] b = theta.get("lstm.b");
        for (int k = 0; k < 16; k++) {
            assertEquals(k >= 4 && k < 8 ? 1.0 : 0.0, b[k]);
        }
    }

    @Test
    void rejectsBadConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> new LstmConfig(0, 0.5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LstmConfig(150, 1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LstmConfig(150, Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LstmConfig(150, 0.5, Double.POSITIVE_INFINITY));
        FullEmbedding e = FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, new SplittableRandom(9)));
        assertThrows(IllegalArgumentException.class, () -> LstmClassifier.create(e, 1, LstmConfig.DEFAULT, 0));
    }
}
