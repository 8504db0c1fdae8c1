package dev.lore.schedule;

import java.util.Objects;

/**
 * Settings of a {@link PlateauController}, with the meaning and defaults of PyTorch's {@code
 * ReduceLROnPlateau}.
 *
 * @param mode whether a lower ({@link Mode#MIN}, e.g. a loss) or higher ({@link Mode#MAX}, e.g.
 *     an accuracy) metric is better
 * @param factor multiplier applied to the scale at each reduction, in {@code (0, 1)}
 * @param patience number of reports without improvement tolerated before a reduction, {@code >= 0}
 * @param threshold minimum improvement that counts, finite, {@code >= 0}; relative or absolute
 *     according to {@code thresholdMode}
 * @param thresholdMode how {@code threshold} is applied
 * @param cooldown number of reports after a reduction during which no report counts as bad,
 *     {@code >= 0}
 * @param minScale the scale never goes below this value, in {@code [0, 1]}
 */
public record PlateauConfig(
        Mode mode,
        double factor,
        int patience,
        double threshold,
        ThresholdMode thresholdMode,
        int cooldown,
        double minScale) {

    /** Which direction of the metric is an improvement. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    /**
     * How the improvement threshold is applied. With {@code best} the best metric so far, a new
     * metric {@code m} improves on it when, for {@code MIN}: {@code m < best * (1 - threshold)}
     * (relative) or {@code m < best - threshold} (absolute); for {@code MAX}: {@code m > best * (1 +
     * threshold)} (relative) or {@code m > best + threshold} (absolute).
     */
    public enum ThresholdMode {
        /** The threshold is a fraction of the best value. */
        RELATIVE,
        /** The threshold is in the metric's units. */
        ABSOLUTE
    }

    /** @throws IllegalArgumentException if a parameter is outside its range; NullPointerException for null enums */
    public PlateauConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(thresholdMode, "thresholdMode");
        if (!(factor > 0.0 && factor < 1.0)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!(threshold >= 0.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
        }
        if (!(minScale >= 0.0 && minScale <= 1.0)) {
            throw new IllegalArgumentException("minScale must be in [0, 1], got " + minScale);
        }
    }

    /**
     * PyTorch's defaults: factor 0.1, patience 10, relative threshold 1e-4, no cooldown, no
     * minimum scale.
     */
    public static PlateauConfig defaults(Mode mode) {
        return new PlateauConfig(mode, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0.0);
    }

    /** This configuration with another patience. */
    public PlateauConfig withPatience(int patience) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minScale);
    }

    /** This configuration with another factor. */
    public PlateauConfig withFactor(double factor) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minScale);
    }
}
