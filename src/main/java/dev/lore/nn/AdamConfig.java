package dev.lore.nn;

import java.util.Objects;

/**
 * Hyper-parameters of Adam (Kingma and Ba, ICLR 2015).
 *
 * <p>Immutable and thread-safe.
 *
 * @param beta1 decay of the first moment, in {@code [0, 1)}
 * @param beta2 decay of the second moment, in {@code [0, 1)}
 * @param epsilon added to the root of the second moment, finite and {@code > 0}
 * @param form where the bias corrections go; see {@link Form}
 */
public record AdamConfig(double beta1, double beta2, double epsilon, Form form) {

    /**
     * The two common ways of writing the step. With {@code m, v} the moment estimates after
     * {@code t} steps ({@code t = iteration + 1}) and {@code lr} the learning rate:
     */
    public enum Form {
        /**
         * {@code theta -= lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}: the
         * "efficient" form at the end of Kingma and Ba's Section 2, used by ND4J's
         * {@code AdamUpdater} and TensorFlow. The optimizer reproduces ND4J's float arithmetic
         * operation for operation.
         */
        ND4J,
        /**
         * {@code theta -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)}:
         * Algorithm 1 of the paper, used by PyTorch's {@code torch.optim.Adam}. The two differ only
         * through epsilon, which the first form effectively multiplies by
         * {@code 1 / sqrt(1 - beta2^t)} (31.6 at the first step for beta2 = 0.999); with the large
         * epsilon of Acharya et al. (0.01) early steps differ noticeably.
         */
        PYTORCH
    }

    /** beta1 0.9, beta2 0.999, epsilon 1e-8: the paper's defaults, ND4J form. */
    public static final AdamConfig DEFAULT = new AdamConfig(0.9, 0.999, 1e-8, Form.ND4J);

    /** The epsilon used by Acharya et al. (AAAI 2019). */
    public static final double PAPER_EPSILON = 0.01;

    /** beta1 0.9, beta2 0.999, epsilon 0.01 (Acharya et al.), ND4J form. */
    public static final AdamConfig PAPER = new AdamConfig(0.9, 0.999, PAPER_EPSILON, Form.ND4J);

    /**
     * Validates the hyper-parameters.
     *
     * @param beta1 in {@code [0, 1)}
     * @param beta2 in {@code [0, 1)}
     * @param epsilon finite and {@code > 0}
     * @param form not null
     * @throws IllegalArgumentException if a value is outside its range
     * @throws NullPointerException if {@code form} is null
     */
    public AdamConfig {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        Objects.requireNonNull(form, "form");
    }

    /**
     * This configuration with another form; this one is unchanged.
     *
     * @param newForm the form, not null
     * @return the new configuration
     * @throws NullPointerException if {@code newForm} is null
     */
    public AdamConfig withForm(Form newForm) {
        return new AdamConfig(beta1, beta2, epsilon, newForm);
    }

    /**
     * ND4J's equivalent configuration (ND4J form only).
     *
     * @param lr the fixed learning rate of ND4J's configuration
     * @return a new ND4J {@code Adam} with {@code lr}, {@code beta1}, {@code beta2} and {@code
     *     epsilon}
     * @throws IllegalStateException if the form is not {@link Form#ND4J}
     */
    public org.nd4j.linalg.learning.config.Adam toNd4j(double lr) {
        if (form != Form.ND4J) {
            throw new IllegalStateException("ND4J implements only Form.ND4J, this is " + form);
        }
        return new org.nd4j.linalg.learning.config.Adam(lr, beta1, beta2, epsilon);
    }
}
