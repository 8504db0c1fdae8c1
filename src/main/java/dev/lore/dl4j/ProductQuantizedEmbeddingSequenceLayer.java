package dev.lore.dl4j;

import dev.lore.quant.ProductQuantizedMatrix;
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
 * A DL4J sequence embedding layer that reads product-quantization codes (Jegou, Douze and Schmid,
 * TPAMI 2011): the table's {@code r} columns split into {@code M} sub-spaces of {@code s = r / M}
 * columns, {@code K = 2^b} centroids per sub-space, and token {@code t} maps to the sum of the
 * centroids its codes choose, each placed in its own sub-space,
 * {@code u(t) = sum_m e_m (x) C_m[q(t, m)]}, i.e. the centroids side by side; then, with a
 * projection, {@code out = act(u(t) B + b)}, else {@code act(u(t) + b)} ({@code d = r}).
 *
 * <pre>{@code
 * ProductQuantizedMatrix pq = ProductQuantizer.quantize(table, ProductQuantizationConfig.of(10, 8));
 * new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(pq).inputLength(T).build()
 * }</pre>
 *
 * <p>With a projection {@code B [r, d]} ({@code projection(true)} and {@code nOut(d)}) the layer is
 * the low-rank embedding whose factor {@code A} is product-quantized ({@code lowrank-pq}); it also
 * holds a rotated quantizer exactly ({@code B = R^T}). {@code LoreDl4j.setEmbedding} loads a
 * {@link ProductQuantizedMatrix}'s codebooks (and {@code B}) into an initialized network.
 *
 * <p>Codes: fixed, in the configuration ({@link #getCodes()}, packed at {@code b} bits, code
 * {@code t M + m} is {@code q(t, m)}; see {@link AbstractCodedEmbedding} for why not a parameter).
 * Parameters: {@code "C"} {@code [M K, s]}, row {@code m K + k} the centroid {@code k} of sub-space
 * {@code m} ({@code ProductQuantizedMatrix}'s codebook layout), then {@code "B"} {@code [r, d]} with
 * a projection, then {@code "b"} {@code [d]} with a bias. {@code C} and {@code B} are weights
 * (regularized as such), both trainable unless frozen ({@code freezeCodebooks}, {@code freezeB}).
 *
 * <p>Gradients, for {@code G} the gradient at the output after activation and mask and
 * {@code H = G B^T} (or {@code G}): {@code dB = U^T G}; the slice {@code m} of {@code H}'s row at
 * position {@code p} is added to row {@code m K + q(ids[p], m)} of {@code dC}; {@code db = sum G}.
 * Shapes, masks, input types, sequence lengths and layouts are those of
 * {@link FactorizedEmbeddingSequenceLayer}, and so is the checked {@code setParam}.
 *
 * <p>Validation by {@link Builder#build()} and again at network initialization:
 * {@code M} divides {@code r}, {@code b} in {@code [1, 8]}, exactly {@code ceil(V M b / 8)} bytes of
 * codes with zero bits after the last, {@code nOut = r} without a projection. Configurations are
 * mutable DL4J beans and not thread-safe, like DL4J's own.
 */
public class ProductQuantizedEmbeddingSequenceLayer extends AbstractCodedEmbedding {

    private static final long serialVersionUID = 1L;

    /** The codebooks {@code [M K, s]}. */
    public static final String CODEBOOKS_KEY = "C";

    /** The number of sub-spaces {@code M}. */
    @JsonProperty("subspaces")
    private int subspaces;
    /** The columns {@code r} of the quantized rows. */
    @JsonProperty("width")
    private int width;
    /** Whether the rows are projected by {@code B}. */
    @JsonProperty("projection")
    private boolean projection;
    /** Whether the codebooks are frozen. */
    @JsonProperty("freezeCodebooks")
    private boolean freezeCodebooks;

    /** For JSON and YAML; use the {@link Builder}. */
    public ProductQuantizedEmbeddingSequenceLayer() {
        super();
    }

    private ProductQuantizedEmbeddingSequenceLayer(Builder builder) {
        super(builder);
        this.subspaces = builder.subspaces;
        this.width = builder.width;
        this.projection = builder.projection;
        this.freezeCodebooks = builder.freezeCodebooks;
        initializeConstraints(builder);
        validate();
    }

    /**
     * Number of sub-spaces {@code M}.
     *
     * @return {@code M}, dividing {@link #getWidth()}
     */
    public int getSubspaces() {
        return subspaces;
    }

    /**
     * Columns {@code r} of the quantized rows.
     *
     * @return {@code r}; {@code nOut} without a projection
     */
    public int getWidth() {
        return width;
    }

    /**
     * Whether the rows are projected by {@code B [r, d]}.
     *
     * @return true for the low-rank form
     */
    public boolean isProjection() {
        return projection;
    }

    /**
     * Whether the codebooks are frozen.
     *
     * @return true if training leaves {@code C} unchanged
     */
    public boolean isFreezeCodebooks() {
        return freezeCodebooks;
    }

    /**
     * The codes, unpacked.
     *
     * @return a new array of {@code V M} codes, index {@code t M + m}
     */
    public int[] codes() {
        return PackedCodes.unpack(codesView(), Math.toIntExact(codeCount()), getBits());
    }

    @Override
    boolean hasProjection() {
        return projection;
    }

    @Override
    int width() {
        return width;
    }

    @Override
    LinkedHashMap<String, long[]> rowParameters() {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        out.put(CODEBOOKS_KEY, new long[] {(long) subspaces << getBits(), width / Math.max(subspaces, 1)});
        return out;
    }

    @Override
    boolean isRowParameterFrozen(String key) {
        return CODEBOOKS_KEY.equals(key) && freezeCodebooks;
    }

    /** Centroids drawn as DL4J draws embedding rows: fan-in 1, fan-out {@code s}. */
    @Override
    void initializeRowParameter(String key, INDArray view, IWeightInit init) {
        init.init(1, view.columns(), view.shape(), 'c', view.reshape('c', new long[] {view.length()}));
    }

    @Override
    long codeCount() {
        return Math.multiplyExact(nIn, (long) subspaces);
    }

    @Override
    int maxBits() {
        return 8;
    }

    @Override
    void validate() {
        String who = describe();
        if (width < 1) {
            throw new IllegalArgumentException(who + ": width (the columns r of the quantized rows) must be >= 1, got "
                    + width);
        }
        if (subspaces < 1 || subspaces > width || width % subspaces != 0) {
            throw new IllegalArgumentException(who + ": subspaces must divide the width " + width + ", got "
                    + subspaces);
        }
        if (!projection && nOut != width) {
            throw new IllegalArgumentException(who + ": without a projection nOut must equal the width " + width
                    + ", got " + nOut);
        }
        super.validate();
        if (((long) width << getBits()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(who + ": the codebooks [" + ((long) subspaces << getBits()) + ", "
                    + (width / subspaces) + "] must hold at most " + Integer.MAX_VALUE + " values");
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        validate();
        ProductQuantizedLookup layer = new ProductQuantizedLookup(conf, networkDataType);
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
        return o instanceof ProductQuantizedEmbeddingSequenceLayer other && super.equals(o)
                && subspaces == other.subspaces && width == other.width && projection == other.projection
                && freezeCodebooks == other.freezeCodebooks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), subspaces, width, projection, freezeCodebooks);
    }

    @Override
    public String toString() {
        return "ProductQuantizedEmbeddingSequenceLayer(" + commonFields() + ", subspaces=" + subspaces + ", width="
                + width + ", projection=" + projection + ", freezeCodebooks=" + freezeCodebooks + ")";
    }

    /** Builds a {@link ProductQuantizedEmbeddingSequenceLayer}; {@link #codes} is required. */
    public static class Builder extends AbstractCodedEmbedding.Builder<Builder> {

        private int subspaces;
        private int width;
        private boolean projection;
        private boolean freezeCodebooks;
        private boolean rotated;

        /** A builder with no codes, {@code inputLength} 1 with {@code inferInputLength} on, NCW, identity activation. */
        public Builder() {
            super();
        }

        /**
         * Takes the codes of {@code matrix} (copied) and its shape: {@code nIn = rows},
         * {@code r = columns}, {@code M}, {@code b}. Its codebooks are parameters, loaded by
         * {@code LoreDl4j.setEmbedding} once the network is initialized.
         *
         * @param matrix the quantized table or factor, not null; one with a rotation needs
         *     {@code projection(true)}
         * @return this builder
         * @throws NullPointerException if {@code matrix} is null
         */
        public Builder codes(ProductQuantizedMatrix matrix) {
            Objects.requireNonNull(matrix, "matrix");
            this.nIn = matrix.rows();
            this.width = matrix.columns();
            this.subspaces = matrix.subspaces();
            this.bits = matrix.bits();
            this.codes = matrix.packedCodes();
            this.rotated = matrix.hasRotation();
            return this;
        }

        /**
         * Adds the projection {@code B [r, nOut]} (default: none, {@code nOut = r}).
         *
         * @param projection true for the low-rank form; then set {@code nOut}
         * @return this builder
         */
        public Builder projection(boolean projection) {
            this.projection = projection;
            return this;
        }

        /**
         * Freezes the codebooks (default: trainable).
         *
         * @param freeze true for a zero gradient, a {@code NoOp} updater and no regularization
         * @return this builder
         */
        public Builder freezeCodebooks(boolean freeze) {
            this.freezeCodebooks = freeze;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the codes are missing or inconsistent, a shape is out
         *     of range, or a rotated matrix was given without a projection; the message names it
         */
        @Override
        @SuppressWarnings("unchecked")
        public ProductQuantizedEmbeddingSequenceLayer build() {
            if (codes == null) {
                throw new IllegalArgumentException("ProductQuantizedEmbeddingSequenceLayer: codes are not set:"
                        + " call codes(ProductQuantizedMatrix)");
            }
            if (rotated && !projection) {
                throw new IllegalArgumentException("ProductQuantizedEmbeddingSequenceLayer: the matrix has a rotation R,"
                        + " which needs projection(true) (B = R^T)");
            }
            if (nOut == 0) {
                nOut = width; // no projection, or a square one (a rotation's B = R^T)
            }
            return new ProductQuantizedEmbeddingSequenceLayer(this);
        }
    }
}
