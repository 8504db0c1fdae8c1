package dev.lore.model;

import java.util.Objects;

/**
 * The prediction of a {@link TrainedModel} for one text ({@link TrainedModel#classify}).
 * Immutable and thread-safe: the probabilities are copied in and out.
 *
 * @param label the predicted label, the class of the largest logit
 * @param probabilities the class probabilities in the order of the model's labels
 *     ({@code model.labels().labels()}), each in {@code [0, 1]}
 */
public record Prediction(String label, double[] probabilities) {

    /**
     * Checks and copies.
     *
     * @param label the predicted label
     * @param probabilities the class probabilities, in label order
     * @throws IllegalArgumentException if there are fewer than two probabilities or one is not in
     *     {@code [0, 1]}
     */
    public Prediction {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length < 2) {
            throw new IllegalArgumentException("probabilities must have at least 2 entries, got " + probabilities.length);
        }
        for (int k = 0; k < probabilities.length; k++) {
            if (!(probabilities[k] >= 0 && probabilities[k] <= 1)) {
                throw new IllegalArgumentException("probabilities[" + k + "] must be in [0, 1], got " + probabilities[k]);
            }
        }
        probabilities = probabilities.clone();
    }

    /**
     * The class probabilities.
     *
     * @return a copy, in label order
     */
    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
