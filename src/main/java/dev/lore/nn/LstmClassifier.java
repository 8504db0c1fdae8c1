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
 *
 * <p>Thread safety: {@link #predict}, {@link #probabilities}, {@link #classify}, {@link #forward}
 * in evaluation mode and the accessors are thread-safe, with no lock: each call works in a
 * workspace of its own (the LSTM's state, its native product buffers), borrowed from the model
 * for the call (see {@link TextClassifier}); with an embedding layer of another origin than this
 * package, as far as that layer's {@link EmbeddingLayer#forward} is. Training
 * ({@link #computeGradients}, {@link #forward} in training mode), {@link #setTraining} and any
 * change of the parameters are for one thread, with no inference running meanwhile.
 */
public final class LstmClassifier extends AbstractTextClassifier<LstmClassifier, LstmClassifier.Pass> {

    private final LstmConfig config;
    private final double dropout;
    private final LstmLayer lstm;
    private final DenseLayer output;
    private final SplittableRandom dropoutRng;

    /** The memory of one pass: the LSTM's state, the pooled and dropped rows, the backward scratch. */
    static final class Pass extends AbstractTextClassifier.Pass {
        private final LstmLayer.State lstm;
        private final DenseLayer.Weights output;
        private LstmLayer.Packing packing;
        private boolean masked;
        private float[][] pooled;
        private float[][] mask;
        private float[][] dropped;
        /** The factorized embedding folded into the input product of this pass, or null. */
        private FactorizedEmbedding factored;
        private int[] packedIds;
        private final NativeBuffer projection = new NativeBuffer();
        // Backward scratch (training pass only).
        private float[][] dz;
        private float[][] dDropped;
        private float[][] dh;
        private INDArray gradEmbedded;
        private final NativeBuffer projectionGradient = new NativeBuffer();
        private float[] zeros;

        private Pass(LstmClassifier model) {
            this.lstm = model.lstm.newState();
            this.output = model.output.newWeights();
        }
    }

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
        int hidden = lstm.hidden;
        s.dz = Tensors.matrix(n, classes, s.dz);
        double loss = SoftmaxCrossEntropy.lossAndGradient(s.z, s.p, labels, n, classes, s.dz);
        s.dDropped = Tensors.matrix(n, hidden, s.dDropped);
        output.backward(s.output, s.dropped, s.dz, n, s.dDropped);
        if (s.masked) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < hidden; k++) {
                    s.dDropped[i][k] *= s.mask[i][k];
                }
            }
        }
        LstmLayer.Packing pk = s.packing;
        s.dh = Tensors.matrix(pk.count, hidden, s.dh);
        for (int j = 0; j < n; j++) {
            int len = pk.lengths[pk.order[j]];
            float[] g = s.dDropped[pk.order[j]];
            float inv = len == 0 ? 0f : 1f / len;
            for (int t = 0; t < len; t++) {
                float[] row = s.dh[pk.row(t, j)];
                for (int k = 0; k < hidden; k++) {
                    row[k] = g[k] * inv;
                }
            }
        }
        if (s.factored != null) {
            backwardFactored(s, s.factored);
        } else {
            Parameter w = lstm.w;
            boolean inputGradient = embedding.requiresGradient();
            lstm.backward(s.lstm, s.dh, NativeBuffer.pointerTo(w.value(), 0),
                    w.isTrainable() ? NativeBuffer.pointerTo(w.gradient(), 0) : null, inputGradient);
            if (inputGradient) {
                embedding.backward(batch, unpackInputGradient(s, batch));
            }
        }
        return loss;
    }

    /**
     * Backward with the factorized embedding folded into the input product ({@code P = B W},
     * input rows of {@code A}): from {@code G = dP = A_tok^T dZ}, {@code dW = B^T G} and
     * {@code dB = G W^T}; {@code dA_tok = dZ P^T} goes to the looked-up rows of {@code A}.
     */
    private void backwardFactored(Pass s, FactorizedEmbedding fe) {
        Parameter w = lstm.w;
        int r = fe.rank();
        int d = lstm.inputSize;
        int g4 = 4 * lstm.hidden;
        boolean needG = w.isTrainable() || fe.b().isTrainable();
        lstm.backward(s.lstm, s.dh, s.projection.at(0),
                needG ? s.projectionGradient.ensure((long) r * g4).at(0) : null, fe.a().isTrainable());
        if (w.isTrainable()) {
            Blas.gemm(true, false, d, g4, r, 1f, NativeBuffer.pointerTo(fe.b().value(), 0), d,
                    s.projectionGradient.at(0), g4, 0f, NativeBuffer.pointerTo(w.gradient(), 0), g4);
        }
        if (fe.b().isTrainable()) {
            Blas.gemm(false, true, r, d, g4, 1f, s.projectionGradient.at(0), g4,
                    NativeBuffer.pointerTo(w.value(), 0), g4, 0f, NativeBuffer.pointerTo(fe.b().gradient(), 0), d);
        }
        if (fe.a().isTrainable()) {
            fe.setRowGradients(s.packedIds, s.packing.count, lstm.inputGradient(s.lstm));
        }
    }

    private INDArray unpackInputGradient(Pass s, TokenBatch batch) {
        int d = lstm.inputSize;
        int seqLen = batch.seqLen();
        LstmLayer.Packing pk = s.packing;
        s.gradEmbedded = Tensors.reuse(s.gradEmbedded, batch.size(), seqLen, d);
        FloatBuffer dst = s.gradEmbedded.data().asNioFloat();
        FloatBuffer src = lstm.inputGradient(s.lstm);
        if (s.zeros == null || s.zeros.length != d) {
            s.zeros = new float[d];
        }
        for (int i = 0; i < batch.size(); i++) {
            for (int t = pk.lengths[i]; t < seqLen; t++) {
                dst.put((i * seqLen + t) * d, s.zeros, 0, d);
            }
        }
        for (int t = 0; t < pk.steps; t++) {
            for (int j = 0; j < pk.active[t]; j++) {
                dst.put((pk.order[j] * seqLen + t) * d, src, pk.row(t, j) * d, d);
            }
        }
        return s.gradEmbedded;
    }

    /** Forward pass into {@code s}, with dropout if {@code drop}; returns the batch size. */
    @Override
    int run(Pass s, TokenBatch batch, boolean drop) {
        Objects.requireNonNull(batch, "batch");
        int n = batch.size();
        int seqLen = batch.seqLen();
        int d = lstm.inputSize;
        ActiveTokens.checkVolume(batch, Math.max(d, 4 * lstm.hidden));
        LstmLayer.Packing pk = new LstmLayer.Packing(batch.lengths());
        s.packing = pk;
        if (embedding instanceof FactorizedEmbedding fe) {
            s.factored = fe;
            inputFactored(s, batch, pk, fe);
        } else {
            s.factored = null;
            FloatBuffer dst = lstm.input(s.lstm, pk, d);
            if (embedding instanceof RowLookupEmbedding rows) {
                rows.gatherPacked(rows.tokens(batch), pk, dst);
            } else {
                INDArray embedded = Tensors.contiguous(embedding.forward(batch));
                Tensors.checkShape(embedded, "embedding output", n, seqLen, d);
                FloatBuffer src = embedded.data().asNioFloat();
                for (int t = 0; t < pk.steps; t++) {
                    for (int j = 0; j < pk.active[t]; j++) {
                        dst.put(pk.row(t, j) * d, src, (pk.order[j] * seqLen + t) * d, d);
                    }
                }
                Reference.reachabilityFence(embedded);
            }
            lstm.forward(s.lstm, pk, d, NativeBuffer.pointerTo(lstm.w.value(), 0));
        }
        pool(s, pk, n);
        s.masked = drop && dropout > 0;
        if (s.masked) {
            applyDropout(s, n);
        } else {
            s.dropped = s.pooled;
        }
        output.load(s.output);
        s.z = Tensors.matrix(n, classes, s.z);
        s.p = Tensors.matrix(n, classes, s.p);
        output.forward(s.output, s.dropped, n, s.z);
        SoftmaxCrossEntropy.softmax(s.z, n, classes, s.p);
        return n;
    }

    /**
     * The cheaper form of the input product for a factorized embedding {@code A B}: the rows of
     * {@code A} ({@code r} columns) go in, and the projection is {@code B W} ({@code [r, 4h]},
     * formed once per batch): {@code (A_t B) W = A_t (B W)}, about {@code d / r} times fewer
     * operations in the largest products of the step (docs/design/nn.md).
     */
    private void inputFactored(Pass s, TokenBatch batch, LstmLayer.Packing pk, FactorizedEmbedding fe) {
        ActiveTokens tokens = ActiveTokens.of(batch, fe.vocabularySize());
        if (s.packedIds == null || s.packedIds.length < pk.count) {
            s.packedIds = new int[Math.max(pk.count, 16)];
        }
        int[] packedIds = s.packedIds;
        for (int t = 0; t < pk.steps; t++) {
            for (int j = 0; j < pk.active[t]; j++) {
                packedIds[pk.row(t, j)] = tokens.ids[tokens.start[pk.order[j]] + t];
            }
        }
        int r = fe.rank();
        int d = lstm.inputSize;
        int g4 = 4 * lstm.hidden;
        fe.gatherRows(packedIds, pk.count, lstm.input(s.lstm, pk, r));
        Blas.gemm(false, false, r, g4, d, 1f, NativeBuffer.pointerTo(fe.b().value(), 0), d,
                NativeBuffer.pointerTo(lstm.w.value(), 0), g4, 0f, s.projection.ensure((long) r * g4).at(0), g4);
        lstm.forward(s.lstm, pk, r, s.projection.at(0));
    }

    /** {@code pooled[i] = (1/len_i) sum_{t < len_i} h_t}, zero for an empty sequence. */
    private void pool(Pass s, LstmLayer.Packing pk, int n) {
        int hidden = lstm.hidden;
        s.pooled = Tensors.matrix(n, hidden, s.pooled);
        float[][] h = lstm.hiddenStates(s.lstm);
        for (int j = 0; j < n; j++) {
            float[] m = s.pooled[pk.order[j]];
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

    /** Inverted dropout on the pooled rows, masks drawn from the model's generator (training only). */
    private void applyDropout(Pass s, int n) {
        int hidden = lstm.hidden;
        float scale = (float) (1.0 / (1.0 - dropout));
        s.mask = Tensors.matrix(n, hidden, s.mask);
        s.dropped = Tensors.matrix(n, hidden, s.dropped == s.pooled ? null : s.dropped);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < hidden; k++) {
                s.mask[i][k] = dropoutRng.nextDouble() < dropout ? 0f : scale;
                s.dropped[i][k] = s.pooled[i][k] * s.mask[i][k];
            }
        }
    }

    /** The dropout mask of the last training pass (rows of scale or 0), or null if none applied. */
    float[][] lastDropoutMask() {
        Pass s = trainingPass();
        if (!s.masked) {
            return null;
        }
        float[][] copy = new float[s.packing.lengths.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = s.mask[i].clone();
        }
        return copy;
    }
}
