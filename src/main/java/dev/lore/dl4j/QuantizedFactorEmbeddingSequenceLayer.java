package dev.lore.dl4j;

import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The two stacked layers with a quantized lookup factor ({@code lowrank-scalar}): {@code A [V, r]}
 * stored as {@code b}-bit codes {@code q} under affine quantization, per row or per matrix (lore's
 * {@link QuantizedMatrix}, the fixed-point form of Acharya et al., AAAI 2019), read as
 * {@code A[t, j] = o_g + s_g q[t, j]} with {@code g} the group of row {@code t} ({@code t} itself
 * per row, 0 per matrix); then {@code out = act(A[t] B + b)}.
 *
 * <pre>{@code
 * QuantizedMatrix a = QuantizedMatrix.quantize(factorA, QuantizationConfig.perRow(8));
 * new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(a).nOut(d).inputLength(T).build()
 * }</pre>
 *
 * <p>Codes: fixed, in the configuration (packed at {@code b} bits, code {@code t r + j} is
 * {@code q[t, j]}; see {@link AbstractCodedEmbedding}). Parameters, in this order:
 * {@code "scale"} {@code [G]} (the steps {@code s_g}), {@code "offset"} {@code [G]} (the
 * {@code o_g}), {@code G = V} per row or 1 per matrix; {@code "B"} {@code [r, d]}; {@code "b"}
 * {@code [d]} with a bias. Scales and offsets train (unless {@code freezeScales}) with the layer's
 * updater and no regularization; {@code B} is a weight (unless {@code freezeB}). A fresh network
 * starts with {@code s_g = 1 / (2^b - 1)} and {@code o_g = -1/2} (so {@code A} in
 * {@code [-1/2, 1/2]}) and {@code B} from the weight init; {@code LoreDl4j.setEmbedding} loads a
 * {@link QuantizedMatrix} and its {@code B}.
 *
 * <p>Gradients, for {@code G} the gradient at the output after activation and mask and
 * {@code H = G B^T}: {@code dB = A[ids]^T G}; at position {@code p} of token {@code t} in group
 * {@code g}, {@code ds_g += sum_j H[p, j] q[t, j]} and {@code do_g += sum_j H[p, j]};
 * {@code db = sum G}. Shapes, masks, input types and layouts are those of
 * {@link FactorizedEmbeddingSequenceLayer}.
 *
 * <p>Validation by {@link Builder#build()} and again at network initialization: {@code nIn >= 1},
 * {@code 1 <= rank}, {@code nOut >= 1}, {@code b} in {@code [1, 16]}, exactly
 * {@code ceil(V r b / 8)} bytes of codes, a scope. Configurations are mutable DL4J beans and not
 * thread-safe, like DL4J's own.
 */
public class QuantizedFactorEmbeddingSequenceLayer extends AbstractCodedEmbedding {

    private static final long serialVersionUID = 1L;

    /** The steps {@code s_g}. */
    public static final String SCALE_KEY = "scale";
    /** The offsets {@code o_g}. */
    public static final String OFFSET_KEY = "offset";

    /** The rank {@code r}. */
    @JsonProperty("rank")
    private int rank;
    /** One scale and offset per row or for the whole factor. */
    @JsonProperty("scope")
    private QuantizationScope scope = QuantizationScope.ROW;
    /** Whether the scales and offsets are frozen. */
    @JsonProperty("freezeScales")
    private boolean freezeScales;

    /** For JSON and YAML; use the {@link Builder}. */
    public QuantizedFactorEmbeddingSequenceLayer() {
        super();
    }

    private QuantizedFactorEmbeddingSequenceLayer(Builder builder) {
        super(builder);
        this.rank = builder.rank;
        this.scope = builder.scope;
        this.freezeScales = builder.freezeScales;
        initializeConstraints(builder);
        validate();
    }

    /**
     * The rank {@code r}: columns of {@code A}, rows of {@code B}.
     *
     * @return {@code r >= 1}
     */
    public int getRank() {
        return rank;
    }

    /**
     * Whether each row of {@code A} has its own scale and offset.
     *
     * @return {@link QuantizationScope#ROW} ({@code G = V}) or {@link QuantizationScope#MATRIX} ({@code G = 1})
     */
    public QuantizationScope getScope() {
        return scope;
    }

    /**
     * Whether the scales and offsets are frozen.
     *
     * @return true if training leaves {@code scale} and {@code offset} unchanged
     */
    public boolean isFreezeScales() {
        return freezeScales;
    }

    /**
     * The codes, unpacked.
     *
     * @return a new array of {@code V r} codes, index {@code t r + j}
     */
    public int[] codes() {
        return PackedCodes.unpack(codesView(), Math.toIntExact(codeCount()), getBits());
    }

    /** Number of scale groups {@code G}. */
    long groups() {
        return scope == QuantizationScope.ROW ? nIn : 1;
    }

    @Override
    boolean hasProjection() {
        return true;
    }

    @Override
    int width() {
        return rank;
    }

    @Override
    LinkedHashMap<String, long[]> rowParameters() {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        out.put(SCALE_KEY, new long[] {groups()});
        out.put(OFFSET_KEY, new long[] {groups()});
        return out;
    }

    @Override
    boolean isRowParameterFrozen(String key) {
        return freezeScales && (SCALE_KEY.equals(key) || OFFSET_KEY.equals(key));
    }

    @Override
    void initializeRowParameter(String key, INDArray view, IWeightInit init) {
        view.assign(SCALE_KEY.equals(key) ? 1.0 / ((1 << getBits()) - 1) : -0.5);
    }

    @Override
    long codeCount() {
        return Math.multiplyExact(nIn, (long) rank);
    }

    @Override
    int maxBits() {
        return PackedCodes.MAX_BITS;
    }

    @Override
    void validate() {
        String who = describe();
        if (rank < 1) {
            throw new IllegalArgumentException(who + ": rank must be >= 1, got " + rank);
        }
        Objects.requireNonNull(scope, "scope");
        super.validate();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        validate();
        QuantizedFactorLookup layer = new QuantizedFactorLookup(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedFactorEmbeddingSequenceLayer other && super.equals(o) && rank == other.rank
                && scope == other.scope && freezeScales == other.freezeScales;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), rank, scope, freezeScales);
    }

    @Override
    public String toString() {
        return "QuantizedFactorEmbeddingSequenceLayer(" + commonFields() + ", rank=" + rank + ", scope=" + scope
                + ", freezeScales=" + freezeScales + ")";
    }

    /** Builds a {@link QuantizedFactorEmbeddingSequenceLayer}; {@link #codes} and {@code nOut} are required. */
    public static class Builder extends AbstractCodedEmbedding.Builder<Builder> {

        private int rank;
        private QuantizationScope scope = QuantizationScope.ROW;
        private boolean freezeScales;

        /** A builder with no codes, {@code inputLength} 1 with {@code inferInputLength} on, NCW, identity activation. */
        public Builder() {
            super();
        }

        /**
         * Takes the codes of the quantized factor {@code a} (copied) and its shape: {@code nIn = rows},
         * {@code r = columns}, its bits and scope. Its scales, offsets and {@code B} are parameters,
         * loaded by {@code LoreDl4j.setEmbedding} once the network is initialized.
         *
         * @param a the quantized {@code A [V, r]}, not null
         * @return this builder
         * @throws NullPointerException if {@code a} is null
         */
        public Builder codes(QuantizedMatrix a) {
            Objects.requireNonNull(a, "a");
            this.nIn = a.rows();
            this.rank = a.columns();
            this.bits = a.config().bits();
            this.scope = a.config().scope();
            this.codes = PackedCodes.of(a);
            return this;
        }

        /**
         * Freezes the scales and offsets (default: trainable).
         *
         * @param freeze true for a zero gradient and a {@code NoOp} updater
         * @return this builder
         */
        public Builder freezeScales(boolean freeze) {
            this.freezeScales = freeze;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the codes are missing or inconsistent or a shape is out
         *     of range; the message names it
         */
        @Override
        @SuppressWarnings("unchecked")
        public QuantizedFactorEmbeddingSequenceLayer build() {
            if (codes == null) {
                throw new IllegalArgumentException("QuantizedFactorEmbeddingSequenceLayer: codes are not set:"
                        + " call codes(QuantizedMatrix)");
            }
            return new QuantizedFactorEmbeddingSequenceLayer(this);
        }
    }
}
