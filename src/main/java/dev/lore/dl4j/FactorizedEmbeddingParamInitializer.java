package dev.lore.dl4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of the factorized layers: {@code A} {@code [V, r]}, {@code B} {@code [r, d]} and,
 * with a bias, {@code b} {@code [d]}, laid out in that order in the layer's flattened view, each
 * 'c'-ordered. Stateless, thread-safe.
 */
final class FactorizedEmbeddingParamInitializer implements ParamInitializer {

    /** The lookup factor {@code [V, r]}. */
    static final String A_KEY = "A";
    /** The projection {@code [r, d]}. */
    static final String B_KEY = "B";
    /** The bias {@code [d]}, as DL4J names biases. */
    static final String BIAS_KEY = "b";

    private static final FactorizedEmbeddingParamInitializer INSTANCE = new FactorizedEmbeddingParamInitializer();

    private FactorizedEmbeddingParamInitializer() {}

    static FactorizedEmbeddingParamInitializer getInstance() {
        return INSTANCE;
    }

    private static AbstractFactorizedEmbedding conf(Layer layer) {
        if (!(layer instanceof AbstractFactorizedEmbedding f)) {
            throw new IllegalArgumentException("not a factorized embedding layer: " + layer.getClass().getName());
        }
        return f;
    }

    /** The shape of parameter {@code key} of {@code layer}. */
    static long[] shape(AbstractFactorizedEmbedding layer, String key) {
        return switch (key) {
            case A_KEY -> new long[] {layer.getNIn(), layer.getRank()};
            case B_KEY -> new long[] {layer.getRank(), layer.getNOut()};
            case BIAS_KEY -> new long[] {layer.getNOut()};
            default -> throw new IllegalArgumentException(layer.describe() + " has no parameter '" + key
                    + "'; its parameters are " + keys(layer));
        };
    }

    static List<String> keys(AbstractFactorizedEmbedding layer) {
        List<String> keys = new ArrayList<>(List.of(A_KEY, B_KEY));
        if (layer.hasBias()) {
            keys.add(BIAS_KEY);
        }
        return keys;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        AbstractFactorizedEmbedding f = conf(layer);
        f.validate();
        return f.getNIn() * f.getRank() + (long) f.getRank() * f.getNOut() + (f.hasBias() ? f.getNOut() : 0);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return keys(conf(layer));
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(A_KEY, B_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return conf(layer).hasBias() ? List.of(BIAS_KEY) : Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return A_KEY.equals(key) || B_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        AbstractFactorizedEmbedding f = conf(conf.getLayer());
        long n = numParams(f);
        if (paramsView.length() != n) {
            throw new IllegalStateException(f.describe() + ": expected a parameter view of " + n + " values, got "
                    + paramsView.length());
        }
        Map<String, INDArray> views = views(f, paramsView);
        if (initializeParams) {
            IWeightInit init = f.getWeightInitFn() == null ? new WeightInitXavier() : f.getWeightInitFn();
            init.init(1, f.getRank(), shape(f, A_KEY), 'c', flat(views.get(A_KEY)));
            init.init(f.getRank(), f.getNOut(), shape(f, B_KEY), 'c', flat(views.get(B_KEY)));
            if (f.hasBias()) {
                views.get(BIAS_KEY).assign(f.getBiasInit());
            }
        }
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            params.put(e.getKey(), e.getValue());
            conf.addVariable(e.getKey());
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf(conf.getLayer()), gradientView);
    }

    /** The 'c'-ordered views of each parameter in {@code flat}, in layout order. */
    private static Map<String, INDArray> views(AbstractFactorizedEmbedding f, INDArray flat) {
        INDArray line = flat.reshape('c', new long[] {flat.length()});
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (String key : keys(f)) {
            long[] shape = shape(f, key);
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            out.put(key, line.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', shape));
            offset += size;
        }
        return out;
    }

    /** The 1-d view of a contiguous parameter view, which weight initializers fill. */
    private static INDArray flat(INDArray view) {
        return view.reshape('c', new long[] {view.length()});
    }
}
