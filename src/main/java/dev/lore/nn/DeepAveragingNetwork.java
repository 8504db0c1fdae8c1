package dev.lore.nn;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Deep averaging network (Iyyer et al., ACL 2015) as used by Acharya et al. (AAAI 2019):
 * {@code x = masked mean of the token embeddings} (zero for an empty sequence),
 * {@code h1 = relu(x W1 + b1)}, {@code h2 = relu(h1 W2 + b2)}, {@code z = h2 W3 + b3},
 * {@code p = softmax(z)}. Parameters {@code dense1.W [d, hidden1]}, {@code dense1.b},
 * {@code dense2.W [hidden1, hidden2]}, {@code dense2.b}, {@code output.W [hidden2, C]},
 * {@code output.b}; weights Glorot uniform, biases zero.
 *
 * <p>In training mode ({@link #forward} and {@link #computeGradients}) with
 * {@link DanConfig#wordDropout} {@code q > 0}, the mean runs over the kept tokens only: each
 * token is dropped with probability {@code q}, at least one is kept (Iyyer et al., section 3.1),
 * and {@code x = (1 / |K|) sum_{t in K} E[ids[t]]}. The draws come from a generator split off
 * the model seed after the weights are drawn, so the weights do not depend on {@code q}.
 * {@link #predict} and evaluation mode never drop.
 *
 * <p>It reads the embedding through its pooled path, so a factorized embedding averages in the
 * rank-{@code r} space. Everything but the embedding is computed in plain Java loops over heap
 * arrays reused across calls: at these sizes ND4J's per-call cost would dominate.
 *
 * <p>Thread safety: {@link #predict}, {@link #probabilities}, {@link #classify}, {@link #forward}
 * in evaluation mode and the accessors are thread-safe, with no lock: each call works in a
 * workspace of its own, borrowed from the model for the call (see {@link TextClassifier}).
 * Training ({@link #computeGradients}, {@link #forward} in training mode), {@link #setTraining}
 * and any change of the parameters are for one thread, with no inference running meanwhile.
 */
public final class DeepAveragingNetwork extends AbstractTextClassifier<DeepAveragingNetwork, DeepAveragingNetwork.Pass> {

    private final DanConfig config;
    private final DenseLayer dense1;
    private final DenseLayer dense2;
    private final DenseLayer output;
    private final WordDropout wordDropout;

    /** The memory of one pass: activations, the layers' weights on the heap, and the backward scratch. */
    static final class Pass extends AbstractTextClassifier.Pass {
        /** The batch whose mean the pass took: the input, or its kept tokens. */
        private TokenBatch pooledBatch;
        private final DenseLayer.Weights w1;
        private final DenseLayer.Weights w2;
        private final DenseLayer.Weights w3;
        private float[][] x;
        private float[][] h1;
        private float[][] h2;
        private float[] flatX;
        // Backward scratch (training pass only).
        private float[][] dz;
        private float[][] dh2;
        private float[][] dh1;
        private float[][] dx;
        private INDArray gradPooled;

        private Pass(DeepAveragingNetwork model) {
            this.w1 = model.dense1.newWeights();
            this.w2 = model.dense2.newWeights();
            this.w3 = model.output.newWeights();
        }
    }

    private DeepAveragingNetwork(EmbeddingLayer embedding, int classes, DanConfig config, long seed) {
        super(embedding, classes, seed);
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        int d = embedding.dimension();
        this.dense1 = new DenseLayer("dense1", d, config.hidden1(), rng);
        this.dense2 = new DenseLayer("dense2", config.hidden1(), config.hidden2(), rng);
        this.output = new DenseLayer("output", config.hidden2(), classes, rng);
        this.wordDropout = config.wordDropout() > 0 ? new WordDropout(config.wordDropout(), rng.split()) : null;
        setParameters(List.of(dense1.weight, dense1.bias, dense2.weight, dense2.bias,
                output.weight, output.bias));
    }

    /**
     * A network over {@code embedding} with weights drawn from {@code seed}.
     *
     * @param classes number of classes, {@code >= 2}
     * @throws IllegalArgumentException if {@code classes < 2}
     */
    static DeepAveragingNetwork create(EmbeddingLayer embedding, int classes,
            DanConfig config, long seed) {
        checkArguments(embedding, classes, config);
        return new DeepAveragingNetwork(embedding, classes, config, seed);
    }

    /**
     * The shape this model was created with.
     *
     * @return the configuration
     */
    public DanConfig config() {
        return config;
    }

    @Override
    DeepAveragingNetwork newInstance(EmbeddingLayer newEmbedding) {
        return new DeepAveragingNetwork(newEmbedding, classes, config, seed);
    }

    @Override
    Pass newPass() {
        return new Pass(this);
    }

    /** {@inheritDoc} Not thread-safe: the training path. */
    @Override
    public double computeGradients(TokenBatch batch) {
        Objects.requireNonNull(batch, "batch");
        int[] labels = SoftmaxCrossEntropy.labels(batch, classes);
        Pass s = trainingPass();
        int n = run(s, batch, isTraining());
        s.dz = Tensors.matrix(n, classes, s.dz);
        double loss = SoftmaxCrossEntropy.lossAndGradient(s.z, s.p, labels, n, classes, s.dz);
        s.dh2 = Tensors.matrix(n, dense2.out, s.dh2);
        output.backward(s.w3, s.h2, s.dz, n, s.dh2);
        reluBackward(s.h2, s.dh2, n, dense2.out);
        s.dh1 = Tensors.matrix(n, dense1.out, s.dh1);
        dense2.backward(s.w2, s.h1, s.dh2, n, s.dh1);
        reluBackward(s.h1, s.dh1, n, dense1.out);
        boolean embeddingGrad = embedding.requiresGradient();
        int d = embedding.dimension();
        s.dx = embeddingGrad ? Tensors.matrix(n, d, s.dx) : s.dx;
        dense1.backward(s.w1, s.x, s.dh1, n, embeddingGrad ? s.dx : null);
        if (embeddingGrad) {
            s.gradPooled = Tensors.reuse(s.gradPooled, n, d);
            FloatBuffer g = s.gradPooled.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                g.put(i * d, s.dx[i], 0, d);
            }
            embedding.meanPoolBackward(s.pooledBatch, s.gradPooled);
        }
        return loss;
    }

    /** Forward pass into {@code s}, with word dropout if {@code drop}; returns the batch size. */
    @Override
    int run(Pass s, TokenBatch batch, boolean drop) {
        Objects.requireNonNull(batch, "batch");
        int n = batch.size();
        int d = embedding.dimension();
        s.pooledBatch = drop && wordDropout != null ? wordDropout.apply(batch, embedding.vocabularySize()) : batch;
        s.x = Tensors.matrix(n, d, s.x);
        if (embedding instanceof AbstractEmbeddingLayer own) {
            own.meanPoolRows(own.tokens(s.pooledBatch), s.x);
        } else {
            INDArray pooled = embedding.meanPool(s.pooledBatch);
            s.flatX = Tensors.toHeap(pooled, "meanPool", s.flatX, n, d);
            for (int i = 0; i < n; i++) {
                System.arraycopy(s.flatX, i * d, s.x[i], 0, d);
            }
        }
        dense1.load(s.w1);
        dense2.load(s.w2);
        output.load(s.w3);
        s.h1 = Tensors.matrix(n, dense1.out, s.h1);
        s.h2 = Tensors.matrix(n, dense2.out, s.h2);
        s.z = Tensors.matrix(n, classes, s.z);
        s.p = Tensors.matrix(n, classes, s.p);
        dense1.forward(s.w1, s.x, n, s.h1);
        relu(s.h1, n, dense1.out);
        dense2.forward(s.w2, s.h1, n, s.h2);
        relu(s.h2, n, dense2.out);
        output.forward(s.w3, s.h2, n, s.z);
        SoftmaxCrossEntropy.softmax(s.z, n, classes, s.p);
        return n;
    }

    /** The batch of kept tokens the last training pass averaged (the input itself without dropout). */
    TokenBatch lastPooledBatch() {
        return trainingPass().pooledBatch;
    }

    private static void relu(float[][] a, int n, int width) {
        for (int i = 0; i < n; i++) {
            float[] row = a[i];
            for (int j = 0; j < width; j++) {
                row[j] = Math.max(0f, row[j]);
            }
        }
    }

    /** {@code grad *= (activation > 0)}: the ReLU derivative, read from its output. */
    private static void reluBackward(float[][] activation, float[][] grad, int n, int width) {
        for (int i = 0; i < n; i++) {
            float[] a = activation[i];
            float[] g = grad[i];
            for (int j = 0; j < width; j++) {
                g[j] = a[j] > 0f ? g[j] : 0f;
            }
        }
    }
}
