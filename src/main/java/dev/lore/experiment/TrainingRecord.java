package dev.lore.experiment;

import dev.lore.train.TrainingResult;
import java.util.Objects;

/**
 * One training phase of an experiment, for the history log.
 *
 * @param dataset the dataset's name
 * @param model the architecture's name
 * @param seed the run's seed
 * @param phase {@code pre-training}, or the label of the method whose training this is
 * @param compression the target compression (0 for pre-training and none)
 * @param schedule the resolved schedule's text form
 * @param result what the trainer did
 */
public record TrainingRecord(String dataset, String model, long seed, String phase, double compression,
        String schedule, TrainingResult result) {

    /**
     * Checks the components.
     *
     * @param dataset not null
     * @param model not null
     * @param seed any value
     * @param phase not null
     * @param compression the target compression
     * @param schedule not null
     * @param result not null
     * @throws NullPointerException if {@code dataset}, {@code model}, {@code phase}, {@code schedule}
     *     or {@code result} is null
     */
    public TrainingRecord {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(result, "result");
    }
}
