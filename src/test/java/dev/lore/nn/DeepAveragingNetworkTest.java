package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import dev.lore.schedule.ConstantRate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DeepAveragingNetworkTest {

    /** Float forward against the double reference. */
    private static final double FORWARD_TOL = 1e-5;
    private static final DanConfig SMALL = new DanConfig(5, 4);
    private static final int VOCAB = 7;
    private static final int DIM = 3;
    private static final int CLASSES = 3;

    /** Lengths covering empty, length-1 and full-length sequences. */
    private static final int[] LENGTHS = {4, 0, 1, 4, 2};

    private static TokenBatch batch(SplittableRandom rng, int[][] idsOut) {
        int[][] ids = Batches.randomIds(LENGTHS, 4, VOCAB, -1, rng);
        ids[0][1] = ids[0][2] = ids[3][0]; // duplicates within and across sequences
        int[] labels = new int[LENGTHS.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        for (int i = 0; i < ids.length; i++) {
            idsOut[i] = ids[i];
        }
        return Batches.of(ids, LENGTHS, labels);
    }

    private static void checkModel(EmbeddingLayer embedding, Reference.Lookup lookup, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] ids = new int[LENGTHS.length][];
        TokenBatch batch = batch(rng, ids);
        DeepAveragingNetwork model = DeepAveragingNetwork.create(embedding, CLASSES, SMALL, seed);
        // Zero biases put an empty sequence's pre-activations exactly on the ReLU kink, where
        // finite differences are meaningless: check at a generic point instead.
        Batches.perturbBiases(model.parameters(), rng);
        double loss = model.computeGradients(batch);
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        assertEquals(Reference.danLoss(theta, lookup, ids, LENGTHS, batch.labels(), DIM), loss, FORWARD_TOL);
        GradientCheck.assertGradients(model.parameters(),
                th -> Reference.danLoss(th, lookup, ids, LENGTHS, batch.labels(), DIM));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithFullEmbedding() {
        SplittableRandom rng = new SplittableRandom(1);
        checkModel(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), Reference.full(DIM), 11);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithFactorizedEmbedding() {
        SplittableRandom rng = new SplittableRandom(2);
        FactorizedEmbedding e = FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, rng),
                Batches.uniform(2, DIM, 1.0, rng));
        checkModel(e, Reference.factorized(2, DIM), 12);
        e.a().setTrainable(false);
        checkModel(e, Reference.factorized(2, DIM), 13);
        e.a().setTrainable(true);
        e.b().setTrainable(false);
        checkModel(e, Reference.factorized(2, DIM), 14);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithQuantizedEmbedding() {
        SplittableRandom rng = new SplittableRandom(3);
        QuantizedMatrix q = QuantizedMatrix.quantize(Batches.uniform(VOCAB, DIM, 1.0, rng), QuantizationConfig.perRow(4));
        double[] table = GradientCheck.toDouble(q.dequantize());
        checkModel(QuantizedEmbedding.of(q), Reference.fixed(table, DIM), 15);
    }

    /** Gradients through word dropout: the reference averages the kept tokens of the model's own draw. */
    private static void checkWordDropout(EmbeddingLayer embedding, Reference.Lookup lookup, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] lengths = {4, 0, 1, 4, 3, 4};
        int[][] original = Batches.randomIds(lengths, 4, VOCAB, -1, rng);
        int[] labels = {0, 2, 1, 1, 0, 2};
        TokenBatch batch = Batches.of(original, lengths, labels);
        DeepAveragingNetwork model = DeepAveragingNetwork.create(embedding, CLASSES, new DanConfig(5, 4, 0.5), seed);
        Batches.perturbBiases(model.parameters(), rng);
        double loss = model.computeGradients(batch);
        TokenBatch kept = model.lastPooledBatch();
        int[] keptLengths = kept.lengths().clone();
        int[] flat = ActiveTokens.flatIds(kept.ids());
        int[][] keptIds = new int[lengths.length][4];
        int total = 0;
        for (int i = 0; i < lengths.length; i++) {
            System.arraycopy(flat, i * 4, keptIds[i], 0, 4);
            total += keptLengths[i];
        }
        assertTrue(total < 16, "this seed drops some tokens, kept " + total + " of 16");
        assertTrue(keptLengths[1] == 0 && keptLengths[2] == 1, "empty stays empty, a single token is kept");
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        assertEquals(Reference.danLoss(theta, lookup, keptIds, keptLengths, labels, DIM), loss, FORWARD_TOL);
        GradientCheck.assertGradients(model.parameters(),
                th -> Reference.danLoss(th, lookup, keptIds, keptLengths, labels, DIM));
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughWordDropout() {
        SplittableRandom rng = new SplittableRandom(31);
        checkWordDropout(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), Reference.full(DIM), 32);
        FactorizedEmbedding f = FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, rng),
                Batches.uniform(2, DIM, 1.0, rng));
        checkWordDropout(f, Reference.factorized(2, DIM), 33);
    }

    @Test
    void wordDropoutChangesTrainingOnlyNeverPredictionsOrWeights() {
        SplittableRandom rng = new SplittableRandom(34);
        INDArray table = Batches.uniform(VOCAB, DIM, 1.0, rng);
        DeepAveragingNetwork plain = DeepAveragingNetwork.create(FullEmbedding.of(table.dup()), CLASSES, SMALL, 35);
        DeepAveragingNetwork dropping = DeepAveragingNetwork.create(FullEmbedding.of(table.dup()), CLASSES,
                SMALL.withWordDropout(0.5), 35);
        for (int k = 0; k < plain.parameters().size(); k++) {
            assertArrayEquals(Batches.floats(plain.parameters().get(k).value()),
                    Batches.floats(dropping.parameters().get(k).value()), "weights do not depend on q");
        }
        int[] lengths = {4, 4, 4, 4, 3};
        TokenBatch batch = Batches.of(Batches.randomIds(lengths, 4, VOCAB, 0, rng), lengths, null);
        float[] reference = Batches.floats(plain.forward(batch));
        assertArrayEquals(plain.predict(batch), dropping.predict(batch));
        assertFalse(java.util.Arrays.equals(reference, Batches.floats(dropping.forward(batch))),
                "training mode drops words");
        dropping.setTraining(false);
        assertArrayEquals(reference, Batches.floats(dropping.forward(batch)));
        assertArrayEquals(plain.predict(batch), dropping.predict(batch));
    }

    @Test
    void sameSeedGivesBitIdenticalTrainingWithWordDropout() {
        DanConfig config = DanConfig.DEFAULT.withWordDropout(0.3);
        float[][] first = train(21, config);
        float[][] second = train(21, config);
        for (int k = 0; k < first.length; k++) {
            assertArrayEquals(first[k], second[k]);
        }
        assertFalse(java.util.Arrays.equals(first[0], train(21, DanConfig.DEFAULT.withWordDropout(0.0))[0]));
    }

    @Test
    void probabilitiesMatchReferenceAndPredictIsTheirArgmax() {
        SplittableRandom rng = new SplittableRandom(4);
        FullEmbedding e = FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng));
        DeepAveragingNetwork model = DeepAveragingNetwork.create(e, CLASSES, DanConfig.DEFAULT, 4);
        int[][] ids = new int[LENGTHS.length][];
        TokenBatch batch = batch(rng, ids);
        INDArray probs = model.forward(batch);
        int[] predicted = model.predict(batch);
        Map<String, double[]> theta = GradientCheck.values(model.parameters());
        for (int i = 0; i < LENGTHS.length; i++) {
            double[] p = Reference.softmax(Reference.danLogits(theta, Reference.full(DIM), ids[i], LENGTHS[i], DIM));
            int best = 0;
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(p[c], probs.getDouble(i, c), FORWARD_TOL);
                best = p[c] > p[best] ? c : best;
            }
            assertEquals(best, predicted[i]);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        float[][] first = train(21, DanConfig.DEFAULT);
        float[][] second = train(21, DanConfig.DEFAULT);
        for (int k = 0; k < first.length; k++) {
            assertArrayEquals(first[k], second[k]);
        }
        assertFalse(java.util.Arrays.equals(first[1], train(22, DanConfig.DEFAULT)[1]));
    }

    private static float[][] train(long seed, DanConfig config) {
        SplittableRandom data = new SplittableRandom(99);
        FactorizedEmbedding e = FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, data),
                Batches.uniform(2, DIM, 1.0, data));
        DeepAveragingNetwork model = DeepAveragingNetwork.create(e, CLASSES, config, seed);
        Optimizer opt = AdamOptimizer.create(model.parameters(), AdamConfig.PAPER, new ConstantRate(0.01));
        for (int step = 0; step < 5; step++) {
            model.computeGradients(batch(data, new int[LENGTHS.length][]));
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
    void trainingReducesTheLossOnAFixedBatch() {
        SplittableRandom rng = new SplittableRandom(6);
        DeepAveragingNetwork model = DeepAveragingNetwork.create(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)),
                CLASSES, DanConfig.DEFAULT, 6);
        TokenBatch batch = batch(rng, new int[LENGTHS.length][]);
        Optimizer opt = AdamOptimizer.create(model.parameters(), AdamConfig.DEFAULT, new ConstantRate(0.01));
        double first = model.computeGradients(batch);
        double last = first;
        for (int step = 0; step < 100; step++) {
            opt.step();
            last = model.computeGradients(batch);
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }

    @Test
    void rejectsBadArguments() {
        FullEmbedding e = FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, new SplittableRandom(7)));
        assertThrows(IllegalArgumentException.class, () -> DeepAveragingNetwork.create(e, 1, DanConfig.DEFAULT, 0));
        assertThrows(IllegalArgumentException.class, () -> new DanConfig(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new DanConfig(3, -1));
        assertThrows(IllegalArgumentException.class, () -> new DanConfig(3, 3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DanConfig(3, 3, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new DanConfig(3, 3, Double.NaN));
        DeepAveragingNetwork model = DeepAveragingNetwork.create(e, 2, DanConfig.DEFAULT, 0);
        TokenBatch unlabeled = Batches.of(new int[][] {{1, 2}}, new int[] {2}, null);
        assertThrows(IllegalArgumentException.class, () -> model.computeGradients(unlabeled));
        TokenBatch badLabel = Batches.of(new int[][] {{1, 2}}, new int[] {2}, new int[] {2});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> model.computeGradients(badLabel));
        assertTrue(ex.getMessage().contains("labels[0] must be in [0, 2), got 2"), ex.getMessage());
        assertEquals(VOCAB * DIM + DIM * 30 + 30 + 30 * 25 + 25 + 25 * 2 + 2,
                model.parameters().stream().mapToInt(Parameter::length).sum());
    }
}
