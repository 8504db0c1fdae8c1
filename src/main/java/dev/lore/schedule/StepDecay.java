package dev.lore.schedule;

/**
 * Step decay, as PyTorch's {@code StepLR} stepped once per epoch: the rate is multiplied by {@code
 * gamma} every {@code every} epochs.
 *
 * <p>Formula: {@code lr(i, e) = lr * Math.pow(gamma, floor(e / every))}; the iteration is unused.
 *
 * <p>Text form: {@code step(lr=0.001,gamma=0.1,every=3)}; {@code lr} and {@code every} are
 * required, {@code gamma} defaults to {@value #DEFAULT_GAMMA}.
 *
 * @param lr initial learning rate, finite, {@code >= 0}
 * @param gamma factor per decay step, in {@code (0, 1]}
 * @param every epochs between decay steps, {@code >= 1}
 */
public record StepDecay(double lr, double gamma, long every) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "step";
    /** Default factor per decay step (PyTorch's default). */
    public static final double DEFAULT_GAMMA = 0.1;

    /**
     * Validates the parameters.
     *
     * @param lr initial learning rate, finite, {@code >= 0}
     * @param gamma factor per decay step, in {@code (0, 1]}
     * @param every epochs between decay steps, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public StepDecay {
        Checks.rate(NAME, "lr", lr);
        Checks.factor(NAME, "gamma", gamma);
        Checks.range(NAME, "every", every, 1, Long.MAX_VALUE);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        return lr * Math.pow(gamma, epoch / every);
    }

    /** The text form, e.g. {@code step(lr=0.001,gamma=0.1,every=3)}. */
    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ",gamma=" + gamma + ",every=" + every + ")";
    }
}
