package dev.lore.nn;

import dev.lore.schedule.ConstantRate;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A sentence classifier over an {@link EmbeddingLayer}, trained by minimising the mean softmax
 * cross-entropy {@code L = -(1/n) sum_i log p_i[y_i]} over a batch.
 *
 * <p>A training loop:
 * <pre>{@code
 * TextClassifier model = Architecture.named("dan").create(embedding, classes, seed);
 * Optimizer optimizer = AdamOptimizer.create(model.parameters(), AdamConfig.PAPER, new ConstantRate(1e-3));
 * model.setTraining(true);
 * for (TokenBatch batch : batches) {
 *     double loss = model.computeGradients(batch);   // forward + backward
 *     optimizer.step();                               // updates the trainable parameters
 * }
 * int[] predicted = model.predict(testBatch);        // no dropout
 * }</pre>
 *
 * <p>The mode ({@link #setTraining}) decides whether dropout applies in {@link #forward} and
 * {@link #computeGradients}; {@link #predict} never drops. Dropout masks come from a generator
 * seeded at construction, so the same seed and the same calls give bit-identical results on the
 * same machine. Implementations are not thread-safe.
 */
public interface TextClassifier {

    /**
     * Number of classes {@code C}.
     *
     * @return {@code C >= 2}
     */
    int numClasses();

    /**
     * The embedding layer the model reads.
     *
     * @return the layer itself, not a copy
     */
    EmbeddingLayer embedding();

    /**
     * All parameters: the embedding's first, then the model's own, in a fixed order.
     *
     * @return an unmodifiable list of the parameters themselves, which optimizers modify in place
     */
    List<Parameter> parameters();

    /**
     * Whether dropout is on.
     *
     * @return the mode; true after construction
     */
    boolean isTraining();

    /**
     * Turns dropout on ({@code true}) or off.
     *
     * @param training the new mode
     */
    void setTraining(boolean training);

    /**
     * Class probabilities {@code softmax(z)}; dropout applies in training mode. Labels, if any,
     * are ignored.
     *
     * @param batch the sequences; every real id in {@code [0, embedding().vocabularySize())}
     * @return a new FLOAT {@code [batch, C]} array, each row summing to 1 up to rounding
     * @throws IllegalArgumentException if a real id is out of range
     */
    INDArray forward(TokenBatch batch);

    /**
     * One training computation: forward (with dropout in training mode), the mean cross-entropy,
     * and the backward pass, which overwrites the gradients of all trainable parameters.
     *
     * @param batch labelled sequences; every real id in {@code [0, embedding().vocabularySize())}
     * @return the mean loss over the batch
     * @throws IllegalArgumentException if the batch has no labels, a label is {@code >= C} or a
     *     real id is out of range
     */
    double computeGradients(TokenBatch batch);

    /**
     * The most probable class of each sequence, computed without dropout in either mode.
     *
     * @param batch the sequences; labels, if any, are ignored
     * @return a new array of {@code batch.size()} classes, each in {@code [0, C)}; ties go to the
     *     lowest class
     * @throws IllegalArgumentException if a real id is out of range
     */
    int[] predict(TokenBatch batch);

    /**
     * A new model of the same kind and configuration that reads {@code embedding} instead of this
     * model's embedding layer: every other parameter is a copy of this model's current value, with
     * the same trainable flag; the mode ({@link #isTraining}) is copied; dropout masks, if any,
     * start afresh from the seed this model was created with. This model is not modified and
     * shares nothing with the new one except {@code embedding}, which the new model uses as is.
     * It is how a trained model's embedding is swapped for its factorization (Acharya et al.,
     * AAAI 2019) or a quantized copy while its other layers are kept.
     *
     * @param embedding the new embedding layer; any vocabulary size, the same dimension
     * @return the new model
     * @throws IllegalArgumentException if {@code embedding.dimension()} differs from this model's
     *     embedding dimension, or {@code embedding} is this model's own embedding layer
     */
    TextClassifier withEmbedding(EmbeddingLayer embedding);
}
