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
 */
public final class DeepAveragingNetwork extends AbstractTextClassifier<DeepAveragingNetwork> {

    private final DanConfig config;
    private final DenseLayer dense1;
    private final DenseLayer dense2;
    private final DenseLayer output;
    private final WordDropout wordDropout;
    /** The batch whose mean the last forward pass took: the input, or its kept tokens. */
    private TokenBatch pooledBatch;
    private float[][] x;
    private float[][] h1;
    private float[][] h2;
    private float[][] dz;
    private float[][] dh2;
    private float[][] dh1;
    private float[][] dx;
    private float[] flatX;
    private INDArray gradPooled;

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
    public double computeGradients(TokenBatch batch) {
        Objects.requireNonNull(batch, "batch");
        int[] labels = SoftmaxCrossEntropy.labels(batch, classes);
        int n = run(batch, training);
        dz = Tensors.matrix(n, classes, dz);
        double loss = SoftmaxCrossEntropy.lossAndGradient(z, p, labels, n, classes, dz);
        dh2 = Tensors.matrix(n, dense2.out, dh2);
        output.backward(h2, dz, n, dh2);
        reluBackward(h2, dh2, n, dense2.out);
        dh1 = Tensors.matrix(n, dense1.out, dh1);
        dense2.backward(h1, dh2, n, dh1);
        reluBackward(h1, dh1, n, dense1.out);
        boolean embeddingGrad = embedding.requiresGradient();
        int d = embedding.dimension();
        dx = embeddingGrad ? Tensors.matrix(n, d, dx) : dx;
        dense1.backward(x, dh1, n, embeddingGrad ? dx : null);
        if (embeddingGrad) {
            gradPooled = Tensors.reuse(gradPooled, n, d);
            FloatBuffer g = gradPooled.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                g.put(i * d, dx[i], 0, d);
            }
            embedding.meanPoolBackward(pooledBatch, gradPooled);
        }
        return loss;
    }

    /** Forward pass into the heap buffers, with word dropout if {@code drop}; returns the batch size. */
    @Override
    int run(TokenBatch batch, boolean drop) {
        Objects.requireNonNull(batch, "batch");
        int n = batch.size();
        int d = embedding.dimension();
        pooledBatch = drop && wordDropout != null ? wordDropout.apply(batch, embedding.vocabularySize()) : batch;
        INDArray pooled = embedding.meanPool(pooledBatch);
        flatX = Tensors.toHeap(pooled, "meanPool", flatX, n, d);
        x = Tensors.matrix(n, d, x);
        for (int i = 0; i < n; i++) {
            System.arraycopy(flatX, i * d, x[i], 0, d);
        }
        dense1.load();
        dense2.load();
        output.load();
        h1 = Tensors.matrix(n, dense1.out, h1);
        h2 = Tensors.matrix(n, dense2.out, h2);
        z = Tensors.matrix(n, classes, z);
        p = Tensors.matrix(n, classes, p);
        dense1.forward(x, n, h1);
        relu(h1, n, dense1.out);
        dense2.forward(h1, n, h2);
        relu(h2, n, dense2.out);
        output.forward(h2, n, z);
        SoftmaxCrossEntropy.softmax(z, n, classes, p);
        return n;
    }

    /** The batch of kept tokens the last forward pass averaged (the input itself without dropout). */
    TokenBatch lastPooledBatch() {
        return pooledBatch;
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
