package dev.lore.nn;

/**
 * Shape and regularisation of an {@link LstmClassifier}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hiddenSize LSTM units, in {@code [1, 4096]}
 * @param dropout probability of dropping each unit of the pooled LSTM output during training,
 *     in {@code [0, 1)}
 * @param forgetBias initial bias of the forget gate, finite (1.0 keeps early memories flowing,
 *     Jozefowicz et al., 2015)
 */
public record LstmConfig(int hiddenSize, double dropout, double forgetBias) {

    /** Largest accepted hidden size. */
    public static final int MAX_HIDDEN = 4096;

    /** 150 units, dropout 0.5, forget bias 1.0. */
    public static final LstmConfig DEFAULT = new LstmConfig(150, 0.5, 1.0);

    /**
     * Validates the shape.
     *
     * @param hiddenSize in {@code [1, 4096]}
     * @param dropout in {@code [0, 1)}
     * @param forgetBias finite
     * @throws IllegalArgumentException if a value is outside its range
     */
    public LstmConfig {
        if (hiddenSize < 1 || hiddenSize > MAX_HIDDEN) {
            throw new IllegalArgumentException(
                    "hiddenSize must be in [1, " + MAX_HIDDEN + "], got " + hiddenSize);
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!Double.isFinite(forgetBias)) {
            throw new IllegalArgumentException("forgetBias must be finite, got " + forgetBias);
        }
    }
}
