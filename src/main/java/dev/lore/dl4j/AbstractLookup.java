package dev.lore.dl4j;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
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
 * The runtime part every lookup layer of this package shares: token ids to rows {@code u(id)}
 * ({@code [n, r]}, the subclass's lookup), then {@code act(u B + b)} (or {@code act(u + b)}
 * without a projection), masked and in DL4J's sequence layout. Backward: with {@code G} the
 * gradient at the output after the activation and the mask, {@code dB = U^T G}, {@code db = sum G}
 * and {@code H = G B^T} (or {@code G}) handed to the subclass, which turns the rows' gradient into
 * its own parameters' gradients. Like every DL4J layer it holds its last input and mask, so one
 * instance serves one thread.
 *
 * @param <C> the layer configuration
 */
abstract class AbstractLookup<C extends FeedForwardLayer> extends BaseLayer<C> {

    /** The projection {@code [r, d]}, as the factorized layers name it. */
    static final String B_KEY = FactorizedEmbeddingParamInitializer.B_KEY;
    /** The bias {@code [d]}, as DL4J names biases. */
    static final String BIAS_KEY = FactorizedEmbeddingParamInitializer.BIAS_KEY;

    private int[] ids;
    private INDArray rows;

    AbstractLookup(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The configuration's shapes. */
    abstract LookupShape shape();

    /** Whether parameter {@code key} is frozen (zero gradient). */
    abstract boolean isFrozen(String key);

    /** Layer name and class for messages. */
    abstract String describe();

    /**
     * The rows {@code u(ids[p])}.
     *
     * @param ids token ids, each in {@code [0, V)}
     * @return a new {@code [ids.length, r]} 'c'-ordered contiguous array of the parameters' type
     */
    abstract INDArray lookup(int[] ids);

    /** Whether the subclass has a trainable parameter, so that {@link #rowGradients} needs {@code H}. */
    abstract boolean rowsTrainable();

    /**
     * Writes the gradients of the subclass's parameters into their gradient views (all of it:
     * zeros where nothing flows, and everywhere for a frozen parameter).
     *
     * @param ids the token ids of the forward pass
     * @param h {@code [ids.length, r]} 'c'-ordered: the gradient at the rows, or null when
     *     {@link #rowsTrainable()} is false
     */
    abstract void rowGradients(int[] ids, INDArray h);

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        LookupShape s = shape();
        INDArray in = idMatrix(s);
        int batch = (int) in.rows();
        int length = (int) in.columns();
        ids = readIds(in, s.vocabulary());
        rows = lookup(ids);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, rows.dataType(),
                new long[] {ids.length, s.dimension()}, 'c');
        if (s.projection()) {
            product(getParam(B_KEY), rows, true, true, out); // out^T = B^T rows^T
        } else {
            out.assign(rows);
        }
        if (s.bias()) {
            out.addiRowVector(getParam(BIAS_KEY));
        }
        if (!s.sequence()) {
            return out;
        }
        INDArray ret = out.reshape('c', new long[] {batch, length, s.dimension()});
        if (s.format() == RNNFormat.NCW) {
            ret = ret.permute(0, 2, 1);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, ret);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = preOutput(training, workspaceMgr);
        rows = null; // kept only within backpropGradient, which computes its own
        INDArray ret = layerConf().getActivationFn().getActivation(z, training);
        if (maskArray != null) {
            LookupShape s = shape();
            checkMask(s);
            applyMaskTo(ret, s);
        }
        return ret;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        LookupShape s = shape();
        INDArray z = preOutput(true, workspaceMgr);
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            checkMask(s);
            delta = delta.dup('c');
            applyMaskTo(delta, s);
        }
        if (s.sequence() && s.format() == RNNFormat.NCW) {
            delta = delta.permute(0, 2, 1); // [batch, d, T] -> [batch, T, d]
        }
        INDArray g = delta.dup('c').reshape('c', new long[] {ids.length, s.dimension()}); // row p = n T + t, as ids
        INDArray h = null;
        if (s.projection()) {
            INDArray gradB = gradientViews.get(B_KEY);
            if (isFrozen(B_KEY)) {
                gradB.assign(0);
            } else {
                INDArray dB = Nd4j.createUninitialized(g.dataType(), new long[] {s.width(), s.dimension()}, 'c');
                product(g, rows, true, false, dB); // dB^T = g^T rows, i.e. dB = rows^T g
                gradB.assign(dB);
            }
            if (rowsTrainable()) {
                h = Nd4j.createUninitialized(g.dataType(), new long[] {ids.length, s.width()}, 'c');
                product(getParam(B_KEY), g, false, true, h); // h^T = B g^T, i.e. h = g B^T
            }
        } else if (rowsTrainable()) {
            h = g;
        }
        rowGradients(ids, h);
        if (s.bias()) {
            g.sum(gradientViews.get(BIAS_KEY), 0);
        }
        Gradient ret = new DefaultGradient();
        for (String key : conf.variables()) {
            ret.gradientForVariable().put(key, gradientViews.get(key));
        }
        rows = null;
        return new Pair<>(ret, null); // token ids have no gradient
    }

    /**
     * {@code out = (op(x) op(y))^T} into the 'c'-ordered contiguous {@code out}, as a BLAS product
     * into the 'f'-ordered view {@code out^T}: ND4J's {@code mmul} into a 'c' result took 13 times
     * as long here ([2000, 9] x [9, 100]: 7.7 ms against 0.53 ms).
     */
    static void product(INDArray x, INDArray y, boolean transposeX, boolean transposeY, INDArray out) {
        Nd4j.gemm(x, y, out.transpose(), transposeX, transposeY, 1.0, 0.0);
    }

    /** The input as {@code [batch, T]} ({@code T = 1} for the feed-forward layer), checked. */
    private INDArray idMatrix(LookupShape s) {
        INDArray in = input;
        if (in.rank() == 1) {
            in = in.reshape('c', new long[] {in.length(), 1});
        }
        if (!s.sequence()) {
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
        if (!s.inferInputLength() && in.columns() != s.inputLength()) {
            throw new DL4JInvalidInputException(layerId() + ": expected sequences of inputLength " + s.inputLength()
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

    private void checkMask(LookupShape s) {
        long batch = input.size(0);
        long length = s.sequence() ? (input.rank() == 3 ? input.size(2) : input.rank() == 1 ? 1 : input.size(1)) : 1;
        if (maskArray.rank() != 2 || maskArray.size(0) != batch || maskArray.size(1) != length) {
            throw new IllegalStateException(layerId() + ": the mask must be [batch, " + (s.sequence() ? "T" : "1")
                    + "] = [" + batch + ", " + length + "], got " + Arrays.toString(maskArray.shape()));
        }
    }

    /** Multiplies {@code x} ({@code [batch, d, T]}, {@code [batch, T, d]} or {@code [batch, d]}) by the mask, in place. */
    private void applyMaskTo(INDArray x, LookupShape s) {
        INDArray mask = maskArray.castTo(x.dataType());
        if (!s.sequence()) {
            x.muliColumnVector(mask);
        } else if (s.format() == RNNFormat.NCW) {
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
     * Sets all parameters from a flattened copy laid out as the layer's view (each parameter
     * 'c'-ordered, in the order of {@code paramTable()}; what {@link #params()} returns).
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
                || (current.rank() == 1 && value.rank() == 2 && value.rows() == 1 && value.columns() == current.length());
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
        return shape().bias();
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
        return shape().sequence() ? Type.RECURRENT : Type.FEED_FORWARD;
    }

    @Override
    public void clear() {
        super.clear();
        ids = null;
        rows = null;
    }
}
