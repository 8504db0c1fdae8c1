package dev.lore.schedule;

/**
 * Smith's {@code exp_range} cyclical learning rate: the triangle of {@link Triangular} with its
 * amplitude scaled by {@code gamma^i} (Smith, WACV 2017; PyTorch's {@code
 * CyclicLR(mode="exp_range")}).
 *
 * <p>Formula: with {@code c = i mod (2 step)} and {@code t = step - |c - step|}, {@code lr(i, e) =
 * lb + (ub - lb) * (t / step) * Math.pow(gamma, i)}. The epoch is unused.
 *
 * <p>Text form: {@code exp_range(lb=1.0E-6,ub=0.001,step=2000,gamma=0.999)}; {@code lb} and {@code
 * ub} are required, {@code step} defaults to {@value Triangular#DEFAULT_STEP} and {@code gamma} to
 * {@value #DEFAULT_GAMMA} (PyTorch's defaults; {@code gamma = 1} is {@code triangular}).
 *
 * @param lb lower bound, finite, {@code >= 0}
 * @param ub upper bound at iteration 0, finite, {@code >= lb}
 * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
 * @param gamma amplitude factor per iteration, in {@code (0, 1]}
 */
public record ExpRange(double lb, double ub, long step, double gamma) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "exp_range";
    /** Default amplitude factor per iteration. */
    public static final double DEFAULT_GAMMA = 1.0;

    /**
     * Validates the parameters.
     *
     * @param lb lower bound, finite, {@code >= 0}
     * @param ub upper bound at iteration 0, finite, {@code >= lb}
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
     * @param gamma amplitude factor per iteration, in {@code (0, 1]}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public ExpRange {
        Checks.cycle(NAME, lb, ub, step);
        Checks.factor(NAME, "gamma", gamma);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        double t = (double) Checks.trianglePosition(iteration, step) / step;
        return lb + (ub - lb) * t * Math.pow(gamma, iteration);
    }

    /** The text form, e.g. {@code exp_range(lb=1.0E-6,ub=0.001,step=2000,gamma=0.999)}. */
    @Override
    public String toString() {
        return NAME + "(lb=" + lb + ",ub=" + ub + ",step=" + step + ",gamma=" + gamma + ")";
    }
}
