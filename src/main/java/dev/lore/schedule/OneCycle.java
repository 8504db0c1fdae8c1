package dev.lore.schedule;

/**
 * The one-cycle policy (L. N. Smith and N. Topin, "Super-Convergence", 2017) as PyTorch's {@code
 * OneCycleLR} with {@code anneal_strategy="cos"} and two phases: a cosine warm-up from {@code
 * max / div} to {@code max}, then a cosine anneal to {@code max / (div * final_div)}.
 *
 * <p>Formula: with {@code initial = max / div}, {@code floor = initial / final_div}, {@code a =
 * pct * total - 1} (the last warm-up iteration, as a real number), {@code s = min(i, total - 1)}
 * and {@code cosine(from, to, p) = to + (from - to) / 2 * (cos(pi * p) + 1)}: {@code lr(i, e) =
 * cosine(initial, max, s / a)} if {@code s <= a}, else {@code cosine(max, floor, (s - a) / (total -
 * 1 - a))}. The epoch is unused. Past the last iteration the rate stays at {@code floor} (PyTorch
 * raises an error there instead). Validation requires {@code pct * total > 1}, which rules out
 * PyTorch's division by zero when the warm-up is a single iteration.
 *
 * <p>Text form: {@code onecycle(max=0.001,total=1000,pct=0.3,div=25.0,final_div=10000.0)}; {@code
 * max} and {@code total} are required, the others default to PyTorch's values {@value
 * #DEFAULT_PCT}, {@value #DEFAULT_DIV} and {@value #DEFAULT_FINAL_DIV}.
 *
 * @param max peak learning rate, finite, {@code >= 0}
 * @param total number of iterations of the cycle, {@code >= 2}
 * @param pct fraction of {@code total} spent warming up, in {@code (0, 1)}, with {@code pct *
 *     total > 1}
 * @param div {@code max} divided by the initial rate, finite, {@code >= 1}
 * @param finalDiv initial rate divided by the final rate, finite, {@code >= 1} (text name {@code
 *     final_div})
 */
public record OneCycle(double max, long total, double pct, double div, double finalDiv)
        implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "onecycle";
    /** Default warm-up fraction. */
    public static final double DEFAULT_PCT = 0.3;
    /** Default ratio of the peak to the initial rate. */
    public static final double DEFAULT_DIV = 25.0;
    /** Default ratio of the initial to the final rate. */
    public static final double DEFAULT_FINAL_DIV = 1e4;

    /**
     * Validates the parameters.
     *
     * @param max peak learning rate, finite, {@code >= 0}
     * @param total number of iterations of the cycle, {@code >= 2}
     * @param pct fraction of {@code total} spent warming up, in {@code (0, 1)}, with {@code pct *
     *     total > 1} and at least one annealing iteration left after the warm-up
     * @param div {@code max} divided by the initial rate, finite, {@code >= 1}
     * @param finalDiv initial rate divided by the final rate, finite, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public OneCycle {
        Checks.rate(NAME, "max", max);
        Checks.range(NAME, "total", total, 2, Long.MAX_VALUE);
        if (!(pct > 0.0 && pct < 1.0)) {
            throw new IllegalArgumentException(NAME + ": pct must be in (0, 1), got " + pct);
        }
        if (!(pct * total > 1.0)) {
            throw new IllegalArgumentException(NAME + ": pct * total must be > 1 (a warm-up of at"
                    + " least two iterations), got pct=" + pct + ", total=" + total);
        }
        if (!((total - 1) - (pct * total - 1.0) > 0.0)) {
            throw new IllegalArgumentException(NAME + ": pct must leave at least one annealing"
                    + " iteration after the warm-up, got pct=" + pct + ", total=" + total);
        }
        Checks.atLeast(NAME, "div", div, 1.0);
        Checks.atLeast(NAME, "final_div", finalDiv, 1.0);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        double initial = max / div;
        double floor = initial / finalDiv;
        double a = pct * total - 1.0;
        double s = Math.min(iteration, total - 1);
        if (s <= a) {
            return cosine(initial, max, s / a);
        }
        return cosine(max, floor, (s - a) / (total - 1 - a));
    }

    private static double cosine(double from, double to, double p) {
        return to + (from - to) / 2.0 * (Math.cos(Math.PI * p) + 1.0);
    }

    /** The text form, e.g. {@code onecycle(max=0.001,total=1000,pct=0.3,div=25.0,final_div=10000.0)}. */
    @Override
    public String toString() {
        return NAME + "(max=" + max + ",total=" + total + ",pct=" + pct + ",div=" + div
                + ",final_div=" + finalDiv + ")";
    }
}
