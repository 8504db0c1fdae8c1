package dev.lore.schedule;

/**
 * Smith's {@code triangular} cyclical learning rate (L. N. Smith, "Cyclical Learning Rates for
 * Training Neural Networks", WACV 2017; PyTorch's {@code CyclicLR(mode="triangular")}).
 *
 * <p>Formula: with {@code c = i mod (2 step)} and {@code t = step - |c - step|} (an integer that
 * climbs from 0 to {@code step} and back), {@code lr(i, e) = lb + (ub - lb) * (t / step)}. This is
 * Smith's {@code lb + (ub - lb) * max(0, 1 - |i/step - 2 floor(1 + i/(2 step)) + 1|)} evaluated
 * in integers, so odd step sizes are exact, the rate never leaves {@code [lb, ub]}, and {@code lr =
 * lb} at {@code i = 0}. The epoch is unused.
 *
 * <p>Text form: {@code triangular(lb=1.0E-6,ub=0.001,step=2000)}; {@code lb} and {@code ub} are
 * required, {@code step} defaults to {@value #DEFAULT_STEP}.
 *
 * @param lb lower bound, finite, {@code >= 0}
 * @param ub upper bound, finite, {@code >= lb}
 * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
 */
public record Triangular(double lb, double ub, long step) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "triangular";
    /** Default half-cycle length (PyTorch's {@code step_size_up}). */
    public static final long DEFAULT_STEP = 2000;

    /**
     * Validates the parameters.
     *
     * @param lb lower bound, finite, {@code >= 0}
     * @param ub upper bound, finite, {@code >= lb}
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public Triangular {
        Checks.cycle(NAME, lb, ub, step);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        return lb + (ub - lb) * ((double) Checks.trianglePosition(iteration, step) / step);
    }

    /** The text form, e.g. {@code triangular(lb=1.0E-6,ub=0.001,step=2000)}. */
    @Override
    public String toString() {
        return NAME + "(lb=" + lb + ",ub=" + ub + ",step=" + step + ")";
    }
}
