package dev.lore.schedule;

/**
 * Smith's {@code triangular2} cyclical learning rate: the triangle of {@link Triangular} with its
 * amplitude halved after every full cycle (Smith, WACV 2017; PyTorch's {@code
 * CyclicLR(mode="triangular2")}).
 *
 * <p>Formula: with {@code c = i mod (2 step)}, {@code t = step - |c - step|} and the cycle index
 * {@code n = floor(i / (2 step))} (from 0), {@code lr(i, e) = lb + (ub - lb) * (t / step) / 2^n}.
 * The division by {@code 2^n} is {@code Math.scalb(x, -min(n, 2100))}, exact unless the result is
 * subnormal. The epoch is unused.
 *
 * <p>Text form: {@code triangular2(lb=1.0E-6,ub=0.001,step=2000)}; {@code lb} and {@code ub} are
 * required, {@code step} defaults to {@value Triangular#DEFAULT_STEP}.
 *
 * @param lb lower bound, finite, {@code >= 0}
 * @param ub upper bound of the first cycle, finite, {@code >= lb}
 * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
 */
public record Triangular2(double lb, double ub, long step) implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "triangular2";
    /** Halvings beyond which every double amplitude has underflowed to 0. */
    private static final int MAX_HALVINGS = 2100;

    /**
     * Validates the parameters.
     *
     * @param lb lower bound, finite, {@code >= 0}
     * @param ub upper bound of the first cycle, finite, {@code >= lb}
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public Triangular2 {
        Checks.cycle(NAME, lb, ub, step);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        long cycle = iteration / (2 * step);
        double height = (ub - lb) * ((double) Checks.trianglePosition(iteration, step) / step);
        return lb + Math.scalb(height, -(int) Math.min(cycle, MAX_HALVINGS));
    }

    /** The text form, e.g. {@code triangular2(lb=1.0E-6,ub=0.001,step=2000)}. */
    @Override
    public String toString() {
        return NAME + "(lb=" + lb + ",ub=" + ub + ",step=" + step + ")";
    }
}
