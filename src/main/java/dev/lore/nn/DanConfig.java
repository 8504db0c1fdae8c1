package dev.lore.nn;

/**
 * Shape and regularisation of a deep averaging network: two ReLU hidden layers after the mean
 * of the embeddings, and word dropout in training mode.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hidden1 width of the first hidden layer, {@code >= 1}
 * @param hidden2 width of the second hidden layer, {@code >= 1}
 * @param wordDropout probability of dropping each token of a sentence before the mean during
 *     training (Iyyer et al., ACL 2015; at least one token is kept), in {@code [0, 1)}; 0 turns
 *     it off
 */
public record DanConfig(int hidden1, int hidden2, double wordDropout) {

    /**
     * The widths used by Acharya et al. (AAAI 2019), 30 and 25, and word dropout 0.
     */
    public static final DanConfig DEFAULT = new DanConfig(30, 25, 0.0);

    /**
     * Validates the shape.
     *
     * @param hidden1 {@code >= 1}
     * @param hidden2 {@code >= 1}
     * @param wordDropout in {@code [0, 1)}
     * @throws IllegalArgumentException if a value is outside its range
     */
    public DanConfig {
        if (hidden1 < 1) {
            throw new IllegalArgumentException("hidden1 must be >= 1, got " + hidden1);
        }
        if (hidden2 < 1) {
            throw new IllegalArgumentException("hidden2 must be >= 1, got " + hidden2);
        }
        if (!(wordDropout >= 0.0 && wordDropout < 1.0)) {
            throw new IllegalArgumentException("wordDropout must be in [0, 1), got " + wordDropout);
        }
    }

    /**
     * A network without word dropout.
     *
     * @param hidden1 width of the first hidden layer, {@code >= 1}
     * @param hidden2 width of the second hidden layer, {@code >= 1}
     * @throws IllegalArgumentException if a width is below 1
     */
    public DanConfig(int hidden1, int hidden2) {
        this(hidden1, hidden2, 0.0);
    }

    /**
     * This shape with another word dropout; this one is unchanged.
     *
     * @param newWordDropout in {@code [0, 1)}; 0 turns it off
     * @return the new configuration
     * @throws IllegalArgumentException if {@code newWordDropout} is outside {@code [0, 1)}
     */
    public DanConfig withWordDropout(double newWordDropout) {
        return new DanConfig(hidden1, hidden2, newWordDropout);
    }
}
