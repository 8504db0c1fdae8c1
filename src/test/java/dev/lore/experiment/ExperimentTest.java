package dev.lore.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.compress.Placement;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Synthetic;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.schedule.ConstantRate;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.TrainerConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {

    private static final EncodedDataset DATA = Synthetic.encoded(31, 400, 150, 150);
    private static final Architecture DAN = new Architecture.Dan(new DanConfig(10, 8));

    static ExperimentPlan plan(List<Method> methods, List<Double> ps, List<Long> seeds) {
        TrainerConfig pre = new TrainerConfig(20, 6, 6, ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT, 0);
        TrainerConfig fine = pre.withMaxEpochs(5).withPatience(5);
        return new ExperimentPlan(DAN, methods, ps, seeds, pre, fine, List.of(fine.schedule()), Placement.RIGHT,
                QuantizationScope.ROW);
    }

    @Test
    void everyMethodGivesOneRowPerCompressionAndSeed() {
        List<Method> all = List.of(Method.values());
        List<RunResult> seen = new ArrayList<>();
        List<TrainingRecord> phases = new ArrayList<>();
        List<RunResult> rows = Experiment.run("synthetic", DATA, plan(all, List.of(0.5, 0.9), List.of(1L, 2L)),
                new Experiment.Listener() {
                    @Override
                    public void onRun(RunResult r) {
                        seen.add(r);
                    }

                    @Override
                    public void onTraining(TrainingRecord t) {
                        phases.add(t);
                    }
                }, ProgressListener.none());
        assertEquals(rows, seen);
        // Per seed: 5 compressing methods x 2 compressions + none.
        assertEquals(2 * (5 * 2 + 1), rows.size());
        // Per seed: pre-training, online x2, quantized-ft x2, offline x2, none.
        assertEquals(2 * 8, phases.size());
        int v = DATA.vocabulary().size();
        int d = Synthetic.DIM;
        for (RunResult r : rows) {
            assertEquals("synthetic", r.dataset());
            assertEquals("dan", r.model());
            switch (r.method()) {
                case ONLINE, SVD, OFFLINE -> {
                    int rank = (int) Math.floor((1 - r.compression()) * v * d / (v + d) + 1e-9);
                    assertEquals(rank, r.rank());
                    assertEquals((long) rank * (v + d), r.embeddingParameters());
                    assertEquals(4L * rank * (v + d), r.embeddingBytes());
                    assertEquals(32, r.bits());
                }
                case QUANTIZED, QUANTIZED_FT -> {
                    assertEquals(r.compression() == 0.5 ? 16 : 3, r.bits());
                    assertEquals((long) v * d, r.embeddingParameters());
                    // Codes plus one offset and one step (two floats) per row.
                    assertEquals(((long) v * d * r.bits() + 7) / 8 + 8L * v, r.embeddingBytes());
                }
                case NONE -> {
                    assertEquals(0.0, r.compression());
                    assertEquals(4L * v * d, r.embeddingBytes());
                    assertEquals(0.0, r.compressionError());
                }
            }
            assertEquals(r.method().fineTunes() || r.method() == Method.OFFLINE, r.epochs() > 0, r.toString());
            assertEquals(r.method() == Method.OFFLINE, Double.isNaN(r.pretrainDevAccuracy()));
        }
        // The cue word survives compression: every method that trains stays accurate.
        for (RunResult r : rows) {
            if (r.method() == Method.ONLINE || r.method() == Method.NONE || r.method() == Method.OFFLINE) {
                assertTrue(r.testAccuracy() >= 0.95, r.toString());
            }
        }
    }

    @Test
    void sameSeedsGiveIdenticalRowsApartFromTime() {
        ExperimentPlan p = plan(List.of(Method.ONLINE, Method.NONE), List.of(0.8), List.of(5L));
        List<RunResult> a = Experiment.run("s", DATA, p, new Experiment.Listener() {}, ProgressListener.none());
        List<RunResult> b = Experiment.run("s", DATA, p, new Experiment.Listener() {}, ProgressListener.none());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(withoutTime(a.get(i)), withoutTime(b.get(i)));
        }
    }

    @Test
    void schedulesMultiplyTheFineTuningMethodsOnly() {
        ExperimentPlan p = plan(List.of(Method.ONLINE, Method.SVD, Method.NONE), List.of(0.8), List.of(1L))
                .withSchedules(List.of(ScheduleSpec.of(new ConstantRate(0.003)), ScheduleSpec.of(new ConstantRate(0.001))));
        List<RunResult> rows = Experiment.run("s", DATA, p, new Experiment.Listener() {}, ProgressListener.none());
        assertEquals(5, rows.size());
        assertEquals(EnumSet.of(Method.ONLINE, Method.SVD, Method.NONE),
                EnumSet.copyOf(rows.stream().map(RunResult::method).toList()));
        assertEquals(List.of("constant(lr=0.003)", "constant(lr=0.001)"),
                rows.stream().filter(r -> r.method() == Method.ONLINE).map(RunResult::schedule).toList());
    }

    @Test
    void ratioMethodsFitTheBudgetAndBestIsTheCandidateOfBestDev() {
        ScheduleSpec calr = new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 0.003, 1e-6, 0.5, 0.1, 1);
        ExperimentPlan base = plan(List.of(Method.NONE), List.of(0.5), List.of(1L));
        ExperimentPlan p = new ExperimentPlan(DAN, List.of(Method.BEST, Method.PQ, Method.PQ_FT, Method.LOWRANK_Q_FT,
                Method.PRUNED_FT, Method.QUANTIZED_FT, Method.NONE), List.of(), List.of(1L), base.pretraining(),
                base.fineTuning(), List.of(calr), Placement.RIGHT, QuantizationScope.ROW, List.of(2.0));
        List<RunResult> rows = Experiment.run("s", DATA, p, new Experiment.Listener() {}, ProgressListener.none());
        int v = DATA.vocabulary().size();
        long budget = (long) Math.floor(4.0 * v * Synthetic.DIM / 2.0);
        assertEquals(EnumSet.of(Method.BEST, Method.PQ, Method.PQ_FT, Method.LOWRANK_Q_FT, Method.PRUNED_FT,
                Method.QUANTIZED_FT, Method.NONE), EnumSet.copyOf(rows.stream().map(RunResult::method).toList()));
        double bestOwnDev = 0;
        RunResult best = null;
        for (RunResult r : rows) {
            switch (r.method()) {
                case NONE -> assertEquals(4L * v * Synthetic.DIM, r.embeddingBytes());
                case QUANTIZED_FT -> assertTrue(r.embeddingBytes() >= budget, r.toString());
                case BEST -> best = r;
                default -> {
                    assertTrue(r.embeddingBytes() <= budget, r.toString());
                    assertEquals(2.0, r.targetRatio());
                    assertFalse(r.recipe().isEmpty(), r.toString());
                    if (r.method() != Method.PQ) {
                        bestOwnDev = Math.max(bestOwnDev, r.devAccuracy());
                    }
                }
            }
        }
        // best picks among these families and the pruned low-rank one, so it is at least as good on dev.
        assertTrue(best.devAccuracy() >= bestOwnDev, best + " vs " + bestOwnDev);
        assertTrue(best.embeddingBytes() <= budget, best.toString());
    }

    @Test
    void codedCandidatesTryTheUpperBoundTimesTen() {
        ScheduleSpec calr = new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 3e-4, 1e-6, 0.5, 0.1, 1);
        List<ScheduleSpec> tried = Experiment.codedSchedules(calr);
        assertEquals(List.of(calr, new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 3e-3, 1e-6, 0.5, 0.1, 1)),
                tried);
        ScheduleSpec fixed = ScheduleSpec.of(new ConstantRate(0.01));
        assertEquals(List.of(fixed), Experiment.codedSchedules(fixed));
    }

    @Test
    void planValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan(List.of(Method.ONLINE, Method.ONLINE), List.of(0.5), List.of(1L)));
        assertEquals("methods must be distinct, 'ONLINE' is repeated", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(Method.ONLINE), List.of(1.0), List.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(Method.QUANTIZED), List.of(0.97), List.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(Method.ONLINE), List.of(), List.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(Method.ONLINE), List.of(0.5), List.of()));
        // 0.97 is fine for factorization, where only a rank of 0 is refused (when the data is known).
        plan(List.of(Method.ONLINE), List.of(0.97), List.of(1L));
        ExperimentPlan tiny = plan(List.of(Method.ONLINE), List.of(0.99), List.of(1L));
        e = assertThrows(IllegalArgumentException.class, () -> Experiment.run("s", DATA, tiny,
                new Experiment.Listener() {}, ProgressListener.none()));
        assertTrue(e.getMessage().contains("leaves rank 0"), e.getMessage());
    }

    static RunResult withoutTime(RunResult r) {
        return new RunResult(r.dataset(), r.model(), r.method(), r.compression(), r.rank(), r.bits(), r.seed(),
                r.schedule(), r.vocabularySize(), r.dimension(), r.embeddingParameters(), r.embeddingBytes(),
                r.compressionError(), r.devAccuracy(), r.testAccuracy(), r.pretrainDevAccuracy(), r.pretrainEpochs(),
                r.epochs(), r.bestEpoch(), 0);
    }
}
