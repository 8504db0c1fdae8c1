package dev.lore.dl4j;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link FactorizedEmbeddingSequenceLayer} ({@code sequence}) and
 * {@link FactorizedEmbeddingLayer}: forward {@code act(A[ids] B + b)}, masked; backward the
 * gradients documented there. Like every DL4J layer it holds its last input and mask, so one
 * instance serves one thread.
 */
final class FactorizedLookup extends BaseLayer<AbstractFactorizedEmbedding> {

    private final boolean sequence;
    private int[] ids;
    private INDArray gathered;

    FactorizedLookup(NeuralNetConfiguration conf, DataType dataType, boolean sequence) {
        super(conf, dataType);
        this.sequence = sequence;
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        AbstractFactorizedEmbedding c = layerConf();
        INDArray in = idMatrix();
        int batch = (int) in.rows();
        int length = (int) in.columns();
        ids = readIds(in, c.getNIn());
        INDArray a = getParam(FactorizedEmbeddingParamInitializer.A_KEY);
        INDArray b = getParam(FactorizedEmbeddingParamInitializer.B_KEY);
        gathered = Nd4j.createUninitialized(a.dataType(), new long[] {ids.length, c.getRank()}, 'c');
        RowKernels.gather(a, ids, gathered);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, a.dataType(),
                new long[] {ids.length, c.getNOut()}, 'c');
        product(b, gathered, true, true, out); // out^T = B^T gathered^T
        if (c.hasBias()) {
            out.addiRowVector(getParam(FactorizedEmbeddingParamInitializer.BIAS_KEY));
        }
        if (!sequence) {
            return out;
        }
        INDArray ret = out.reshape('c', new long[] {batch, length, c.getNOut()});
        if (sequenceConf().getOutputFormat() == RNNFormat.NCW) {
            ret = ret.permute(0, 2, 1);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, ret);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = preOutput(training, workspaceMgr);
        gathered = null; // kept only within backpropGradient, which computes its own
        INDArray ret = layerConf().getActivationFn().getActivation(z, training);
        if (maskArray != null) {
            checkMask();
            applyMaskTo(ret);
        }
        return ret;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        AbstractFactorizedEmbedding c = layerConf();
        INDArray z = preOutput(true, workspaceMgr);
        INDArray delta = c.getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            checkMask();
            delta = delta.dup('c');
            applyMaskTo(delta);
        }
        if (sequence && sequenceConf().getOutputFormat() == RNNFormat.NCW) {
            delta = delta.permute(0, 2, 1); // [batch, d, T] -> [batch, T, d]
        }
        INDArray g = delta.dup('c').reshape('c', new long[] {ids.length, c.getNOut()}); // row p = n T + t, as ids
        Gradient ret = new DefaultGradient();

        INDArray gradA = gradientViews.get(FactorizedEmbeddingParamInitializer.A_KEY);
        INDArray gradB = gradientViews.get(FactorizedEmbeddingParamInitializer.B_KEY);
        INDArray b = getParam(FactorizedEmbeddingParamInitializer.B_KEY);
        gradA.assign(0);
        if (!c.isFreezeA()) {
            INDArray rowGrads = Nd4j.createUninitialized(g.dataType(), new long[] {ids.length, c.getRank()}, 'c');
            product(b, g, false, true, rowGrads); // rowGrads^T = B g^T, i.e. rowGrads = g B^T
            RowKernels.scatterAdd(rowGrads, ids, gradA);
        }
        if (c.isFreezeB()) {
            gradB.assign(0);
        } else {
            INDArray dB = Nd4j.createUninitialized(g.dataType(), new long[] {c.getRank(), c.getNOut()}, 'c');
            product(g, gathered, true, false, dB); // dB^T = g^T gathered, i.e. dB = gathered^T g
            gradB.assign(dB);
        }
        ret.gradientForVariable().put(FactorizedEmbeddingParamInitializer.A_KEY, gradA);
        ret.gradientForVariable().put(FactorizedEmbeddingParamInitializer.B_KEY, gradB);
        if (c.hasBias()) {
            INDArray gradBias = gradientViews.get(FactorizedEmbeddingParamInitializer.BIAS_KEY);
            g.sum(gradBias, 0);
            ret.gradientForVariable().put(FactorizedEmbeddingParamInitializer.BIAS_KEY, gradBias);
        }
        gathered = null;
        return new Pair<>(ret, null); // token ids have no gradient
    }

    /**
     * {@code out = (op(x) op(y))^T} into the 'c'-ordered contiguous {@code out}, as a BLAS product
     * into the 'f'-ordered view {@code out^T}: ND4J's {@code mmul} into a 'c' result took 13 times
     * as long here ([2000, 9] x [9, 100]: 7.7 ms against 0.53 ms).
     */
    private static void product(INDArray x, INDArray y, boolean transposeX, boolean transposeY, INDArray out) {
        Nd4j.gemm(x, y, out.transpose(), transposeX, transposeY, 1.0, 0.0);
    }

    private FactorizedEmbeddingSequenceLayer sequenceConf() {
        return (FactorizedEmbeddingSequenceLayer) layerConf();
    }

    /** The input as {@code [batch, T]} ({@code T = 1} for the feed-forward layer), checked. */
    private INDArray idMatrix() {
        INDArray in = input;
        if (in.rank() == 1) {
            in = in.reshape('c', new long[] {in.length(), 1});
        }
        if (!sequence) {
            if (in.rank() != 2 || in.columns() != 1) {
                throw new DL4JInvalidInputException(layerId() + ": expected token ids of shape [batch, 1], got "
                        + Arrays.toString(input.shape()));
            }
            return in;
        }
        if (in.rank() == 3 && in.size(1) == 1) {
            in = in.reshape(in.ordering(), new long[] {in.size(0), in.size(2)});
        }
        if (in.rank() != 2) {
            throw new DL4JInvalidInputException(layerId() + ": expected token ids of shape [batch, T] or [batch, 1, T],"
                    + " got " + Arrays.toString(input.shape()));
        }
        FactorizedEmbeddingSequenceLayer c = sequenceConf();
        if (!c.isInferInputLength() && in.columns() != c.getInputLength()) {
            throw new DL4JInvalidInputException(layerId() + ": expected sequences of inputLength " + c.getInputLength()
                    + ", got input shape " + Arrays.toString(input.shape()));
        }
        return in;
    }

    /** The ids in row-major order, each an integral value in {@code [0, v)}. */
    private int[] readIds(INDArray in, long v) {
        double[] values = in.dup('c').reshape('c', new long[] {in.length()}).toDoubleVector();
        int[] out = new int[values.length];
        for (int p = 0; p < values.length; p++) {
            double x = values[p];
            if (!(x >= 0 && x < v) || x != Math.rint(x)) {
                throw new DL4JInvalidInputException(layerId() + ": token id at position " + p + " of the batch must be"
                        + " an integer in [0, " + v + "), got " + x);
            }
            out[p] = (int) x;
        }
        return out;
    }

    private void checkMask() {
        long batch = input.size(0);
        long length = sequence ? (input.rank() == 3 ? input.size(2) : input.rank() == 1 ? 1 : input.size(1)) : 1;
        if (maskArray.rank() != 2 || maskArray.size(0) != batch || maskArray.size(1) != length) {
            throw new IllegalStateException(layerId() + ": the mask must be [batch, " + (sequence ? "T" : "1") + "] = ["
                    + batch + ", " + length + "], got " + Arrays.toString(maskArray.shape()));
        }
    }

    /** Multiplies {@code x} ({@code [batch, d, T]}, {@code [batch, T, d]} or {@code [batch, d]}) by the mask, in place. */
    private void applyMaskTo(INDArray x) {
        INDArray mask = maskArray.castTo(x.dataType());
        if (!sequence) {
            x.muliColumnVector(mask);
        } else if (sequenceConf().getOutputFormat() == RNNFormat.NCW) {
            Broadcast.mul(x, mask, x, 0, 2);
        } else {
            Broadcast.mul(x, mask, x, 0, 1);
        }
    }

    /**
     * Sets parameter {@code key} to a copy of {@code value}, whose shape must be the parameter's
     * ({@code [d]} or {@code [1, d]} for the bias).
     *
     * @throws IllegalArgumentException for an unknown key, a wrong shape, or NaN or infinite values,
     *     naming the layer, the expected and the found shape; nothing is changed then
     */
    @Override
    public void setParam(String key, INDArray value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        INDArray current = params.get(key);
        if (current == null) {
            throw new IllegalArgumentException(layerId() + " has no parameter '" + key + "'; its parameters are "
                    + params.keySet());
        }
        checkShape(key, current, value);
        current.assign(value);
    }

    /**
     * Sets all parameters from a flattened copy laid out as the layer's view ({@code A}, {@code B},
     * {@code b}, each 'c'-ordered; what {@link #params()} returns).
     *
     * @throws IllegalArgumentException if the length differs from {@link #numParams()} or a value is
     *     NaN or infinite
     */
    @Override
    public void setParams(INDArray flat) {
        Objects.requireNonNull(flat, "flat");
        if (flat == paramsFlattened) {
            return;
        }
        if (flat.length() != numParams()) {
            throw new IllegalArgumentException(layerId() + ": expected " + numParams() + " parameter values, got "
                    + flat.length() + " (shape " + Arrays.toString(flat.shape()) + ")");
        }
        checkFinite("the flattened parameters", flat);
        paramsFlattened.assign(flat.reshape('c', new long[] {flat.length()}));
    }

    /**
     * Sets the parameter views (at instantiation) or, once set, copies the given values into them
     * after checking every key and shape first.
     *
     * @throws IllegalArgumentException if the keys or a shape differ from the layer's
     */
    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        if (params == null) {
            super.setParamTable(paramTable);
            return;
        }
        if (!paramTable.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(layerId() + ": expected parameters " + params.keySet() + ", got "
                    + paramTable.keySet());
        }
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            checkShape(e.getKey(), params.get(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            params.get(e.getKey()).assign(e.getValue());
        }
    }

    private void checkShape(String key, INDArray current, INDArray value) {
        boolean ok = Arrays.equals(current.shape(), value.shape())
                || (FactorizedEmbeddingParamInitializer.BIAS_KEY.equals(key) && value.rank() == 2 && value.rows() == 1
                        && value.columns() == current.length());
        if (!ok) {
            throw new IllegalArgumentException(layerId() + ": parameter " + key + " must be "
                    + Arrays.toString(current.shape()) + ", got " + Arrays.toString(value.shape()));
        }
        checkFinite("parameter " + key, value);
    }

    private void checkFinite(String what, INDArray value) {
        if (!value.dataType().isFPType()) {
            throw new IllegalArgumentException(layerId() + ": " + what + " must be floating point, got "
                    + value.dataType());
        }
        if (value.isNaN().any() || value.isInfinite().any()) {
            throw new IllegalArgumentException(layerId() + ": " + what + " must be finite, got NaN or infinity");
        }
    }

    @Override
    public boolean hasBias() {
        return layerConf().hasBias();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    protected void applyDropOutIfNecessary(boolean training, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("Dropout is not supported by " + layerId());
    }

    @Override
    public Type type() {
        return sequence ? Type.RECURRENT : Type.FEED_FORWARD;
    }

    @Override
    public void clear() {
        super.clear();
        ids = null;
        gathered = null;
    }
}
