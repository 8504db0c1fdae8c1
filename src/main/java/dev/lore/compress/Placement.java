package dev.lore.compress;

import java.util.Locale;

/**
 * Where the singular values of {@code E ~ U_r S_r V_r^T} go when it is split into the two layers
 * {@code A} ({@code V x r}) and {@code B} ({@code r x d}). The product {@code A B} is the same for all.
 */
public enum Placement {
    /** {@code A = U_r}, {@code B = S_r V_r^T}: as in Acharya et al. (AAAI 2019). The default. */
    RIGHT(0.0),
    /** {@code A = U_r S_r}, {@code B = V_r^T}. */
    LEFT(1.0),
    /** {@code A = U_r S_r^(1/2)}, {@code B = S_r^(1/2) V_r^T}. */
    SPLIT(0.5);

    private final double leftExponent;

    Placement(double leftExponent) {
        this.leftExponent = leftExponent;
    }

    /** The factor {@code s^e} by which column {@code j} of {@code U} is scaled in {@code A}. */
    double leftScale(double s) {
        return leftExponent == 0.0 ? 1.0 : leftExponent == 1.0 ? s : Math.sqrt(s);
    }

    /** The factor by which row {@code j} of {@code V^T} is scaled in {@code B}: {@code s / leftScale(s)}. */
    double rightScale(double s) {
        return leftExponent == 0.0 ? s : leftExponent == 1.0 ? 1.0 : Math.sqrt(s);
    }

    /**
     * The name used on the command line and in files.
     *
     * @return the lower-case name: {@code right}, {@code left} or {@code split}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The placement with the given {@link #label()} (case-insensitive).
     *
     * @param label {@code right}, {@code left} or {@code split}, in any case
     * @return the placement
     * @throws IllegalArgumentException if there is none (null included)
     */
    public static Placement fromLabel(String label) {
        for (Placement p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("placement must be one of right, left, split, got '" + label + "'");
    }
}
