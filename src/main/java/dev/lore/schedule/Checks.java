package dev.lore.schedule;

/** Parameter checks shared by the schedules; every message names the schedule, parameter and value. */
final class Checks {

    /** Largest half-cycle length: {@code 2 * step} must not overflow a {@code long}. */
    static final long MAX_STEP = Long.MAX_VALUE / 2;

    private Checks() {}

    /** A finite learning rate {@code >= 0}. */
    static double rate(String schedule, String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    schedule + ": " + name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** The bounds and half-cycle of Smith's cyclical schedules: {@code 0 <= lb <= ub}, both finite, {@code 1 <= step <= MAX_STEP}. */
    static void cycle(String schedule, double lb, double ub, long step) {
        rate(schedule, "lb", lb);
        rate(schedule, "ub", ub);
        ordered(schedule, "lb", lb, "ub", ub);
        range(schedule, "step", step, 1, MAX_STEP);
    }

    /** {@code lower <= upper}, both already checked with {@link #rate}. */
    static void ordered(String schedule, String lowerName, double lower, String upperName, double upper) {
        if (lower > upper) {
            throw new IllegalArgumentException(schedule + ": " + lowerName + " must be <= " + upperName
                    + ", got " + lowerName + "=" + lower + ", " + upperName + "=" + upper);
        }
    }

    /** A multiplicative decay factor in {@code (0, 1]}. */
    static double factor(String schedule, String name, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be in (0, 1], got " + value);
        }
        return value;
    }

    /** An integer in {@code [min, max]}. */
    static long range(String schedule, String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    schedule + ": " + name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** A finite real number {@code >= min}. */
    static double atLeast(String schedule, String name, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    schedule + ": " + name + " must be finite and >= " + min + ", got " + value);
        }
        return value;
    }

    /** Validates the counters passed to {@link LearningRateSchedule#valueAt}. */
    static void position(long iteration, long epoch) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    /**
     * Position in a triangular cycle of half-length {@code step}: {@code step - |c - step|} with
     * {@code c = iteration mod 2 step}, an integer in {@code [0, step]} that rises by one per
     * iteration from 0 to {@code step} and falls back. Integer arithmetic, so odd and even step
     * sizes are exact and the peak is hit exactly.
     */
    static long trianglePosition(long iteration, long step) {
        long c = iteration % (2 * step);
        return step - Math.abs(c - step);
    }
}
