package dev.lore.schedule;

import java.util.Objects;

/**
 * Validation-driven annealing, kept apart from the pure schedules: a multiplier that starts at 1
 * and is multiplied by {@code factor} whenever the reported metric stops improving, with the
 * rules of PyTorch's {@code ReduceLROnPlateau}.
 *
 * <p>Use: after each evaluation (typically once per epoch) call {@link #report(double)} with the
 * validation metric; at each step use {@code controller.scale() * schedule.valueAt(i, e)} as the
 * learning rate. The controller is stateful, so it is not a {@link LearningRateSchedule}: the
 * rate it gives depends on the history of reports. Not thread-safe; one controller per run.
 *
 * <p>Rule, for each report of a metric {@code m}: if {@code m} improves on the best value so far
 * (see {@link PlateauConfig.ThresholdMode}) it becomes the best and the count of bad reports is
 * reset, otherwise the count grows by one; during a cooldown (the {@code cooldown} reports after
 * a reduction) the count is held at 0; when the count exceeds {@code patience}, {@code scale =
 * max(scale * factor, minScale)}, the cooldown starts and the count is reset.
 */
public final class PlateauController {

    private final PlateauConfig config;
    private double scale = 1.0;
    private double best;
    private int badReports;
    private int cooldownLeft;
    private int reductions;

    /** A controller with scale 1 and no reports yet. */
    public PlateauController(PlateauConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.best = config.mode() == PlateauConfig.Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * Records one evaluation of the monitored metric.
     *
     * @param metric the validation metric, finite
     * @return true if this report reduced the scale
     * @throws IllegalArgumentException if {@code metric} is NaN or infinite
     */
    public boolean report(double metric) {
        if (!Double.isFinite(metric)) {
            throw new IllegalArgumentException("metric must be finite, got " + metric);
        }
        if (improves(metric)) {
            best = metric;
            badReports = 0;
        } else {
            badReports++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badReports = 0;
        }
        if (badReports > config.patience()) {
            double reduced = Math.max(scale * config.factor(), config.minScale());
            boolean changed = reduced < scale;
            scale = reduced;
            cooldownLeft = config.cooldown();
            badReports = 0;
            if (changed) {
                reductions++;
            }
            return changed;
        }
        return false;
    }

    private boolean improves(double m) {
        double t = config.threshold();
        boolean relative = config.thresholdMode() == PlateauConfig.ThresholdMode.RELATIVE;
        if (config.mode() == PlateauConfig.Mode.MIN) {
            return m < (relative ? best * (1.0 - t) : best - t);
        }
        return m > (relative ? best * (1.0 + t) : best + t);
    }

    /** The current multiplier, in {@code [minScale, 1]}. */
    public double scale() {
        return scale;
    }

    /** {@code scale() * schedule.valueAt(iteration, epoch)}. */
    public double learningRate(LearningRateSchedule schedule, long iteration, long epoch) {
        return scale * schedule.valueAt(iteration, epoch);
    }

    /** The best metric reported so far (an infinity before the first report). */
    public double best() {
        return best;
    }

    /** How many reports reduced the scale. */
    public int reductions() {
        return reductions;
    }

    /** The configuration. */
    public PlateauConfig config() {
        return config;
    }
}
