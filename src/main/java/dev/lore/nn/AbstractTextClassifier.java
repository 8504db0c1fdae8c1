package dev.lore.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the classifiers of this package share: an embedding, a class count, a seed, the parameter
 * list (the embedding's first, then the network's own, in a fixed order) and the training flag;
 * the inference methods over a pool of workspaces; and {@link #withEmbedding}, which builds the
 * same network over another embedding and copies every non-embedding parameter into it.
 *
 * <p>A forward pass ({@link #run}) computes into a {@link Pass}, the scratch memory of one call.
 * Inference ({@link #predict}, {@link #probabilities}, {@link #classify}, {@link #forward} in
 * evaluation mode) borrows a pass from {@link Workspaces} for the duration of the call, so any
 * number of threads can run it on one model; the training path ({@link #forward} in training
 * mode, {@link TextClassifier#computeGradients}) uses the one pass of {@link #trainingPass()} and
 * the dropout generator, and is single-threaded.
 *
 * @param <T> the concrete classifier
 * @param <W> its workspace
 */
abstract class AbstractTextClassifier<T extends AbstractTextClassifier<T, W>, W extends AbstractTextClassifier.Pass>
        implements TextClassifier {

    /** The scratch memory of one forward pass; subclasses add the network's own. */
    static class Pass {
        /** Logits {@code [n, C]} and probabilities of the last forward pass ({@link #run}) on this pass. */
        float[][] z;
        float[][] p;
    }

    final EmbeddingLayer embedding;
    final int classes;
    final long seed;
    private List<Parameter> parameters = List.of();
    private volatile boolean training = true;
    private final Workspaces<W> inference = new Workspaces<>(this::newPass);
    private W trainingPass;

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

    /** A new, empty workspace for {@link #run}. */
    abstract W newPass();

    /**
     * The forward pass of {@code batch} into {@code pass}, with dropout if {@code drop} (only the
     * training path asks for it): leaves the logits in {@code pass.z} and the probabilities in
     * {@code pass.p}, and returns the batch size. Without dropout it reads only the parameters and
     * writes only {@code pass}.
     */
    abstract int run(W pass, TokenBatch batch, boolean drop);

    /** The workspace of the training path (one per model, made on first use). */
    final W trainingPass() {
        if (trainingPass == null) {
            trainingPass = newPass();
        }
        return trainingPass;
    }

    @Override
    public final INDArray forward(TokenBatch batch) {
        if (training) {
            W pass = trainingPass();
            int n = run(pass, batch, true);
            return SoftmaxCrossEntropy.toArray(pass.p, n, classes);
        }
        return probabilities(batch);
    }

    @Override
    public final INDArray probabilities(TokenBatch batch) {
        W pass = inference.acquire();
        try {
            int n = run(pass, batch, false);
            return SoftmaxCrossEntropy.toArray(pass.p, n, classes);
        } finally {
            inference.release(pass);
        }
    }

    @Override
    public final int[] predict(TokenBatch batch) {
        W pass = inference.acquire();
        try {
            int n = run(pass, batch, false);
            return SoftmaxCrossEntropy.argmax(pass.z, n, classes);
        } finally {
            inference.release(pass);
        }
    }

    @Override
    public final Classification classify(TokenBatch batch) {
        W pass = inference.acquire();
        try {
            int n = run(pass, batch, false);
            return new Classification(SoftmaxCrossEntropy.argmax(pass.z, n, classes),
                    SoftmaxCrossEntropy.toArray(pass.p, n, classes));
        } finally {
            inference.release(pass);
        }
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
