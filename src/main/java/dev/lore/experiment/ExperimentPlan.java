package dev.lore.experiment;

import dev.lore.compress.Placement;
import dev.lore.nn.Architecture;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.train.OnlineCompression;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.TrainerConfig;
import dev.lore.train.TrainingDefaults;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A grid of compression experiments on one dataset: every method at every compression, for every
 * seed (and every fine-tuning schedule), all with one architecture.
 *
 * @param architecture the model
 * @param methods the methods, distinct, at least one
 * @param compressions the target compressions {@code p}, distinct, each in {@code [0, 1)}, and at
 *     most {@code 31/32} if a quantizing method is run (at least 1 bit); ignored by
 *     {@link Method#NONE}
 * @param seeds the seeds, distinct, at least one: each seeds model initialisation and batch order
 * @param pretraining training of the full model (its seed is replaced by each run's)
 * @param fineTuning fine-tuning after compression (its seed and schedule are replaced by each run's)
 * @param schedules the fine-tuning schedules to compare, distinct, at least one
 * @param placement where the singular values go in online, svd and offline compression
 * @param quantizationScope per-row or per-matrix ranges for the quantizing methods
 * @param ratios the target byte ratios {@code 4 V d / bytes}, distinct, each {@code > 1} (possibly
 *     none): the methods of {@link Method#atRatios()} run at these only, the quantizing methods at
 *     these too (the fewest bits whose bytes reach the budget), the others ignore them
 */
public record ExperimentPlan(Architecture architecture, List<Method> methods, List<Double> compressions,
        List<Long> seeds, TrainerConfig pretraining, TrainerConfig fineTuning, List<ScheduleSpec> schedules,
        Placement placement, QuantizationScope quantizationScope, List<Double> ratios) {

    /**
     * A plan with no byte ratios.
     *
     * @param architecture as the canonical constructor
     * @param methods as the canonical constructor
     * @param compressions as the canonical constructor, not empty
     * @param seeds as the canonical constructor
     * @param pretraining as the canonical constructor
     * @param fineTuning as the canonical constructor
     * @param schedules as the canonical constructor
     * @param placement as the canonical constructor
     * @param quantizationScope as the canonical constructor
     * @throws IllegalArgumentException as the canonical constructor
     * @throws NullPointerException as the canonical constructor
     */
    public ExperimentPlan(Architecture architecture, List<Method> methods, List<Double> compressions,
            List<Long> seeds, TrainerConfig pretraining, TrainerConfig fineTuning, List<ScheduleSpec> schedules,
            Placement placement, QuantizationScope quantizationScope) {
        this(architecture, methods, compressions, seeds, pretraining, fineTuning, schedules, placement,
                quantizationScope, List.of());
    }

    /**
     * Validates the plan and copies the lists into unmodifiable ones.
     *
     * @param architecture not null
     * @param methods not empty, distinct; copied
     * @param compressions distinct, each in {@code [0, 1)} (at most {@code 31/32} if a method
     *     quantizes), not empty unless there are ratios; copied
     * @param seeds not empty, distinct; copied
     * @param pretraining not null
     * @param fineTuning not null
     * @param schedules not empty, distinct; copied
     * @param placement not null
     * @param quantizationScope not null
     * @param ratios distinct, each finite and {@code > 1}; copied
     * @throws IllegalArgumentException if a list is empty, repeats an element or holds an invalid value
     * @throws NullPointerException if a component or a list element is null
     */
    public ExperimentPlan {
        Objects.requireNonNull(architecture, "architecture");
        methods = distinct("methods", methods);
        Objects.requireNonNull(ratios, "ratios");
        ratios = List.copyOf(ratios);
        if (!ratios.isEmpty()) {
            ratios = distinct("ratios", ratios);
        }
        for (double r : ratios) {
            if (!(r > 1 && Double.isFinite(r))) {
                throw new IllegalArgumentException("ratio must be finite and > 1, got " + r);
            }
        }
        compressions = ratios.isEmpty() || !compressions.isEmpty() ? distinct("compressions", compressions)
                : List.copyOf(compressions);
        seeds = distinct("seeds", seeds);
        Objects.requireNonNull(pretraining, "pretraining");
        Objects.requireNonNull(fineTuning, "fineTuning");
        schedules = distinct("schedules", schedules);
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(quantizationScope, "quantizationScope");
        boolean quantizing = methods.stream().anyMatch(Method::quantizes);
        for (double p : compressions) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("compression must be in [0, 1), got " + p);
            }
            if (quantizing) {
                QuantizationConfig.bitsForCompression(p);
            }
        }
    }

    /**
     * The defaults of {@link TrainingDefaults} for {@code architecture}: its pre-training and
     * fine-tuning configurations and fine-tuning schedule, singular values placed by
     * {@link OnlineCompression#DEFAULT_PLACEMENT}, per-row quantization.
     *
     * @param architecture the model
     * @param methods the methods, distinct, at least one
     * @param compressions the target compressions, distinct, each in {@code [0, 1)}
     * @param seeds the seeds, distinct, at least one
     * @return the plan
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ExperimentPlan defaults(Architecture architecture, List<Method> methods, List<Double> compressions,
            List<Long> seeds) {
        TrainerConfig fine = TrainingDefaults.fineTuning(architecture, 0);
        return new ExperimentPlan(architecture, methods, compressions, seeds,
                TrainingDefaults.pretraining(architecture, 0), fine, List.of(fine.schedule()),
                OnlineCompression.DEFAULT_PLACEMENT, QuantizationScope.ROW);
    }

    /**
     * The configuration of offline training: pre-training with the epochs of both phases.
     *
     * @return {@link #pretraining} with {@code maxEpochs} the sum of both phases', capped at
     *     {@link TrainerConfig#MAX_EPOCHS}
     */
    public TrainerConfig offlineTraining() {
        return pretraining.withMaxEpochs(Math.min(TrainerConfig.MAX_EPOCHS,
                pretraining.maxEpochs() + fineTuning.maxEpochs()));
    }

    /**
     * This plan with other fine-tuning schedules; this one is unchanged.
     *
     * @param newSchedules not empty, distinct; copied
     * @return the new plan
     * @throws IllegalArgumentException if {@code newSchedules} is empty or repeats an element
     */
    public ExperimentPlan withSchedules(List<ScheduleSpec> newSchedules) {
        return new ExperimentPlan(architecture, methods, compressions, seeds, pretraining, fineTuning, newSchedules,
                placement, quantizationScope, ratios);
    }

    /**
     * This plan with other training configurations; this one is unchanged.
     *
     * @param newPretraining training of the full model, not null
     * @param newFineTuning fine-tuning after compression, not null
     * @return the new plan
     * @throws NullPointerException if an argument is null
     */
    public ExperimentPlan withTraining(TrainerConfig newPretraining, TrainerConfig newFineTuning) {
        return new ExperimentPlan(architecture, methods, compressions, seeds, newPretraining, newFineTuning, schedules,
                placement, quantizationScope, ratios);
    }

    /**
     * This plan with another placement of the singular values; this one is unchanged.
     *
     * @param newPlacement not null
     * @return the new plan
     * @throws NullPointerException if {@code newPlacement} is null
     */
    public ExperimentPlan withPlacement(Placement newPlacement) {
        return new ExperimentPlan(architecture, methods, compressions, seeds, pretraining, fineTuning, schedules,
                newPlacement, quantizationScope, ratios);
    }

    /**
     * This plan with another quantization scope; this one is unchanged.
     *
     * @param newScope not null
     * @return the new plan
     * @throws NullPointerException if {@code newScope} is null
     */
    public ExperimentPlan withQuantizationScope(QuantizationScope newScope) {
        return new ExperimentPlan(architecture, methods, compressions, seeds, pretraining, fineTuning, schedules,
                placement, newScope, ratios);
    }

    /**
     * This plan with other byte ratios; this one is unchanged.
     *
     * @param newRatios distinct, each {@code > 1}; copied
     * @return the new plan
     * @throws IllegalArgumentException if a ratio is invalid or repeated, or no compression and no ratio is left
     */
    public ExperimentPlan withRatios(List<Double> newRatios) {
        return new ExperimentPlan(architecture, methods, compressions, seeds, pretraining, fineTuning, schedules,
                placement, quantizationScope, newRatios);
    }

    private static <T> List<T> distinct(String name, List<T> values) {
        Objects.requireNonNull(values, name);
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        HashSet<T> seen = new HashSet<>();
        for (T v : copy) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(name + " must be distinct, '" + v + "' is repeated");
            }
        }
        return copy;
    }
}
