package dev.lore.train;

import dev.lore.data.BatchConfig;
import dev.lore.data.MiniBatches;
import dev.lore.nn.AdamConfig;
import java.util.Objects;

/**
 * How {@link Trainer} trains a model: mini-batches, epochs, early stopping, learning-rate
 * schedule, Adam and the seed of the batch order.
 *
 * @param batchSize examples per mini-batch, in {@code [1, 1_000_000]}; the last, smaller batch of
 *     an epoch is kept
 * @param maxEpochs passes over the training split at most, in {@code [1, 100_000]}
 * @param patience epochs without a strict improvement of the best dev accuracy after which
 *     training stops, in {@code [1, 100_000]}; {@code patience >= maxEpochs} never stops early
 * @param schedule the learning rate of each update (iteration counter running across epochs)
 * @param adam Adam's betas, epsilon and form
 * @param seed seed of the per-epoch shuffles ({@link MiniBatches#shuffled})
 */
public record TrainerConfig(int batchSize, int maxEpochs, int patience, ScheduleSpec schedule,
        AdamConfig adam, long seed) {

    /** Largest {@link #maxEpochs} and {@link #patience}. */
    public static final int MAX_EPOCHS = 100_000;

    /**
     * Validates the configuration.
     *
     * @param batchSize in {@code [1, 1_000_000]}
     * @param maxEpochs in {@code [1, 100_000]}
     * @param patience in {@code [1, 100_000]}
     * @param schedule not null
     * @param adam not null
     * @param seed any value
     * @throws IllegalArgumentException if a value is outside its range; the message names it
     * @throws NullPointerException if {@code schedule} or {@code adam} is null
     */
    public TrainerConfig {
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 1000000], got " + batchSize);
        }
        if (maxEpochs < 1 || maxEpochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("maxEpochs must be in [1, " + MAX_EPOCHS + "], got " + maxEpochs);
        }
        if (patience < 1 || patience > MAX_EPOCHS) {
            throw new IllegalArgumentException("patience must be in [1, " + MAX_EPOCHS + "], got " + patience);
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(adam, "adam");
    }

    /**
     * The batch configuration of the shuffled training batches.
     *
     * @return {@code batchSize} and {@code seed}, last partial batch kept, fixed {@code seqLen}
     */
    public BatchConfig batches() {
        return new BatchConfig(batchSize, seed, false, false);
    }

    /**
     * Whether early stopping can end training before {@link #maxEpochs}.
     *
     * @return {@code patience < maxEpochs}
     */
    public boolean stopsEarly() {
        return patience < maxEpochs;
    }

    /**
     * This configuration with another batch size; this one is unchanged.
     *
     * @param newBatchSize in {@code [1, 1_000_000]}
     * @return the new configuration
     * @throws IllegalArgumentException if {@code newBatchSize} is out of range
     */
    public TrainerConfig withBatchSize(int newBatchSize) {
        return new TrainerConfig(newBatchSize, maxEpochs, patience, schedule, adam, seed);
    }

    /**
     * This configuration with another epoch limit; this one is unchanged.
     *
     * @param newMaxEpochs in {@code [1, 100_000]}
     * @return the new configuration
     * @throws IllegalArgumentException if {@code newMaxEpochs} is out of range
     */
    public TrainerConfig withMaxEpochs(int newMaxEpochs) {
        return new TrainerConfig(batchSize, newMaxEpochs, patience, schedule, adam, seed);
    }

    /**
     * This configuration with another patience; this one is unchanged.
     *
     * @param newPatience in {@code [1, 100_000]}
     * @return the new configuration
     * @throws IllegalArgumentException if {@code newPatience} is out of range
     */
    public TrainerConfig withPatience(int newPatience) {
        return new TrainerConfig(batchSize, maxEpochs, newPatience, schedule, adam, seed);
    }

    /**
     * This configuration with another schedule; this one is unchanged.
     *
     * @param newSchedule not null
     * @return the new configuration
     * @throws NullPointerException if {@code newSchedule} is null
     */
    public TrainerConfig withSchedule(ScheduleSpec newSchedule) {
        return new TrainerConfig(batchSize, maxEpochs, patience, newSchedule, adam, seed);
    }

    /**
     * This configuration with other Adam settings; this one is unchanged.
     *
     * @param newAdam not null
     * @return the new configuration
     * @throws NullPointerException if {@code newAdam} is null
     */
    public TrainerConfig withAdam(AdamConfig newAdam) {
        return new TrainerConfig(batchSize, maxEpochs, patience, schedule, newAdam, seed);
    }

    /**
     * This configuration with another seed of the batch order; this one is unchanged.
     *
     * @param newSeed any value
     * @return the new configuration
     */
    public TrainerConfig withSeed(long newSeed) {
        return new TrainerConfig(batchSize, maxEpochs, patience, schedule, adam, newSeed);
    }
}
