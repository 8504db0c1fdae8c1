package dev.lore.schedule;

/**
 * SGDR: cosine annealing with warm restarts (Loshchilov and Hutter, "SGDR: Stochastic Gradient
 * Descent with Warm Restarts", ICLR 2017), with periods counted in iterations.
 *
 * <p>Formula: the run is cut into periods of {@code T_k = t0 * tmult^k} iterations ({@code k = 0,
 * 1, ...}); with {@code T_cur} the iterations since the start of the current period {@code k},
 * {@code lr(i, e) = min + (max - min) * (1 + cos(pi * T_cur / T_k)) / 2}. The rate is {@code max}
 * at the start of each period and falls towards (never reaching) {@code min} at its end. The epoch
 * is unused: PyTorch's {@code CosineAnnealingWarmRestarts} counts {@code T_0} in epochs made
 * fractional by the batch index, which is the same curve with {@code t0 = T_0 *
 * iterationsPerEpoch}. Finding the period takes at most 63 steps when {@code tmult >= 2}.
 *
 * <p>Text form: {@code sgdr(max=0.001,min=0.0,t0=1000,tmult=1)}; {@code max} and {@code t0} are
 * required, {@code min} defaults to 0 and {@code tmult} to 1 (PyTorch's defaults).
 *
 * @param max rate at the start of each period, finite, {@code >= min}
 * @param min rate approached at the end of each period, finite, {@code >= 0}
 * @param t0 length of the first period in iterations, {@code >= 1}
 * @param tmult growth factor of the period length, an integer {@code >= 1}
 */
public record CosineWarmRestarts(double max, double min, long t0, long tmult)
        implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "sgdr";

    /**
     * Validates the parameters.
     *
     * @param max rate at the start of each period, finite, {@code >= min}
     * @param min rate approached at the end of each period, finite, {@code >= 0}
     * @param t0 length of the first period in iterations, {@code >= 1}
     * @param tmult growth factor of the period length, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public CosineWarmRestarts {
        Checks.rate(NAME, "max", max);
        Checks.rate(NAME, "min", min);
        Checks.ordered(NAME, "min", min, "max", max);
        Checks.range(NAME, "t0", t0, 1, Long.MAX_VALUE);
        Checks.range(NAME, "tmult", tmult, 1, Long.MAX_VALUE);
    }

    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        long length = t0;
        long offset;
        if (tmult == 1) {
            offset = iteration % t0;
        } else {
            long start = 0;
            while (iteration - start >= length) {
                start += length;
                // A period too long for a long contains every remaining iteration.
                length = length > Long.MAX_VALUE / tmult ? Long.MAX_VALUE : length * tmult;
            }
            offset = iteration - start;
        }
        return min + (max - min) * (1.0 + Math.cos(Math.PI * offset / length)) / 2.0;
    }

    /** The text form, e.g. {@code sgdr(max=0.001,min=0.0,t0=1000,tmult=2)}. */
    @Override
    public String toString() {
        return NAME + "(max=" + max + ",min=" + min + ",t0=" + t0 + ",tmult=" + tmult + ")";
    }
}
