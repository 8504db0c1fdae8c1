package dev.lore;

import java.time.Instant;

/**
 * The creation time recorded in the files lore writes: now, or the time fixed by the environment
 * variable {@value #SOURCE_DATE_EPOCH} (seconds since 1970-01-01T00:00:00Z, the convention of
 * reproducible builds, reproducible-builds.org/specs/source-date-epoch), so that the same inputs
 * and seed give byte-identical files. Thread-safe.
 */
public final class CreationTime {

    /** The environment variable that fixes the creation time. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    private CreationTime() {}

    /**
     * {@value #SOURCE_DATE_EPOCH} as an instant when it is set and not empty, otherwise the current
     * time truncated to milliseconds.
     *
     * @return the creation time to record, in {@code [1970-01-01T00:00:00Z,
     *     9999-12-31T23:59:59Z]} when fixed by the variable
     * @throws IllegalStateException if the variable is set to anything but a decimal integer of
     *     seconds in {@code [0, 253402300799]} (years 1970 to 9999)
     */
    public static Instant now() {
        return of(System.getenv(SOURCE_DATE_EPOCH));
    }

    /** {@link #now()} with the variable's value given: {@code null} or empty means unset. */
    static Instant of(String epochSeconds) {
        if (epochSeconds == null || epochSeconds.isEmpty()) {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
        long s;
        try {
            s = Long.parseLong(epochSeconds.strip());
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (s < 0 || s > 253_402_300_799L) {
            throw new IllegalStateException(SOURCE_DATE_EPOCH + " must be a decimal number of seconds in [0, "
                    + "253402300799], got '" + QuotedText.of(epochSeconds) + "'");
        }
        return Instant.ofEpochSecond(s);
    }
}
