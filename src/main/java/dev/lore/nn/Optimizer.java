package dev.lore.nn;

import java.util.List;

/**
 * Updates parameters in place from their gradients. Lifecycle: after each backward pass call
 * {@link #step()} once; it updates every parameter that is trainable at that moment (frozen ones
 * are skipped and keep their state), then advances {@link #iteration()}. Set the epoch with
 * {@link #setEpoch} if the learning rate depends on it. A new optimizer starts from a fresh
 * state (iteration 0, zero moments). Not thread-safe: an optimizer and the model it steps belong
 * to one training thread, and no inference may run on the model during a step.
 */
public interface Optimizer {

    /**
     * Applies one update with the learning rate for the current iteration and epoch.
     *
     * @throws IllegalStateException if the learning rate is negative, NaN or infinite
     */
    void step();

    /**
     * Number of steps taken so far (the iteration of the next step).
     *
     * @return the count, {@code >= 0}
     */
    long iteration();

    /**
     * The epoch passed to the learning rate.
     *
     * @return the last value given to {@link #setEpoch}, 0 at first
     */
    int epoch();

    /**
     * Sets the epoch for the following steps.
     *
     * @param epoch the epoch counter, from 0, {@code >= 0}
     * @throws IllegalArgumentException if {@code epoch < 0}
     */
    void setEpoch(int epoch);

    /**
     * The parameters this optimizer steps.
     *
     * @return an unmodifiable list, in the order given at creation
     */
    List<Parameter> parameters();
}
