package dev.lore.dl4j;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What the two factorized layer configurations share: the shape {@code nIn = V}, {@code rank = r},
 * {@code nOut = d}, the optional bias and the two freeze flags, with their validation, parameter
 * initializer, per-parameter updater and regularization.
 *
 * <p>A frozen factor gets {@link NoOp} as its updater and no regularization, and the runtime layer
 * writes a zero gradient for it, so no DL4J training step moves it.
 */
abstract class AbstractFactorizedEmbedding extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    /** Largest number of values of one factor: DL4J addresses parameters with {@code int} offsets. */
    static final long MAX_FACTOR_VALUES = Integer.MAX_VALUE;

    @JsonProperty("rank")
    private int rank;
    @JsonProperty("hasBias")
    private boolean hasBias;
    @JsonProperty("freezeA")
    private boolean freezeA;
    @JsonProperty("freezeB")
    private boolean freezeB;

    /** For JSON and YAML. */
    AbstractFactorizedEmbedding() {
        super();
    }

    AbstractFactorizedEmbedding(Builder<?> builder) {
        super(builder);
        this.rank = builder.rank;
        this.hasBias = builder.hasBias;
        this.freezeA = builder.freezeA;
        this.freezeB = builder.freezeB;
    }

    /**
     * The rank {@code r}: columns of {@code A}, rows of {@code B}.
     *
     * @return {@code r}; in {@code [1, min(nIn, nOut)]} for a validated configuration
     */
    public int getRank() {
        return rank;
    }

    /**
     * Sets the rank, for DL4J's bean conventions and JSON; not checked here but when the network is
     * initialized, which throws {@link IllegalArgumentException} for a rank outside
     * {@code [1, min(nIn, nOut)]}.
     *
     * @param rank the rank {@code r}, valid in {@code [1, min(nIn, nOut)]}
     */
    public void setRank(int rank) {
        this.rank = rank;
    }

    /**
     * Whether a bias of {@code nOut} values is added to {@code A[id] B}.
     *
     * @return true if the layer has the parameter {@code b [d]}
     */
    public boolean hasBias() {
        return hasBias;
    }

    /**
     * Sets whether the layer has a bias {@code b [d]}, for DL4J's bean conventions and JSON; it
     * changes the number of parameters, so set it before the network is initialized.
     *
     * @param hasBias true to add a bias of {@code nOut} values
     */
    public void setHasBias(boolean hasBias) {
        this.hasBias = hasBias;
    }

    /**
     * Whether {@code A} is frozen: zero gradient, no updater, no regularization.
     *
     * @return true if training leaves {@code A} unchanged (weight constraints, if any, still apply)
     */
    public boolean isFreezeA() {
        return freezeA;
    }

    /**
     * Freezes or unfreezes {@code A}, for DL4J's bean conventions and JSON; set it before the
     * network is initialized (DL4J's updater reads it once, when it is built).
     *
     * @param freezeA true to freeze {@code A}
     */
    public void setFreezeA(boolean freezeA) {
        this.freezeA = freezeA;
    }

    /**
     * Whether {@code B} is frozen: zero gradient, no updater, no regularization.
     *
     * @return true if training leaves {@code B} unchanged (weight constraints, if any, still apply)
     */
    public boolean isFreezeB() {
        return freezeB;
    }

    /**
     * Freezes or unfreezes {@code B}, for DL4J's bean conventions and JSON; set it before the
     * network is initialized (DL4J's updater reads it once, when it is built).
     *
     * @param freezeB true to freeze {@code B}
     */
    public void setFreezeB(boolean freezeB) {
        this.freezeB = freezeB;
    }

    /** Whether the parameter {@code key} ({@code A}, {@code B} or {@code b}) is frozen. */
    boolean isFrozen(String key) {
        return (FactorizedEmbeddingParamInitializer.A_KEY.equals(key) && freezeA)
                || (FactorizedEmbeddingParamInitializer.B_KEY.equals(key) && freezeB);
    }

    /**
     * Checks {@code nIn >= 1}, {@code nOut >= 1}, {@code 1 <= rank <= min(nIn, nOut)} and that
     * each factor fits DL4J's {@code int} offsets. Called by the builders, by the parameter
     * initializer and when the layer is instantiated, so that a configuration edited by hand or read
     * from JSON is checked before any array is allocated.
     *
     * @throws IllegalArgumentException naming the layer, the field and the value
     */
    void validate() {
        String who = describe();
        if (nIn < 1) {
            throw new IllegalArgumentException(who + ": nIn (the vocabulary size V) must be >= 1, got " + nIn
                    + "; it is never inferred from the input type, which describes token ids, not the vocabulary");
        }
        if (nOut < 1) {
            throw new IllegalArgumentException(who + ": nOut (the dimension d) must be >= 1, got " + nOut);
        }
        long max = Math.min(nIn, nOut);
        if (rank < 1 || rank > max) {
            throw new IllegalArgumentException(who + ": rank must be in [1, min(nIn, nOut)] = [1, " + max
                    + "], got " + rank);
        }
        if (nIn * rank > MAX_FACTOR_VALUES || (long) rank * nOut > MAX_FACTOR_VALUES) {
            throw new IllegalArgumentException(who + ": A [" + nIn + ", " + rank + "] and B [" + rank + ", " + nOut
                    + "] must each hold at most " + MAX_FACTOR_VALUES + " values");
        }
    }

    /** The class and, if set, the layer name, for messages. */
    String describe() {
        return getClass().getSimpleName() + (layerName == null ? "" : " \"" + layerName + "\"");
    }

    /**
     * The input type's check shared by {@code setNIn} and {@code getPreProcessorForInputType}; the
     * type never changes {@code nIn}: for token ids its size is 1, not the vocabulary's.
     *
     * @throws IllegalArgumentException if {@code inputType} is null
     */
    void checkInputType(InputType inputType) {
        if (inputType == null) {
            throw new IllegalArgumentException(describe() + ": input type is null");
        }
    }

    @Override
    public ParamInitializer initializer() {
        return FactorizedEmbeddingParamInitializer.getInstance();
    }

    /** {@link NoOp} for a frozen factor, else the layer's updater (the bias updater for {@code b}). */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (isFrozen(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    /** None for a frozen factor, else the weight (A, B) or bias regularization. */
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
        long updaterState = updater.stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof AbstractFactorizedEmbedding other) || !other.canEqual(this) || !super.equals(o)) {
            return false;
        }
        return rank == other.rank && hasBias == other.hasBias && freezeA == other.freezeA
                && freezeB == other.freezeB;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), rank, hasBias, freezeA, freezeB);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    /** The builder state the two layer builders share. */
    abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {

        int rank;
        boolean hasBias;
        boolean freezeA;
        boolean freezeB;

        Builder() {
            // As DL4J's embedding layers: identity unless asked, whatever the network's default.
            this.activationFn = new ActivationIdentity();
        }

        /**
         * Sets the rank {@code r}; checked by {@code build()}.
         *
         * @param rank {@code r}, in {@code [1, min(nIn, nOut)]}
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T rank(int rank) {
            this.rank = rank;
            return (T) this;
        }

        /**
         * Adds a bias of {@code nOut} values after {@code A B} (default: none).
         *
         * @param hasBias true for a bias {@code b [d]}, initialized with {@code biasInit}
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return (T) this;
        }

        /**
         * Freezes {@code A} (default: trainable).
         *
         * @param freeze true to freeze {@code A}: zero gradient, {@code NoOp} updater, no
         *     regularization
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T freezeA(boolean freeze) {
            this.freezeA = freeze;
            return (T) this;
        }

        /**
         * Freezes {@code B} (default: trainable).
         *
         * @param freeze true to freeze {@code B}: zero gradient, {@code NoOp} updater, no
         *     regularization
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T freezeB(boolean freeze) {
            this.freezeB = freeze;
            return (T) this;
        }
    }
}
