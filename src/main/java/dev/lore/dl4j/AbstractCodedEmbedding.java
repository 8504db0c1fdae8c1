package dev.lore.dl4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What the two code-reading sequence layers share: codes fixed in the configuration, packed at
 * {@code bits} bits (see {@link PackedCodes}), the sequence shape and layout of
 * {@link FactorizedEmbeddingSequenceLayer}, an optional projection {@code B}, an optional bias,
 * freeze flags with a {@code NoOp} updater, no regularization and a zero gradient for a frozen
 * parameter.
 *
 * <p><b>Why the codes live in the configuration.</b> They are integers that no training step
 * changes: as a DL4J parameter they would be cast to the network's floating type, counted in
 * {@code numParams()}, perturbed by {@code GradientCheckUtil}, moved by weight noise or a
 * {@code setParams} of the flattened vector, and stored at 4 or 8 bytes each. In the configuration
 * they are the layer's structure, like its shape: packed at {@code b} bits, written by DL4J's JSON
 * and YAML mappers (a base64 string) and so by {@code ModelSerializer}, and equal after a round
 * trip. The price is a configuration of {@code ceil(codes b / 8) 4 / 3} characters more.
 */
abstract class AbstractCodedEmbedding extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    @JsonProperty("bits")
    private int bits;
    @JsonProperty("codes")
    private byte[] codes;
    @JsonProperty("hasBias")
    private boolean hasBias;
    @JsonProperty("freezeB")
    private boolean freezeB;
    @JsonProperty("inputLength")
    private int inputLength = 1;
    @JsonProperty("inferInputLength")
    private boolean inferInputLength = true;
    @JsonProperty("outputFormat")
    private RNNFormat outputFormat = RNNFormat.NCW;

    /** For JSON and YAML. */
    AbstractCodedEmbedding() {
        super();
    }

    AbstractCodedEmbedding(Builder<?> builder) {
        super(builder);
        this.bits = builder.bits;
        this.codes = builder.codes;
        this.hasBias = builder.hasBias;
        this.freezeB = builder.freezeB;
        this.inputLength = builder.inputLength;
        this.inferInputLength = builder.inferInputLength;
        this.outputFormat = builder.outputFormat;
    }

    /**
     * Bits per code.
     *
     * @return {@code b}
     */
    public int getBits() {
        return bits;
    }

    /**
     * The packed codes, laid out as {@link PackedCodes} says.
     *
     * @return a copy
     */
    public byte[] getCodes() {
        return codes == null ? null : codes.clone();
    }

    /** The packed codes themselves, not copied: never modify them. */
    byte[] codesView() {
        return codes;
    }

    /**
     * Replaces the codes; checked when the network is initialized, and by {@code LoreDl4j} before it
     * calls this on a live layer.
     *
     * @param bits bits per code
     * @param packed the packed codes, copied
     */
    void setCodes(int bits, byte[] packed) {
        this.bits = bits;
        this.codes = packed.clone();
    }

    /**
     * Whether a bias {@code b [d]} is added.
     *
     * @return true if the layer has the parameter {@code b}
     */
    public boolean hasBias() {
        return hasBias;
    }

    /**
     * Whether the projection {@code B} is frozen.
     *
     * @return true if training leaves {@code B} unchanged
     */
    public boolean isFreezeB() {
        return freezeB;
    }

    /**
     * The declared sequence length {@code T}.
     *
     * @return {@code T >= 1} in a validated configuration
     */
    public int getInputLength() {
        return inputLength;
    }

    /**
     * Whether inputs of any length are accepted.
     *
     * @return true if any {@code T} is accepted, false if only {@link #getInputLength()}
     */
    public boolean isInferInputLength() {
        return inferInputLength;
    }

    /**
     * The layout of the output.
     *
     * @return {@link RNNFormat#NCW} ({@code [batch, d, T]}) or {@link RNNFormat#NWC} ({@code [batch, T, d]})
     */
    public RNNFormat getOutputFormat() {
        return outputFormat;
    }

    /** Whether the rows are multiplied by {@code B [width, d]}. */
    abstract boolean hasProjection();

    /** Columns {@code r} of the rows that the codes choose, before the projection. */
    abstract int width();

    /** The parameters of the subclass, before {@code B} and {@code b}, with their shapes. */
    abstract LinkedHashMap<String, long[]> rowParameters();

    /** Whether the subclass's parameter {@code key} is frozen. */
    abstract boolean isRowParameterFrozen(String key);

    /** Initializes the subclass's parameter {@code key} in its 'c'-ordered {@code view}. */
    abstract void initializeRowParameter(String key, INDArray view, IWeightInit init);

    /** Number of codes the configuration holds. */
    abstract long codeCount();

    /** Largest bit width the subclass allows. */
    abstract int maxBits();

    /** Every parameter and its shape, in the order of the flattened view. */
    final LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> out = rowParameters();
        if (hasProjection()) {
            out.put(AbstractLookup.B_KEY, new long[] {width(), nOut});
        }
        if (hasBias) {
            out.put(AbstractLookup.BIAS_KEY, new long[] {nOut});
        }
        return out;
    }

    final boolean isFrozen(String key) {
        return (AbstractLookup.B_KEY.equals(key) && freezeB) || isRowParameterFrozen(key);
    }

    final LookupShape lookupShape() {
        return new LookupShape(nIn, nOut, width(), true, inputLength, inferInputLength, outputFormat,
                hasProjection(), hasBias);
    }

    /**
     * Checks the shape, the codes and the sequence settings; called by the builders, by the
     * parameter initializer and when the layer is instantiated.
     *
     * @throws IllegalArgumentException naming the layer, the field and the value
     */
    void validate() {
        String who = describe();
        if (nIn < 1 || nIn > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(who + ": nIn (the vocabulary size V) must be in [1, "
                    + Integer.MAX_VALUE + "], got " + nIn);
        }
        if (nOut < 1) {
            throw new IllegalArgumentException(who + ": nOut (the dimension d) must be >= 1, got " + nOut);
        }
        if (bits < 1 || bits > maxBits()) {
            throw new IllegalArgumentException(who + ": bits must be in [1, " + maxBits() + "], got " + bits);
        }
        if (inputLength < 1) {
            throw new IllegalArgumentException(who + ": inputLength must be >= 1, got " + inputLength);
        }
        Objects.requireNonNull(outputFormat, "outputFormat");
        PackedCodes.check(who, codes, codeCount(), bits);
        if (hasProjection() && (long) width() * nOut > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(who + ": B [" + width() + ", " + nOut + "] must hold at most "
                    + Integer.MAX_VALUE + " values");
        }
    }

    /** The class and, if set, the layer name, for messages. */
    String describe() {
        return getClass().getSimpleName() + (layerName == null ? "" : " \"" + layerName + "\"");
    }

    @Override
    public ParamInitializer initializer() {
        return CodedEmbeddingParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || (inputType.getType() != InputType.Type.FF
                && inputType.getType() != InputType.Type.RNN)) {
            throw new IllegalStateException("Invalid input for " + describe() + " (layer index " + layerIndex
                    + "): expected a feed-forward or recurrent input type of token ids, got " + inputType);
        }
        return InputType.recurrent(nOut, inputLength, outputFormat);
    }

    /** Keeps {@code nIn} as configured; a feed-forward input type switches on {@code inferInputLength}, as in DL4J. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType == null) {
            throw new IllegalArgumentException(describe() + ": input type is null");
        }
        if (inputType.getType() == InputType.Type.FF && override) {
            this.inferInputLength = true;
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType == null) {
            throw new IllegalArgumentException(describe() + ": input type is null");
        }
        if (inputType.getType() == InputType.Type.RNN) {
            return null;
        }
        return super.getPreProcessorForInputType(inputType);
    }

    /** {@link NoOp} for a frozen parameter, else the layer's updater (the bias updater for {@code b}). */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (isFrozen(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    /** None for a frozen parameter, else DL4J's rule: weight regularization for weights, bias for {@code b}. */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (isFrozen(paramName)) {
            return List.of();
        }
        return super.getRegularizationByParam(paramName);
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        IUpdater updater = getIUpdater() == null ? new NoOp() : getIUpdater();
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, outputType)
                .standardMemory(numParams, updater.stateSize(numParams))
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof AbstractCodedEmbedding other) || !other.canEqual(this) || !super.equals(o)) {
            return false;
        }
        return bits == other.bits && Arrays.equals(codes, other.codes) && hasBias == other.hasBias
                && freezeB == other.freezeB && inputLength == other.inputLength
                && inferInputLength == other.inferInputLength && outputFormat == other.outputFormat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), bits, Arrays.hashCode(codes), hasBias, freezeB, inputLength,
                inferInputLength, outputFormat);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    /** The shared part of a {@code toString}: everything but the subclass's own fields. */
    String commonFields() {
        return "name=" + layerName + ", nIn=" + nIn + ", nOut=" + nOut + ", bits=" + bits + ", codes="
                + (codes == null ? "none" : codes.length + " bytes") + ", inputLength=" + inputLength
                + ", inferInputLength=" + inferInputLength + ", outputFormat=" + outputFormat + ", hasBias="
                + hasBias + ", freezeB=" + freezeB + ", activation=" + activationFn + ", updater=" + iUpdater;
    }

    /** The builder state the code-reading layers share. */
    abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {

        int bits;
        byte[] codes;
        boolean hasBias;
        boolean freezeB;
        int inputLength = 1;
        boolean inferInputLength = true;
        RNNFormat outputFormat = RNNFormat.NCW;

        Builder() {
            this.activationFn = new ActivationIdentity();
        }

        @SuppressWarnings("unchecked")
        T self() {
            return (T) this;
        }

        /**
         * Adds a bias of {@code nOut} values (default: none).
         *
         * @param hasBias true for a bias {@code b [d]}, initialized with {@code biasInit}
         * @return this builder
         */
        public T hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return self();
        }

        /**
         * Freezes the projection {@code B} (default: trainable).
         *
         * @param freeze true for a zero gradient, a {@code NoOp} updater and no regularization
         * @return this builder
         */
        public T freezeB(boolean freeze) {
            this.freezeB = freeze;
            return self();
        }

        /**
         * Sets the sequence length {@code T} (default 1); checked by {@code build()}.
         *
         * @param inputLength {@code T >= 1}
         * @return this builder
         */
        public T inputLength(int inputLength) {
            this.inputLength = inputLength;
            return self();
        }

        /**
         * Whether any sequence length is accepted (default true, as in DL4J's builder).
         *
         * @param inferInputLength true to accept any length, false to accept only {@code inputLength}
         * @return this builder
         */
        public T inferInputLength(boolean inferInputLength) {
            this.inferInputLength = inferInputLength;
            return self();
        }

        /**
         * Sets the layout of the output (default {@link RNNFormat#NCW}).
         *
         * @param format {@code NCW} ({@code [batch, d, T]}) or {@code NWC} ({@code [batch, T, d]})
         * @return this builder
         * @throws NullPointerException if {@code format} is null
         */
        public T outputDataFormat(RNNFormat format) {
            this.outputFormat = Objects.requireNonNull(format, "format");
            return self();
        }
    }
}
