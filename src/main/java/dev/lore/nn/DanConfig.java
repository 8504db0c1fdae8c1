package dev.lore.nn;

/**
 * Shape of a deep averaging network: two ReLU hidden layers after the mean of the embeddings.
 *
 * @param hidden1 width of the first hidden layer, {@code >= 1}
 * @param hidden2 width of the second hidden layer, {@code >= 1}
 */
public record DanConfig(int hidden1, int hidden2) {

    /** The widths used by Acharya et al. (AAAI 2019): 30 and 25. */
    public static final DanConfig DEFAULT = new DanConfig(30, 25);

    /** @throws IllegalArgumentException if a width is below 1 */
    public DanConfig {
        if (hidden1 < 1) {
            throw new IllegalArgumentException("hidden1 must be >= 1, got " + hidden1);
        }
        if (hidden2 < 1) {
            throw new IllegalArgumentException("hidden2 must be >= 1, got " + hidden2);
        }
    }
}
