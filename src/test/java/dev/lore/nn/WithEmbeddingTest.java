package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link TextClassifier#withEmbedding} for both models. */
class WithEmbeddingTest {

    private static final int VOCAB = 9;
    private static final int DIM = 4;
    private static final int CLASSES = 3;
    private static final int[] LENGTHS = {3, 1, 5, 2};

    private static TokenBatch batch(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] ids = Batches.randomIds(LENGTHS, 5, VOCAB, 0, rng);
        int[] labels = new int[LENGTHS.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return Batches.of(ids, LENGTHS, labels);
    }

    private static List<BiFunction<EmbeddingLayer, Long, TextClassifier>> models() {
        return List.of(
                (e, s) -> DeepAveragingNetwork.create(e, CLASSES, new DanConfig(6, 5), s),
                (e, s) -> LstmClassifier.create(e, CLASSES, new LstmConfig(7, 0.3, 1.0), s));
    }

    @Test
    void sameEmbeddingValuesGiveTheSameFunctionAfterTraining() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray table = Batches.uniform(VOCAB, DIM, 1.0, rng);
        for (BiFunction<EmbeddingLayer, Long, TextClassifier> make : models()) {
            TextClassifier model = make.apply(FullEmbedding.of(table), 5L);
            // Move the dense weights away from their initial values so a fresh model would differ.
            Optimizer opt = AdamOptimizer.create(model.parameters(), AdamConfig.DEFAULT,
                    new dev.lore.schedule.ConstantRate(0.05));
            for (int step = 0; step < 5; step++) {
                model.computeGradients(batch(step));
                opt.step();
            }
            FullEmbedding trained = (FullEmbedding) model.embedding();
            TextClassifier copy = model.withEmbedding(FullEmbedding.of(trained.table().value()));
            model.setTraining(false);
            copy.setTraining(false);
            TokenBatch probe = batch(99);
            assertArrayEquals(Batches.floats(model.forward(probe)), Batches.floats(copy.forward(probe)));
            assertEquals(model.getClass(), copy.getClass());
            List<Parameter> a = model.parameters();
            List<Parameter> b = copy.parameters();
            assertEquals(a.size(), b.size());
            for (int i = 1; i < a.size(); i++) {
                assertEquals(a.get(i).name(), b.get(i).name());
                assertNotSame(a.get(i).value(), b.get(i).value());
                assertArrayEquals(Batches.floats(a.get(i).value()), Batches.floats(b.get(i).value()));
            }
        }
    }

    @Test
    void copyIsIndependentAndKeepsFlagsAndMode() {
        SplittableRandom rng = new SplittableRandom(2);
        for (BiFunction<EmbeddingLayer, Long, TextClassifier> make : models()) {
            TextClassifier model = make.apply(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), 3L);
            Parameter last = model.parameters().get(model.parameters().size() - 1);
            last.setTrainable(false);
            model.setTraining(false);
            FactorizedEmbedding f = FactorizedEmbedding.of(Batches.uniform(VOCAB, 2, 1.0, rng),
                    Batches.uniform(2, DIM, 1.0, rng));
            TextClassifier copy = model.withEmbedding(f);
            assertSame(f, copy.embedding());
            assertFalse(copy.isTraining());
            List<Parameter> cp = copy.parameters();
            assertEquals(f.a(), cp.get(0));
            assertEquals(f.b(), cp.get(1));
            Parameter copiedLast = cp.get(cp.size() - 1);
            assertFalse(copiedLast.isTrainable());
            float before = last.value().getFloat(0);
            copiedLast.value().putScalar(0, before + 1f);
            assertEquals(before, last.value().getFloat(0));
            assertTrue(model.parameters().get(1).isTrainable());
        }
    }

    @Test
    void rejectsAnotherDimensionOrTheSameLayer() {
        SplittableRandom rng = new SplittableRandom(3);
        for (BiFunction<EmbeddingLayer, Long, TextClassifier> make : models()) {
            TextClassifier model = make.apply(FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), 1L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.withEmbedding(FullEmbedding.of(Batches.uniform(VOCAB, DIM + 1, 1.0, rng))));
            assertTrue(e.getMessage().contains("dimension must be 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.withEmbedding(model.embedding()));
        }
    }

    @Test
    void exposesConfigAndSeed() {
        SplittableRandom rng = new SplittableRandom(4);
        DeepAveragingNetwork dan = DeepAveragingNetwork.create(
                FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), CLASSES, new DanConfig(6, 5), 42L);
        assertEquals(new DanConfig(6, 5), dan.config());
        assertEquals(42L, dan.seed());
        LstmClassifier lstm = LstmClassifier.create(
                FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng)), CLASSES, new LstmConfig(7, 0.3, 1.0), 43L);
        assertEquals(new LstmConfig(7, 0.3, 1.0), lstm.config());
        assertEquals(43L, lstm.seed());
    }
}
