package dev.lore.dl4j;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The factorized replacement of DL4J's (feed-forward) {@code EmbeddingLayer}: one token id per
 * example, input {@code [batch, 1]}, output {@code [batch, d]} with
 * {@code out[n] = act(A[ids[n]] B + bias)}; a mask {@code [batch, 1]} multiplies the output and
 * the incoming gradient. The input type must be feed-forward; the output type is
 * {@code InputType.feedForward(d)}.
 *
 * <pre>{@code
 * new FactorizedEmbeddingLayer.Builder().nIn(V).rank(r).nOut(d).build()
 * }</pre>
 *
 * <p>Parameters, gradients (row-sparse for {@code A}), freezing, validation and JSON are those of
 * {@link FactorizedEmbeddingSequenceLayer}, whose documentation applies with {@code T = 1}; as
 * there, {@code nIn} is never taken from the input type. Not thread-safe, like DL4J's
 * configurations.
 */
public class FactorizedEmbeddingLayer extends AbstractFactorizedEmbedding {

    private static final long serialVersionUID = 1L;

    /** For JSON and YAML; use the {@link Builder}. */
    public FactorizedEmbeddingLayer() {
        super();
    }

    private FactorizedEmbeddingLayer(Builder builder) {
        super(builder);
        initializeConstraints(builder);
        validate();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        validate();
        FactorizedLookup layer = new FactorizedLookup(conf, networkDataType, false);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** Keeps {@code nIn} as configured: the input type's size is 1, one id per example. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(inputType);
        if (inputType.getType() != InputType.Type.FF) {
            throw new IllegalStateException("Invalid input for " + describe()
                    + ": expected a feed-forward input type of token ids [batch, 1], got " + inputType);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactorizedEmbeddingLayer && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public String toString() {
        return "FactorizedEmbeddingLayer(name=" + layerName + ", nIn=" + nIn + ", rank=" + getRank() + ", nOut="
                + nOut + ", hasBias=" + hasBias() + ", freezeA=" + isFreezeA() + ", freezeB=" + isFreezeB()
                + ", activation=" + activationFn + ", updater=" + iUpdater + ")";
    }

    /** Builds a {@link FactorizedEmbeddingLayer}; {@code nIn}, {@code rank} and {@code nOut} are required. */
    public static class Builder extends AbstractFactorizedEmbedding.Builder<Builder> {

        /** A builder with no shape set, identity activation, no bias and both factors trainable. */
        public Builder() {
            super();
        }

        /**
         * @throws IllegalArgumentException if {@code nIn}, {@code nOut} or {@code rank} is out of
         *     range; the message names it
         */
        @Override
        @SuppressWarnings("unchecked")
        public FactorizedEmbeddingLayer build() {
            return new FactorizedEmbeddingLayer(this);
        }
    }
}
