package dev.lore.nn;

import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongToDoubleFunction;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The learning rate of each optimizer step, as a function of the step's iteration (0 for the
 * first step) and epoch. An {@link Optimizer} calls it once per step and rejects values that are
 * negative, NaN or infinite.
 */
@FunctionalInterface
public interface LearningRate {

    /** The rate for the step at {@code iteration} (from 0) in {@code epoch} (from 0). */
    double at(long iteration, int epoch);

    /**
     * A fixed rate.
     *
     * @throws IllegalArgumentException unless {@code rate} is finite and {@code >= 0}
     */
    static LearningRate constant(double rate) {
        if (!(rate >= 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("rate must be finite and >= 0, got " + rate);
        }
        return (iteration, epoch) -> rate;
    }

    /** A rate that depends on the iteration only. */
    static LearningRate of(LongToDoubleFunction byIteration) {
        Objects.requireNonNull(byIteration, "byIteration");
        return (iteration, epoch) -> byIteration.applyAsDouble(iteration);
    }

    /** A rate read from {@code supplier} at every step (e.g. a schedule advanced elsewhere). */
    static LearningRate of(DoubleSupplier supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return (iteration, epoch) -> supplier.getAsDouble();
    }

    /**
     * ND4J's schedule {@code valueAt(iteration, epoch)}.
     *
     * @throws IllegalStateException at a step whose iteration exceeds {@code Integer.MAX_VALUE}
     */
    static LearningRate of(ISchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return (iteration, epoch) -> {
            if (iteration > Integer.MAX_VALUE) {
                throw new IllegalStateException("an ISchedule takes int iterations, got " + iteration);
            }
            return schedule.valueAt((int) iteration, epoch);
        };
    }
}
