package dev.lore.dl4j;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The embedding layer of a DL4J network as two stacked layers (Acharya et al., AAAI 2019): a
 * lookup of the rows of {@code A} ({@code [V, r]}) followed by a projection by {@code B}
 * ({@code [r, d]}), the drop-in replacement of DL4J's {@code EmbeddingSequenceLayer}:
 *
 * <pre>{@code
 * new FactorizedEmbeddingSequenceLayer.Builder().nIn(V).rank(r).nOut(d).inputLength(T).build()
 * }</pre>
 *
 * <p>Shapes, as {@code EmbeddingSequenceLayer}'s: input token ids {@code [batch, T]} (or
 * {@code [batch, 1, T]}), integral values in {@code [0, V)} in any floating or integer type; output
 * {@code [batch, d, T]} ({@link RNNFormat#NCW}, the default) or {@code [batch, T, d]}
 * ({@link RNNFormat#NWC}): {@code out[n, :, t] = act(A[ids[n, t]] B + bias)}. A feature mask
 * {@code [batch, T]} multiplies the output and the incoming gradient position by position and is
 * passed on to the next layers (e.g. a masked {@code GlobalPoolingLayer}). The input type may be
 * feed-forward or recurrent; the output type is {@code InputType.recurrent(d, T, format)}.
 *
 * <p>Parameters: {@code "A"} {@code [V, r]}, {@code "B"} {@code [r, d]} and, only with
 * {@code hasBias(true)}, {@code "b"} {@code [d]}; in that order in the layer's flattened parameter
 * view, each 'c'-ordered. Initialization by the layer's weight init (DL4J's default, Xavier, unless
 * set), {@code A} with fan-in 1 and fan-out {@code r} (as DL4J's embeddings, so that it does not
 * depend on {@code V}), {@code B} as a dense layer {@code r -> d}; the bias with {@code biasInit}.
 * {@link LoreDl4j#setEmbedding} loads lore's factors instead.
 *
 * <p>Gradients, for {@code G} the gradient at the output ({@code [batch T, d]} after the activation
 * and the mask): {@code dB = A[ids]^T G}; {@code dA[i] = sum over positions p with ids[p] = i of
 * (G B^T)[p]}, accumulated row by row from the {@code batch T} gathered rows, so it is computed in
 * {@code O(batch T r d)} and is zero on every row not in the batch (DL4J's updaters then see the
 * whole {@code [V, r]} view, as they do for {@code EmbeddingSequenceLayer}); {@code db = sum G}.
 * There is no gradient for the input ids. {@code freezeA(true)} or {@code freezeB(true)} freezes a
 * factor: its gradient is zero, its updater {@code NoOp} and it has no regularization, so training
 * leaves it bit for bit unchanged (weight constraints, if configured, still apply). Dropout is not
 * supported, as in DL4J's embedding layers.
 *
 * <p>Differences from {@code EmbeddingSequenceLayer}, both deliberate: {@code nIn} is never taken
 * from the network's input type (for token ids that size is 1, not the vocabulary; DL4J's
 * inference silently set {@code nIn = 1}, and a later {@code setParam} of a {@code [V, r]} array
 * crashed the JVM); and the runtime layer checks the shape of every array given to
 * {@code setParam} and {@code setParams}, naming the layer, the expected and the found shape.
 *
 * <p>Validation: {@link Builder#build()} rejects {@code nIn < 1}, {@code nOut < 1}, a rank outside
 * {@code [1, min(nIn, nOut)]} and {@code inputLength < 1} with an {@link IllegalArgumentException};
 * a configuration read from JSON is checked again when the network is initialized.
 *
 * <p>JSON and YAML: through DL4J's mappers, as any layer; a configuration read back equals the one
 * written. Configurations are mutable DL4J beans and not thread-safe, like DL4J's own.
 */
public class FactorizedEmbeddingSequenceLayer extends AbstractFactorizedEmbedding {

    private static final long serialVersionUID = 1L;

    /** The declared sequence length {@code T}, {@code >= 1}. */
    @JsonProperty("inputLength")
    private int inputLength = 1;
    /** Whether inputs of any length are accepted. */
    @JsonProperty("inferInputLength")
    private boolean inferInputLength;
    /** The layout of the output, {@code NCW} or {@code NWC}. */
    @JsonProperty("outputFormat")
    private RNNFormat outputFormat = RNNFormat.NCW;

    /** For JSON and YAML; use the {@link Builder}. */
    public FactorizedEmbeddingSequenceLayer() {
        super();
    }

    private FactorizedEmbeddingSequenceLayer(Builder builder) {
        super(builder);
        this.inputLength = builder.inputLength;
        this.inferInputLength = builder.inferInputLength;
        this.outputFormat = builder.outputFormat;
        initializeConstraints(builder);
        validate();
    }

    /**
     * The sequence length {@code T} the input must have (unless {@link #isInferInputLength()}).
     *
     * @return {@code T}, {@code >= 1} in a validated configuration; the output type declares this
     *     length
     */
    public int getInputLength() {
        return inputLength;
    }

    /**
     * Sets the declared sequence length, for DL4J's bean conventions and JSON; not checked here
     * but when the network is initialized, which throws {@link IllegalArgumentException} for
     * {@code inputLength < 1}.
     *
     * @param inputLength {@code T}, valid from 1
     */
    public void setInputLength(int inputLength) {
        this.inputLength = inputLength;
    }

    /**
     * Whether any input length is accepted.
     *
     * @return true if inputs of any length {@code T} are accepted, the output then having the
     *     input's length ({@code inputLength} is only the declared one); false if an input whose
     *     length is not {@code inputLength} is rejected with DL4J's
     *     {@code DL4JInvalidInputException}
     */
    public boolean isInferInputLength() {
        return inferInputLength;
    }

    /**
     * Sets whether any input length is accepted, for DL4J's bean conventions and JSON; building a
     * network with a feed-forward input type sets it to true (see
     * {@link #setNIn(InputType, boolean)}).
     *
     * @param inferInputLength true to accept any length, false to accept only {@code inputLength}
     */
    public void setInferInputLength(boolean inferInputLength) {
        this.inferInputLength = inferInputLength;
    }

    /**
     * The layout of the output.
     *
     * @return {@link RNNFormat#NCW} ({@code [batch, d, T]}, the default) or {@link RNNFormat#NWC}
     *     ({@code [batch, T, d]}); null only if set so, which initialization rejects
     */
    public RNNFormat getOutputFormat() {
        return outputFormat;
    }

    /**
     * Sets the layout of the output, for DL4J's bean conventions and JSON; not checked here but
     * when the network is initialized, which throws {@link NullPointerException} for null.
     *
     * @param outputFormat {@link RNNFormat#NCW} or {@link RNNFormat#NWC}, not null
     */
    public void setOutputFormat(RNNFormat outputFormat) {
        this.outputFormat = outputFormat;
    }

    @Override
    void validate() {
        super.validate();
        if (inputLength < 1) {
            throw new IllegalArgumentException(describe() + ": inputLength must be >= 1, got " + inputLength);
        }
        Objects.requireNonNull(outputFormat, "outputFormat");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        validate();
        FactorizedLookup layer = new FactorizedLookup(conf, networkDataType, true);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /**
     * {@code InputType.recurrent(nOut, inputLength, outputFormat)} for a feed-forward or recurrent
     * input type.
     *
     * @throws IllegalStateException for any other input type (DL4J's convention for configuration
     *     errors found while building a network)
     */
    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || (inputType.getType() != InputType.Type.FF
                && inputType.getType() != InputType.Type.RNN)) {
            throw new IllegalStateException("Invalid input for " + describe() + " (layer index " + layerIndex
                    + "): expected a feed-forward or recurrent input type of token ids, got " + inputType);
        }
        return InputType.recurrent(nOut, inputLength, outputFormat);
    }

    /**
     * Keeps {@code nIn} as configured (see the class comment); a feed-forward input type switches
     * on {@link #isInferInputLength()}, as in DL4J.
     */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(inputType);
        if (inputType.getType() == InputType.Type.FF && override) {
            this.inferInputLength = true;
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        checkInputType(inputType);
        if (inputType.getType() == InputType.Type.RNN) {
            return null;
        }
        return super.getPreProcessorForInputType(inputType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactorizedEmbeddingSequenceLayer other && super.equals(o)
                && inputLength == other.inputLength && inferInputLength == other.inferInputLength
                && outputFormat == other.outputFormat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputLength, inferInputLength, outputFormat);
    }

    @Override
    public String toString() {
        return "FactorizedEmbeddingSequenceLayer(name=" + layerName + ", nIn=" + nIn + ", rank=" + getRank()
                + ", nOut=" + nOut + ", inputLength=" + inputLength + ", inferInputLength=" + inferInputLength
                + ", outputFormat=" + outputFormat + ", hasBias=" + hasBias() + ", freezeA=" + isFreezeA()
                + ", freezeB=" + isFreezeB() + ", activation=" + activationFn + ", updater=" + iUpdater + ")";
    }

    /** Builds a {@link FactorizedEmbeddingSequenceLayer}; {@code nIn}, {@code rank} and {@code nOut} are required. */
    public static class Builder extends AbstractFactorizedEmbedding.Builder<Builder> {

        private int inputLength = 1;
        private boolean inferInputLength = true;
        private RNNFormat outputFormat = RNNFormat.NCW;

        /**
         * A builder with no shape set, {@code inputLength} 1 with {@code inferInputLength} on,
         * {@code NCW} output, identity activation, no bias and both factors trainable.
         */
        public Builder() {
            super();
        }

        /**
         * Sets the sequence length {@code T} (default 1); checked by {@link #build()}.
         *
         * @param inputLength {@code T}, {@code >= 1}
         * @return this builder
         */
        public Builder inputLength(int inputLength) {
            this.inputLength = inputLength;
            return this;
        }

        /**
         * Whether any sequence length is accepted, the output then having the input's length
         * (default true, as in DL4J's builder); false accepts only {@code inputLength}.
         *
         * @param inferInputLength true to accept any length, false to accept only
         *     {@code inputLength}
         * @return this builder
         */
        public Builder inferInputLength(boolean inferInputLength) {
            this.inferInputLength = inferInputLength;
            return this;
        }

        /**
         * Sets the layout of the output (default {@link RNNFormat#NCW}).
         *
         * @param format {@link RNNFormat#NCW} ({@code [batch, d, T]}) or {@link RNNFormat#NWC}
         *     ({@code [batch, T, d]})
         * @return this builder
         * @throws NullPointerException if {@code format} is null
         */
        public Builder outputDataFormat(RNNFormat format) {
            this.outputFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code nIn}, {@code nOut}, {@code rank} or
         *     {@code inputLength} is out of range; the message names it
         */
        @Override
        @SuppressWarnings("unchecked")
        public FactorizedEmbeddingSequenceLayer build() {
            return new FactorizedEmbeddingSequenceLayer(this);
        }
    }
}
