package dev.lore.schedule;

/**
 * Exponential decay per epoch, as PyTorch's {@code ExponentialLR} stepped once per epoch.
 *
 * <p>Formula: {@code lr(i, e) = lr * Math.pow(gamma, e)}; the iteration is unused.
 *
 * <p>Text form: {@code exp(lr=0.001,gamma=0.9)}; both parameters are required.
 *
 * @param lr initial learning rate, finite, {@code >= 0}
 * @param gamma factor per epoch, in {@code (0, 1]}
 */
public record ExponentialDecay(double lr, double gamma) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "exp";

    /**
     * Validates the parameters.
     *
     * @param lr initial learning rate, finite, {@code >= 0}
     * @param gamma factor per epoch, in {@code (0, 1]}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public ExponentialDecay {
        Checks.rate(NAME, "lr", lr);
        Checks.factor(NAME, "gamma", gamma);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        return lr * Math.pow(gamma, epoch);
    }

    /** The text form, e.g. {@code exp(lr=0.001,gamma=0.9)}. */
    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ",gamma=" + gamma + ")";
    }
}
