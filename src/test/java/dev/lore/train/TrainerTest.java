package dev.lore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.EncodedSplit;
import dev.lore.data.Synthetic;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Parameter;
import dev.lore.nn.TextClassifier;
import dev.lore.schedule.ConstantRate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final EncodedDataset DATA = Synthetic.encoded(7, 300, 100, 100);
    /** Dev set whose labels are the opposite of what training teaches: accuracy falls as the model learns. */
    private static final EncodedSplit FLIPPED_DEV = flippedDev();

    private static EncodedSplit flippedDev() {
        Dataset d = Dataset.of(Synthetic.split("train", 300, 7, false), Synthetic.split("dev", 100, 8, true),
                Synthetic.split("test", 10, 9, false));
        return EncodedDataset.prepare(d, Tokenizer.kim(), Synthetic.pretrained(7), VocabularyConfig.defaults(), 12)
                .dev();
    }

    private static TrainerConfig config(int epochs, int patience, long seed) {
        return new TrainerConfig(16, epochs, patience, ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT,
                seed);
    }

    private static TextClassifier dan(long seed) {
        return new Architecture.Dan(new DanConfig(8, 6)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), DATA.labels().size(), seed);
    }

    private static List<float[]> values(TextClassifier model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.value().data().asFloat());
        }
        return out;
    }

    private static void assertSameValues(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
    }

    /** History without the wall times. */
    private static List<List<Double>> trace(TrainingResult r) {
        List<List<Double>> out = new ArrayList<>();
        for (EpochRecord e : r.history()) {
            out.add(List.of((double) e.epoch(), e.trainLoss(), e.learningRate(), e.devAccuracy()));
        }
        return out;
    }

    @Test
    void learnsTheCueWord() {
        TextClassifier model = dan(1);
        TrainingResult r = Trainer.train(model, DATA.train(), DATA.dev(), config(10, 10, 1), ProgressListener.none());
        assertTrue(r.bestDevAccuracy() >= 0.95, "dev " + r.bestDevAccuracy());
        assertEquals(r.bestDevAccuracy(), Evaluation.accuracy(model, DATA.dev()));
        assertTrue(Evaluation.accuracy(model, DATA.test()) >= 0.9);
        assertTrue(r.history().get(r.epochs() - 1).trainLoss() < r.history().get(0).trainLoss());
        assertEquals(10L * 19, r.iterations()); // ceil(300 / 16) = 19 batches per epoch
    }

    @Test
    void sameSeedGivesBitIdenticalRuns() {
        for (int run = 0; run < 2; run++) {
            boolean lstm = run == 1;
            TrainingResult[] results = new TrainingResult[2];
            List<List<float[]>> params = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                TextClassifier model = lstm
                        ? new Architecture.Lstm(new LstmConfig(6, 0.3, 1.0)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), 2, 3)
                        : dan(3);
                results[k] = Trainer.train(model, DATA.train(), DATA.dev(), config(3, 3, 11), ProgressListener.none());
                params.add(values(model));
            }
            assertEquals(trace(results[0]), trace(results[1]));
            assertEquals(results[0].bestEpoch(), results[1].bestEpoch());
            assertSameValues(params.get(0), params.get(1));
        }
    }

    @Test
    void anotherShuffleSeedGivesAnotherRun() {
        TextClassifier a = dan(3);
        TextClassifier b = dan(3);
        Trainer.train(a, DATA.train(), DATA.dev(), config(1, 1, 11), ProgressListener.none());
        Trainer.train(b, DATA.train(), DATA.dev(), config(1, 1, 12), ProgressListener.none());
        assertFalse(java.util.Arrays.equals(values(a).get(1), values(b).get(1)));
    }

    @Test
    void keepsTheBestEpochNotTheLast() {
        // Train long with a dev set on which the model peaks at some epoch; the kept parameters must
        // be those a run stopped at that epoch ends with.
        TrainerConfig long_ = config(12, 12, 5).withSchedule(ScheduleSpec.of(new ConstantRate(0.05)));
        TextClassifier full = dan(4);
        TrainingResult r = Trainer.train(full, DATA.train(), DATA.dev(), long_, ProgressListener.none());
        double maxDev = r.initialDevAccuracy();
        for (EpochRecord e : r.history()) {
            maxDev = Math.max(maxDev, e.devAccuracy());
        }
        assertEquals(maxDev, r.bestDevAccuracy());
        assertTrue(r.bestEpoch() < r.epochs(), "best " + r.bestEpoch() + " of " + r.epochs());
        assertEquals(maxDev, Evaluation.accuracy(full, DATA.dev()));
        TextClassifier shorter = dan(4);
        Trainer.train(shorter, DATA.train(), DATA.dev(), long_.withMaxEpochs(Math.max(1, r.bestEpoch())),
                ProgressListener.none());
        assertSameValues(values(shorter), values(full));
    }

    @Test
    void restoresTheStartingPointWhenTrainingNeverHelpsOnDev() {
        TextClassifier model = dan(2);
        List<float[]> initial = values(model);
        TrainingResult r = Trainer.train(model, DATA.train(), FLIPPED_DEV, config(4, 4, 1), ProgressListener.none());
        assertEquals(0, r.bestEpoch());
        assertEquals(4, r.epochs());
        assertTrue(r.history().get(3).devAccuracy() < r.initialDevAccuracy());
        assertSameValues(initial, values(model));
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        TextClassifier model = dan(2);
        TrainingResult r = Trainer.train(model, DATA.train(), FLIPPED_DEV, config(20, 3, 1), ProgressListener.none());
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochs());
        assertEquals(3L * 19, r.iterations());
        TrainingResult full = Trainer.train(dan(2), DATA.train(), DATA.dev(), config(3, 3, 1), ProgressListener.none());
        assertFalse(full.stoppedEarly(), "the epoch limit is not an early stop");
    }

    @Test
    void frozenParametersStayAndTheModeIsRestored() {
        TextClassifier model = dan(5);
        Parameter table = model.parameters().get(0);
        table.setTrainable(false);
        float[] before = table.value().data().asFloat();
        model.setTraining(false);
        Trainer.train(model, DATA.train(), DATA.dev(), config(2, 2, 1), ProgressListener.none());
        assertArrayEquals(before, table.value().data().asFloat());
        assertFalse(model.isTraining());
        assertNotEquals(0.0, model.parameters().get(1).value().sumNumber().doubleValue());
    }

    @Test
    void rejectsAModelWithNothingToTrain() {
        TextClassifier model = dan(5);
        model.parameters().forEach(p -> p.setTrainable(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(model, DATA.train(), DATA.dev(), config(1, 1, 1), ProgressListener.none()));
        assertTrue(e.getMessage().contains("no trainable parameter"));
    }

    @Test
    void divergenceIsReportedAndTheBestSnapshotKept() {
        TextClassifier model = dan(6);
        List<float[]> initial = values(model);
        TrainerConfig wild = config(3, 3, 1).withSchedule(ScheduleSpec.of(new ConstantRate(1e38)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.train("pre-training", model, DATA.train(), DATA.dev(), wild, ProgressListener.none()));
        assertTrue(e.getMessage().startsWith("pre-training diverged: loss"), e.getMessage());
        assertSameValues(initial, values(model));
    }

    @Test
    void reportsProgressAsOneTask() {
        List<String> events = new ArrayList<>();
        long[] last = {0};
        ProgressListener listener = new ProgressListener() {
            @Override
            public void start(String task, long total, String unit) {
                events.add("start " + task + " " + total + " " + unit);
            }

            @Override
            public void update(long done, String detail) {
                assertTrue(done >= last[0] && done <= 2 * 19);
                last[0] = done;
                if (detail.contains("dev")) {
                    events.add("epoch " + done);
                }
            }

            @Override
            public void finish() {
                events.add("finish");
            }
        };
        Trainer.train("fine-tuning", dan(1), DATA.train(), DATA.dev(), config(2, 2, 1), listener);
        assertEquals(List.of("start fine-tuning 38 it", "epoch 19", "epoch 38", "finish"), events);
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> config(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config(1, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1).withBatchSize(0));
        assertEquals("batchSize must be in [1, 1000000], got 0", e.getMessage());
        assertTrue(config(5, 3, 1).stopsEarly());
        assertFalse(config(5, 5, 1).stopsEarly());
    }
}
