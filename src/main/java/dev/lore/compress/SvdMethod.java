package dev.lore.compress;

import dev.lore.linalg.TruncatedSvd;
import java.util.Locale;

/** The factorization algorithm of a {@link CompressionSpec}. */
public enum SvdMethod {
    /** {@link TruncatedSvd#exact()}: the Gram route, for {@code V >> d}. The default. */
    EXACT,
    /** {@link TruncatedSvd#randomized(long)} with the spec's seed, for large {@code d}. */
    RANDOMIZED;

    /** The algorithm, seeded with {@code seed} when it is random. */
    TruncatedSvd algorithm(long seed) {
        return this == EXACT ? TruncatedSvd.exact() : TruncatedSvd.randomized(seed);
    }

    /** Lower-case name as used on the command line: {@code exact}, {@code randomized}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method with the given {@link #label()} (case-insensitive).
     *
     * @throws IllegalArgumentException if there is none
     */
    public static SvdMethod fromLabel(String label) {
        for (SvdMethod m : values()) {
            if (m.label().equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method must be one of exact, randomized, got '" + label + "'");
    }
}
