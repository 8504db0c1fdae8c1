package dev.lore.schedule;

/**
 * A constant learning rate: {@code lr(i, e) = lr}.
 *
 * <p>Text form: {@code constant(lr=0.001)}; {@code lr} is required.
 *
 * @param lr the learning rate, finite, {@code >= 0}
 */
public record ConstantRate(double lr) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "constant";

    /**
     * Validates the rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public ConstantRate {
        Checks.rate(NAME, "lr", lr);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        return lr;
    }

    /** The text form, e.g. {@code constant(lr=0.001)}. */
    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ")";
    }
}
