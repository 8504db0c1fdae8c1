package dev.lore.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the classifiers of this package share: an embedding, a class count, a seed, the parameter
 * list (the embedding's first, then the network's own, in a fixed order) and the training flag;
 * and {@link #withEmbedding}, which builds the same network over another embedding and copies
 * every non-embedding parameter into it.
 *
 * @param <T> the concrete classifier
 */
abstract class AbstractTextClassifier<T extends AbstractTextClassifier<T>> implements TextClassifier {

    final EmbeddingLayer embedding;
    final int classes;
    final long seed;
    private List<Parameter> parameters = List.of();
    boolean training = true;
    /** Logits {@code [n, C]} and probabilities of the last forward pass ({@link #run}). */
    float[][] z;
    float[][] p;

    AbstractTextClassifier(EmbeddingLayer embedding, int classes, long seed) {
        this.embedding = embedding;
        this.classes = classes;
        this.seed = seed;
    }

    /** The checks of every factory: non-null arguments and at least two classes. */
    static void checkArguments(EmbeddingLayer embedding, int classes, Object config) {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(config, "config");
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
    }

    /** Sets the parameter list: the embedding's parameters followed by {@code own}, in order. */
    final void setParameters(List<Parameter> own) {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(own);
        this.parameters = List.copyOf(all);
    }

    /**
     * The forward pass of {@code batch} into this model's buffers, with dropout if {@code drop}:
     * leaves the logits in {@link #z} and the probabilities in {@link #p}, and returns the batch size.
     */
    abstract int run(TokenBatch batch, boolean drop);

    @Override
    public final INDArray forward(TokenBatch batch) {
        int n = run(batch, training);
        return SoftmaxCrossEntropy.toArray(p, n, classes);
    }

    @Override
    public final int[] predict(TokenBatch batch) {
        int n = run(batch, false);
        return SoftmaxCrossEntropy.argmax(z, n, classes);
    }

    /** A new network of the same shape and seed over {@code newEmbedding}, freshly initialized. */
    abstract T newInstance(EmbeddingLayer newEmbedding);

    /**
     * The seed this model was created with.
     *
     * @return the seed of the initial weights and of the dropout masks
     */
    public final long seed() {
        return seed;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code newEmbedding} is this model's own layer or has
     *     another dimension
     */
    @Override
    public final T withEmbedding(EmbeddingLayer newEmbedding) {
        Objects.requireNonNull(newEmbedding, "embedding");
        if (newEmbedding == embedding) {
            throw new IllegalArgumentException("embedding must be a new layer, got this model's own");
        }
        if (newEmbedding.dimension() != embedding.dimension()) {
            throw new IllegalArgumentException("embedding dimension must be " + embedding.dimension()
                    + " (this model's), got " + newEmbedding.dimension());
        }
        T copy = newInstance(newEmbedding);
        int own = embedding.parameters().size();
        int copyOwn = newEmbedding.parameters().size();
        List<Parameter> target = copy.parameters();
        for (int i = own; i < parameters.size(); i++) {
            target.get(copyOwn + i - own).copyFrom(parameters.get(i));
        }
        copy.setTraining(training);
        return copy;
    }

    @Override
    public final int numClasses() {
        return classes;
    }

    @Override
    public final EmbeddingLayer embedding() {
        return embedding;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final boolean isTraining() {
        return training;
    }

    @Override
    public final void setTraining(boolean training) {
        this.training = training;
    }
}
