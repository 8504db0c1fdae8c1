package dev.lore.nn;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LSTM sentence classifier: the embedded tokens run through one LSTM layer ({@link LstmLayer};
 * only the first {@code length} steps of each sequence), the hidden states are averaged over
 * those steps ({@code m = (1/len) sum_t h_t}, zero for an empty sequence), dropout applies to
 * {@code m} in training mode (inverted: each unit kept with probability {@code 1 - p} and scaled
 * by {@code 1 / (1 - p)}), then {@code z = m W + b} ({@code output.W [h, C]} Glorot uniform,
 * {@code output.b} zero) and {@code p = softmax(z)}.
 *
 * <p>Any {@link EmbeddingLayer} works through its sequence path. A {@link FactorizedEmbedding}
 * {@code A B} is folded into the LSTM's input product instead: {@code (A_t B) W = A_t (B W)},
 * with gradients {@code dW = B^T G}, {@code dB = G W^T}, {@code dA_t = dZ_t (B W)^T} where
 * {@code G = sum_t A_t^T dZ_t}; same function, about a third fewer operations at rank 9.
 *
 * <p>Initialisation and dropout masks derive from one seed: the same seed and the same calls give
 * bit-identical parameters on the same machine.
 */
public final class LstmClassifier extends AbstractTextClassifier<LstmClassifier> {

    private final LstmConfig config;
    private final double dropout;
    private final LstmLayer lstm;
    private final DenseLayer output;
    private final SplittableRandom dropoutRng;
    private LstmLayer.Packing packing;
    private boolean masked;
    private float[][] pooled;
    private float[][] mask;
    private float[][] dropped;
    private float[][] dz;
    private float[][] dDropped;
    private float[][] dh;
    private INDArray gradEmbedded;
    private FactorizedEmbedding factored;
    private int[] packedIds;
    private final NativeBuffer projection = new NativeBuffer();
    private final NativeBuffer projectionGradient = new NativeBuffer();
    private float[] zeros;

    private LstmClassifier(EmbeddingLayer embedding, int classes, LstmConfig config, long seed) {
        super(embedding, classes, seed);
        this.config = config;
        this.dropout = config.dropout();
        SplittableRandom rng = new SplittableRandom(seed);
        this.lstm = new LstmLayer(embedding.dimension(), config.hiddenSize(), config.forgetBias(), rng);
        this.output = new DenseLayer("output", config.hiddenSize(), classes, rng);
        this.dropoutRng = rng.split();
        setParameters(List.of(lstm.w, lstm.u, lstm.b, output.weight, output.bias));
    }

    /**
     * A classifier over {@code embedding} with weights and dropout masks drawn from {@code seed}.
     *
     * @param classes number of classes, {@code >= 2}
     * @throws IllegalArgumentException if {@code classes < 2}
     */
    static LstmClassifier create(EmbeddingLayer embedding, int classes, LstmConfig config,
            long seed) {
        checkArguments(embedding, classes, config);
        return new LstmClassifier(embedding, classes, config, seed);
    }

    /**
     * The shape this model was created with.
     *
     * @return the configuration
     */
    public LstmConfig config() {
        return config;
    }

    @Override
    LstmClassifier newInstance(EmbeddingLayer newEmbedding) {
        return new LstmClassifier(newEmbedding, classes, config, seed);
    }

    @Override
    public double computeGradients(TokenBatch batch) {
        Objects.requireNonNull(batch, "batch");
        int[] labels = SoftmaxCrossEntropy.labels(batch, classes);
        int n = run(batch, training);
        int hidden = lstm.hidden;
        dz = Tensors.matrix(n, classes, dz);
        double loss = SoftmaxCrossEntropy.lossAndGradient(z, p, labels, n, classes, dz);
        dDropped = Tensors.matrix(n, hidden, dDropped);
        output.backward(dropped, dz, n, dDropped);
        if (masked) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < hidden; k++) {
                    dDropped[i][k] *= mask[i][k];
                }
            }
        }
        LstmLayer.Packing pk = packing;
        dh = Tensors.matrix(pk.count, hidden, dh);
        for (int j = 0; j < n; j++) {
            int len = pk.lengths[pk.order[j]];
            float[] g = dDropped[pk.order[j]];
            float inv = len == 0 ? 0f : 1f / len;
            for (int t = 0; t < len; t++) {
                float[] row = dh[pk.row(t, j)];
                for (int k = 0; k < hidden; k++) {
                    row[k] = g[k] * inv;
                }
            }
        }
        if (factored != null) {
            backwardFactored(factored);
        } else {
            Parameter w = lstm.w;
            boolean inputGradient = embedding.requiresGradient();
            lstm.backward(dh, NativeBuffer.pointerTo(w.value(), 0),
                    w.isTrainable() ? NativeBuffer.pointerTo(w.gradient(), 0) : null, inputGradient);
            if (inputGradient) {
                embedding.backward(batch, unpackInputGradient(batch));
            }
        }
        return loss;
    }

    /**
     * Backward with the factorized embedding folded into the input product ({@code P = B W},
     * input rows of {@code A}): from {@code G = dP = A_tok^T dZ}, {@code dW = B^T G} and
     * {@code dB = G W^T}; {@code dA_tok = dZ P^T} goes to the looked-up rows of {@code A}.
     */
    private void backwardFactored(FactorizedEmbedding fe) {
        Parameter w = lstm.w;
        int r = fe.rank();
        int d = lstm.inputSize;
        int g4 = 4 * lstm.hidden;
        boolean needG = w.isTrainable() || fe.b().isTrainable();
        lstm.backward(dh, projection.at(0), needG ? projectionGradient.ensure((long) r * g4).at(0) : null,
                fe.a().isTrainable());
        if (w.isTrainable()) {
            Blas.gemm(true, false, d, g4, r, 1f, NativeBuffer.pointerTo(fe.b().value(), 0), d,
                    projectionGradient.at(0), g4, 0f, NativeBuffer.pointerTo(w.gradient(), 0), g4);
        }
        if (fe.b().isTrainable()) {
            Blas.gemm(false, true, r, d, g4, 1f, projectionGradient.at(0), g4,
                    NativeBuffer.pointerTo(w.value(), 0), g4, 0f, NativeBuffer.pointerTo(fe.b().gradient(), 0), d);
        }
        if (fe.a().isTrainable()) {
            fe.setRowGradients(packedIds, packing.count, lstm.inputGradient());
        }
    }

    private INDArray unpackInputGradient(TokenBatch batch) {
        int d = lstm.inputSize;
        int seqLen = batch.seqLen();
        LstmLayer.Packing pk = packing;
        gradEmbedded = Tensors.reuse(gradEmbedded, batch.size(), seqLen, d);
        FloatBuffer dst = gradEmbedded.data().asNioFloat();
        FloatBuffer src = lstm.inputGradient();
        if (zeros == null || zeros.length != d) {
            zeros = new float[d];
        }
        for (int i = 0; i < batch.size(); i++) {
            for (int t = pk.lengths[i]; t < seqLen; t++) {
                dst.put((i * seqLen + t) * d, zeros, 0, d);
            }
        }
        for (int t = 0; t < pk.steps; t++) {
            for (int j = 0; j < pk.active[t]; j++) {
                dst.put((pk.order[j] * seqLen + t) * d, src, pk.row(t, j) * d, d);
            }
        }
        return gradEmbedded;
    }

    /** Forward pass into the heap buffers; returns the batch size. */
    @Override
    int run(TokenBatch batch, boolean drop) {
        Objects.requireNonNull(batch, "batch");
        int n = batch.size();
        int seqLen = batch.seqLen();
        int d = lstm.inputSize;
        ActiveTokens.checkVolume(batch, Math.max(d, 4 * lstm.hidden));
        LstmLayer.Packing pk = new LstmLayer.Packing(batch.lengths());
        packing = pk;
        if (embedding instanceof FactorizedEmbedding fe) {
            factored = fe;
            inputFactored(batch, pk, fe);
        } else {
            factored = null;
            INDArray embedded = Tensors.contiguous(embedding.forward(batch));
            Tensors.checkShape(embedded, "embedding output", n, seqLen, d);
            FloatBuffer src = embedded.data().asNioFloat();
            FloatBuffer dst = lstm.input(pk, d);
            for (int t = 0; t < pk.steps; t++) {
                for (int j = 0; j < pk.active[t]; j++) {
                    dst.put(pk.row(t, j) * d, src, (pk.order[j] * seqLen + t) * d, d);
                }
            }
            Reference.reachabilityFence(embedded);
            lstm.forward(pk, d, NativeBuffer.pointerTo(lstm.w.value(), 0));
        }
        pool(pk, n);
        masked = drop && dropout > 0;
        if (masked) {
            applyDropout(n);
        } else {
            dropped = pooled;
        }
        output.load();
        z = Tensors.matrix(n, classes, z);
        p = Tensors.matrix(n, classes, p);
        output.forward(dropped, n, z);
        SoftmaxCrossEntropy.softmax(z, n, classes, p);
        return n;
    }

    /**
     * The cheaper form of the input product for a factorized embedding {@code A B}: the rows of
     * {@code A} ({@code r} columns) go in, and the projection is {@code B W} ({@code [r, 4h]},
     * formed once per batch): {@code (A_t B) W = A_t (B W)}, about {@code d / r} times fewer
     * operations in the largest products of the step (docs/design/nn.md).
     */
    private void inputFactored(TokenBatch batch, LstmLayer.Packing pk, FactorizedEmbedding fe) {
        ActiveTokens tokens = ActiveTokens.of(batch, fe.vocabularySize());
        if (packedIds == null || packedIds.length < pk.count) {
            packedIds = new int[Math.max(pk.count, 16)];
        }
        for (int t = 0; t < pk.steps; t++) {
            for (int j = 0; j < pk.active[t]; j++) {
                packedIds[pk.row(t, j)] = tokens.ids[tokens.start[pk.order[j]] + t];
            }
        }
        int r = fe.rank();
        int d = lstm.inputSize;
        int g4 = 4 * lstm.hidden;
        fe.gatherRows(packedIds, pk.count, lstm.input(pk, r));
        Blas.gemm(false, false, r, g4, d, 1f, NativeBuffer.pointerTo(fe.b().value(), 0), d,
                NativeBuffer.pointerTo(lstm.w.value(), 0), g4, 0f, projection.ensure((long) r * g4).at(0), g4);
        lstm.forward(pk, r, projection.at(0));
    }

    /** {@code pooled[i] = (1/len_i) sum_{t < len_i} h_t}, zero for an empty sequence. */
    private void pool(LstmLayer.Packing pk, int n) {
        int hidden = lstm.hidden;
        pooled = Tensors.matrix(n, hidden, pooled);
        float[][] h = lstm.hiddenStates();
        for (int j = 0; j < n; j++) {
            float[] m = pooled[pk.order[j]];
            Arrays.fill(m, 0f);
            int len = pk.lengths[pk.order[j]];
            for (int t = 0; t < len; t++) {
                float[] ht = h[pk.row(t, j)];
                for (int k = 0; k < hidden; k++) {
                    m[k] += ht[k];
                }
            }
            if (len > 0) {
                float inv = 1f / len;
                for (int k = 0; k < hidden; k++) {
                    m[k] *= inv;
                }
            }
        }
    }

    private void applyDropout(int n) {
        int hidden = lstm.hidden;
        float scale = (float) (1.0 / (1.0 - dropout));
        mask = Tensors.matrix(n, hidden, mask);
        dropped = Tensors.matrix(n, hidden, dropped == pooled ? null : dropped);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < hidden; k++) {
                mask[i][k] = dropoutRng.nextDouble() < dropout ? 0f : scale;
                dropped[i][k] = pooled[i][k] * mask[i][k];
            }
        }
    }

    /** The dropout mask of the last forward pass (rows of scale or 0), or null if none applied. */
    float[][] lastDropoutMask() {
        if (!masked) {
            return null;
        }
        float[][] copy = new float[packing.lengths.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = mask[i].clone();
        }
        return copy;
    }
}
