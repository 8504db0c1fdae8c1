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
 * {@link #computeGradients}; {@link #predict}, {@link #probabilities} and {@link #classify} never
 * drop and never change the mode. Dropout masks come from a generator seeded at construction, so
 * the same seed and the same calls give bit-identical results on the same machine.
 *
 * <p>Thread safety. Inference is thread-safe: {@link #predict}, {@link #probabilities},
 * {@link #classify}, {@link #forward} in evaluation mode ({@code isTraining() == false}) and the
 * accessors may be called by any number of threads at once on one shared model, with no lock on
 * their path; each call computes in scratch memory of its own (the implementations of this
 * package lend each call a workspace of the model, kept for reuse, so a warm model allocates
 * little per call), and their results are exactly those of the same calls made one after the
 * other. Training is single-threaded: {@link #computeGradients}, {@link #forward} in training
 * mode (which draws dropout masks), {@link #setTraining}, {@link #withEmbedding} and any change of
 * the parameters (an {@link Optimizer} step, {@link Parameter#setTrainable}) are for one thread,
 * with no inference running on the model meanwhile. A model is safely shared with other threads
 * once it is published to them after its last change (by a thread start, an executor, a
 * concurrent collection, a final field).
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
     * @return the layer, shared with the model
     */
    EmbeddingLayer embedding();

    /**
     * All parameters: the embedding's first, then the model's own, in a fixed order.
     *
     * @return an unmodifiable list of the live parameters
     */
    List<Parameter> parameters();

    /**
     * Whether the model is in training mode, where {@link #forward} and {@link #computeGradients}
     * apply dropout (default: on, as after construction of a trainable model). Inference never
     * changes it.
     *
     * @return the mode
     */
    boolean isTraining();

    /**
     * Turns training mode on ({@code true}) or off. Part of the training path: not to be called
     * while other threads use the model.
     *
     * @param training the new mode
     */
    void setTraining(boolean training);

    /**
     * Class probabilities {@code softmax(z)}, a new FLOAT {@code [batch, C]} array. In training
     * mode this is the training path: dropout applies and the model's dropout generator advances
     * (not thread-safe); in evaluation mode it equals {@link #probabilities} (thread-safe). Labels,
     * if any, are ignored.
     *
     * @param batch the sequences; ids must lie in {@code [0, V)} at real positions
     * @return the probabilities, owned by the caller
     * @throws IllegalArgumentException if a real id is outside the embedding's vocabulary
     */
    INDArray forward(TokenBatch batch);

    /**
     * Class probabilities {@code softmax(z)} without dropout, in either mode: a new FLOAT
     * {@code [batch, C]} array. Thread-safe; does not change the mode. Labels, if any, are ignored.
     *
     * @param batch the sequences; ids must lie in {@code [0, V)} at real positions
     * @return the probabilities, owned by the caller
     * @throws IllegalArgumentException if a real id is outside the embedding's vocabulary
     */
    INDArray probabilities(TokenBatch batch);

    /**
     * The predicted class and the class probabilities of each sequence, from one pass without
     * dropout: {@code classes()} equals {@link #predict} and {@code probabilities()} equals
     * {@link #probabilities} for the same batch. Thread-safe; does not change the mode.
     *
     * @param batch the sequences; ids must lie in {@code [0, V)} at real positions
     * @return both results, owned by the caller
     * @throws IllegalArgumentException if a real id is outside the embedding's vocabulary
     */
    Classification classify(TokenBatch batch);

    /**
     * One training computation: forward (with dropout in training mode), the mean cross-entropy,
     * and the backward pass, which overwrites the gradients of all trainable parameters.
     *
     * @param batch the sequences with their labels
     * @return the mean loss over the batch
     * @throws IllegalArgumentException if the batch has no labels or a label is {@code >= C}
     */
    double computeGradients(TokenBatch batch);

    /**
     * The most probable class of each sequence, {@code argmax_c z[i][c]} of the logits (the first
     * on ties), computed without dropout in either mode. Thread-safe; does not change the mode.
     *
     * @param batch the sequences; ids must lie in {@code [0, V)} at real positions
     * @return one class in {@code [0, C)} per sequence
     * @throws IllegalArgumentException if a real id is outside the embedding's vocabulary
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
