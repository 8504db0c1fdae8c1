package dev.lore.nn;

import dev.lore.schedule.LearningRateSchedule;

import java.util.List;
import java.util.Objects;

/** Iteration and epoch bookkeeping and learning-rate checks shared by the optimizers. */
abstract class AbstractOptimizer implements Optimizer {

    private final List<Parameter> parameters;
    private final LearningRateSchedule learningRate;
    private long iteration;
    private int epoch;

    AbstractOptimizer(List<Parameter> parameters, LearningRateSchedule learningRate) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(learningRate, "learningRate");
        this.parameters = List.copyOf(parameters);
        for (int i = 0; i < this.parameters.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (this.parameters.get(i) == this.parameters.get(j)) {
                    throw new IllegalArgumentException(
                            "parameter " + this.parameters.get(i).name() + " is listed twice");
                }
            }
        }
        this.learningRate = learningRate;
    }

    @Override
    public final void step() {
        double lr = learningRate.valueAt(iteration, epoch);
        if (!(lr >= 0 && Double.isFinite(lr))) {
            throw new IllegalStateException("learning rate at iteration " + iteration + ", epoch "
                    + epoch + " must be finite and >= 0, got " + lr);
        }
        apply(lr, iteration, epoch);
        iteration++;
    }

    /** Updates every trainable parameter at learning rate {@code lr}. */
    abstract void apply(double lr, long iteration, int epoch);

    @Override
    public final long iteration() {
        return iteration;
    }

    @Override
    public final int epoch() {
        return epoch;
    }

    @Override
    public final void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }
}
