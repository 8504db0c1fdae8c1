package dev.lore.schedule;

/**
 * A learning rate as a pure function of the training position.
 *
 * <p>Both counters start at 0: {@code iteration} is the global step counter that runs on across
 * epochs (the number of parameter updates made before this one), {@code epoch} the number of
 * complete passes over the training data made before this step. An implementation holds no
 * mutable state, so one instance may be shared by every parameter, every thread and every
 * updater, and the same arguments always give the same value. Implementations validate their
 * parameters at construction, so a call with valid counters never throws for numeric reasons.
 *
 * <p>The built-in schedules ({@link Calr}, {@link ConstantRate}, {@link StepDecay}, {@link
 * ExponentialDecay}, {@link Triangular}, {@link Triangular2}, {@link ExpRange}, {@link
 * CosineWarmRestarts}, {@link OneCycle}) return their text form from {@code toString()}, and
 * {@link LearningRateSchedules#parse(String)} reads it back to an equal schedule. {@link
 * Nd4jSchedule} adapts any of them to ND4J's {@code ISchedule}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for the update at global step {@code iteration} in epoch {@code epoch}.
     *
     * @param iteration global step counter, from 0, {@code >= 0}
     * @param epoch epoch counter, from 0, {@code >= 0}
     * @return a finite, non-negative learning rate
     * @throws IllegalArgumentException if {@code iteration} or {@code epoch} is negative
     */
    double valueAt(long iteration, long epoch);
}
