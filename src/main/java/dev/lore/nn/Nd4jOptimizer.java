package dev.lore.nn;

import dev.lore.schedule.LearningRateSchedule;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Steps parameters with any ND4J updater ({@code Adam}, {@code Sgd}, {@code Nesterovs},
 * {@code RmsProp} ...): one {@code GradientUpdater} per parameter; each step copies the gradient
 * into a contiguous 'c' buffer (ND4J silently drops updates computed on 'f'-ordered or view
 * arrays), calls {@code applyUpdater(buffer, iteration, epoch)}, which turns it into the update,
 * and subtracts it from the value. Gradients are left untouched.
 *
 * <p>The learning rate comes from the {@link LearningRateSchedule} given here, which replaces any rate or
 * schedule in the updater configuration (a copy of it is used; the argument is not modified);
 * for updaters without a learning rate it is ignored.
 *
 * <p>Not thread-safe: see {@link Optimizer}.
 */
public final class Nd4jOptimizer extends AbstractOptimizer {

    private final IUpdater config;
    private final GradientUpdater<?>[] updaters;
    private final INDArray[] updates;

    private Nd4jOptimizer(List<Parameter> parameters, IUpdater config, LearningRateSchedule learningRate) {
        super(parameters, learningRate);
        this.config = config.clone();
        List<Parameter> ps = parameters();
        this.updaters = new GradientUpdater<?>[ps.size()];
        this.updates = new INDArray[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            INDArray value = ps.get(i).value();
            long stateSize = this.config.stateSize(value.length());
            INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
            updaters[i] = this.config.instantiate(state, true);
            if (state != null) {
                updaters[i].setStateViewArray(state, value.shape(), 'c', true);
            }
            updates[i] = Nd4j.zeros(DataType.FLOAT, value.shape());
        }
    }

    /**
     * An optimizer for {@code parameters} (each listed once) with a fresh updater state.
     *
     * @param parameters the parameters to step, each listed once; the list is copied, the
     *     parameters' values are modified by {@link #step()}
     * @param config the ND4J updater configuration, copied (the argument is not modified); its own
     *     learning rate or schedule is replaced by {@code learningRate}
     * @param learningRate the rate at each iteration and epoch, not null
     * @return the optimizer, at iteration 0 and epoch 0
     * @throws IllegalArgumentException if a parameter is listed twice
     * @throws NullPointerException if an argument is null
     */
    public static Nd4jOptimizer create(List<Parameter> parameters, IUpdater config,
            LearningRateSchedule learningRate) {
        Objects.requireNonNull(config, "config");
        return new Nd4jOptimizer(parameters, config, learningRate);
    }

    @Override
    void apply(double lr, long iteration, int epoch) {
        if (iteration > Integer.MAX_VALUE) {
            throw new IllegalStateException("ND4J updaters take int iterations, got " + iteration);
        }
        if (config.hasLearningRate()) {
            config.setLrAndSchedule(lr, null);
        }
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            if (!p.isTrainable()) {
                continue;
            }
            updates[i].assign(p.gradient());
            updaters[i].applyUpdater(updates[i], (int) iteration, epoch);
            p.value().subi(updates[i]);
        }
    }
}
