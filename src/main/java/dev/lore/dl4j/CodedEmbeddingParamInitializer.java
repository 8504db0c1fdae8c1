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
 * Parameters of the code-reading layers, as their configuration lists them
 * ({@link AbstractCodedEmbedding#parameterShapes()}): the subclass's own, then {@code B
 * [width, d]} if there is a projection, then {@code b [d]} with a bias, each 'c'-ordered, in that
 * order in the layer's flattened view. {@code B} is a weight (Xavier-like initialization by the
 * layer's weight init with fan-in {@code width}, weight regularization), {@code b} a bias; what
 * else is a weight the subclass says. Stateless, thread-safe.
 */
final class CodedEmbeddingParamInitializer implements ParamInitializer {

    static final CodedEmbeddingParamInitializer INSTANCE = new CodedEmbeddingParamInitializer();

    private CodedEmbeddingParamInitializer() {}

    private static AbstractCodedEmbedding conf(Layer layer) {
        if (!(layer instanceof AbstractCodedEmbedding c)) {
            throw new IllegalArgumentException("not a code-reading embedding layer: " + layer.getClass().getName());
        }
        return c;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        AbstractCodedEmbedding c = conf(layer);
        c.validate();
        long n = 0;
        for (long[] shape : c.parameterShapes().values()) {
            n += size(shape);
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(conf(layer).parameterShapes().keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        List<String> out = new ArrayList<>();
        for (String key : paramKeys(layer)) {
            if (isWeightParam(layer, key)) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return conf(layer).hasBias() ? List.of(AbstractLookup.BIAS_KEY) : Collections.emptyList();
    }

    /** {@code B} and the subclass's weights ({@code C} of the product-quantized layer); not the scales. */
    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return AbstractLookup.B_KEY.equals(key) || ProductQuantizedEmbeddingSequenceLayer.CODEBOOKS_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return AbstractLookup.BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        AbstractCodedEmbedding c = conf(conf.getLayer());
        long n = numParams(c);
        if (paramsView.length() != n) {
            throw new IllegalStateException(c.describe() + ": expected a parameter view of " + n + " values, got "
                    + paramsView.length());
        }
        Map<String, INDArray> views = views(c, paramsView);
        if (initializeParams) {
            IWeightInit init = c.getWeightInitFn() == null ? new WeightInitXavier() : c.getWeightInitFn();
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                String key = e.getKey();
                INDArray view = e.getValue();
                if (AbstractLookup.B_KEY.equals(key)) {
                    init.init(c.width(), c.getNOut(), view.shape(), 'c', view.reshape('c', new long[] {view.length()}));
                } else if (AbstractLookup.BIAS_KEY.equals(key)) {
                    view.assign(c.getBiasInit());
                } else {
                    c.initializeRowParameter(key, view, init);
                }
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

    private static Map<String, INDArray> views(AbstractCodedEmbedding c, INDArray flat) {
        INDArray line = flat.reshape('c', new long[] {flat.length()});
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : c.parameterShapes().entrySet()) {
            long size = size(e.getValue());
            out.put(e.getKey(), line.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', e.getValue()));
            offset += size;
        }
        return out;
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
