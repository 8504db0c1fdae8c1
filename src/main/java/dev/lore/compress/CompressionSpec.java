package dev.lore.compress;

import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.QuantizationConfig;
import java.util.Objects;

/**
 * What {@link EmbeddingCompressor} does to an embedding matrix: an explicit scheme ({@link Scheme}),
 * or a {@link ByteBudget} for which the compressor chooses the scheme and its parameters
 * ({@link BudgetSearch}).
 *
 * @param rank how to choose the rank of {@code E ~ A B}, or {@code null} to keep the full matrix
 *     (dense; only quantization, if any, is applied) or when a budget is given
 * @param method the factorization algorithm with its parameters (ignored when dense)
 * @param placement where the singular values go (ignored when dense); {@code lowrank-pq} wants
 *     {@link Placement#LEFT} ({@code A = U S}), so that the codes' squared error on {@code A} is the
 *     error on {@code E}
 * @param quantization scalar quantization of every stored matrix (or of {@code A} only, with
 *     {@code floatB}), or {@code null}
 * @param floatB with a rank and {@code quantization}: keep {@code B} in float32 ({@code lowrank-scalar});
 *     false quantizes both factors, the fixed-point baseline of Acharya et al. (AAAI 2019)
 * @param productQuantization product quantization of the table (dense, {@code pq}) or of {@code A}
 *     ({@code lowrank-pq}, {@code B} float32), or {@code null}
 * @param trainingHead with product quantization: learn the rotation and codebooks on the first
 *     {@code trainingHead} rows of the table (every one of them unless
 *     {@link ProductQuantizationConfig#trainingRows()} is set; all rows when it has fewer), which in a frequency-ordered
 *     file (GloVe, word2vec, fastText) are its most frequent words, then encode every row; 0 learns
 *     them on a uniform sample ({@link ProductQuantizationConfig#trainingRows()}). With a budget,
 *     the product quantization it builds uses it the same way
 * @param budget the size to reach, with everything else chosen by {@link BudgetSearch}, or {@code null}
 * @param seed seed of the compression's own random choices; recorded in provenance (a
 *     {@link SvdMethod.Randomized} method carries the seed of its test matrix itself)
 */
public record CompressionSpec(RankRule rank, SvdMethod method, Placement placement,
        QuantizationConfig quantization, boolean floatB, ProductQuantizationConfig productQuantization,
        int trainingHead, ByteBudget budget, long seed) {

    /**
     * The rows a budget's product quantizer learns on ({@link #forBudget}): the 30000 first, the
     * vocabulary that word-similarity and analogy benchmarks use (measured in docs/RESULTS.md).
     */
    public static final int DEFAULT_BUDGET_HEAD = 30_000;

    /**
     * Checks the components.
     *
     * @param rank the rank rule, or {@code null} for dense or with a budget
     * @param method the factorization algorithm, not null
     * @param placement where the singular values go, not null
     * @param quantization scalar quantization, or {@code null}
     * @param floatB true only with a rank and {@code quantization}
     * @param productQuantization product quantization, or {@code null}; not with {@code quantization}
     * @param trainingHead {@code >= 0}
     * @param budget a byte budget, or {@code null}; with a budget, {@code rank}, {@code quantization}
     *     and {@code productQuantization} must be null
     * @param seed any value
     * @throws IllegalArgumentException if the components contradict each other
     * @throws NullPointerException if {@code method} or {@code placement} is null
     */
    public CompressionSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(placement, "placement");
        if (quantization != null && productQuantization != null) {
            throw new IllegalArgumentException("quantization and productQuantization exclude each other");
        }
        if (trainingHead < 0) {
            throw new IllegalArgumentException("trainingHead must be >= 0, got " + trainingHead);
        }
        if (floatB && (rank == null || quantization == null)) {
            throw new IllegalArgumentException("floatB needs a rank and a quantization");
        }
        if (budget != null && (rank != null || quantization != null || productQuantization != null)) {
            throw new IllegalArgumentException("a budget chooses the rank and the quantization itself: rank,"
                    + " quantization and productQuantization must be null with it");
        }
    }

    /**
     * Factorize with {@code rank}, exact method, singular values into {@code B}, float32, seed 0.
     *
     * @param rank the rank rule, not null
     * @return the spec
     * @throws NullPointerException if {@code rank} is null
     */
    public static CompressionSpec lowRank(RankRule rank) {
        return new CompressionSpec(Objects.requireNonNull(rank, "rank"), SvdMethod.EXACT, Placement.RIGHT, null,
                false, null, 0, null, 0L);
    }

    /**
     * Keep the full matrix, float32 (add {@link #withQuantization} for the fixed-point baseline, or
     * {@link #withProductQuantization} for {@code pq}).
     *
     * @return the spec, with no rank rule
     */
    public static CompressionSpec dense() {
        return new CompressionSpec(null, SvdMethod.EXACT, Placement.RIGHT, null, false, null, 0, null, 0L);
    }

    /**
     * Reach {@code budget}: the compressor picks the scheme and its parameters by measured
     * reconstruction error ({@link BudgetSearch}).
     *
     * @param budget the size, not null
     * @return the spec, seed 0
     * @throws NullPointerException if {@code budget} is null
     */
    public static CompressionSpec forBudget(ByteBudget budget) {
        return new CompressionSpec(null, SvdMethod.EXACT, Placement.RIGHT, null, false, null, DEFAULT_BUDGET_HEAD,
                Objects.requireNonNull(budget, "budget"), 0L);
    }

    /**
     * Whether the full matrix is kept (no factorization, no budget).
     *
     * @return {@code rank() == null && budget() == null}
     */
    public boolean isDense() {
        return rank == null && budget == null;
    }

    /**
     * The scheme's label.
     *
     * @return {@code budget}, {@code float32}, {@code scalar}, {@code pq}, {@code lowrank},
     *     {@code lowrank-scalar}, {@code lowrank-quantized} (both factors quantized) or {@code lowrank-pq}
     */
    public String schemeLabel() {
        if (budget != null) {
            return "budget";
        }
        if (rank == null) {
            return productQuantization != null ? "pq" : quantization != null ? "scalar" : "float32";
        }
        if (productQuantization != null) {
            return "lowrank-pq";
        }
        return quantization == null ? "lowrank" : floatB ? "lowrank-scalar" : "lowrank-quantized";
    }

    /**
     * A copy with the given factorization method; this spec is unchanged.
     *
     * @param m the method, not null
     * @return the new spec
     * @throws NullPointerException if {@code m} is null
     */
    public CompressionSpec withMethod(SvdMethod m) {
        return new CompressionSpec(rank, m, placement, quantization, floatB, productQuantization,
                trainingHead, budget, seed);
    }

    /**
     * A copy with the given placement of the singular values; this spec is unchanged.
     *
     * @param p the placement, not null
     * @return the new spec
     * @throws NullPointerException if {@code p} is null
     */
    public CompressionSpec withPlacement(Placement p) {
        return new CompressionSpec(rank, method, p, quantization, floatB, productQuantization,
                trainingHead, budget, seed);
    }

    /**
     * A copy that scalar-quantizes every stored matrix ({@code B} too); this spec is unchanged.
     *
     * @param q the quantization, or {@code null} for float32
     * @return the new spec
     * @throws IllegalArgumentException as the constructor (e.g. with product quantization or a budget)
     */
    public CompressionSpec withQuantization(QuantizationConfig q) {
        return new CompressionSpec(rank, method, placement, q, false, productQuantization,
                trainingHead, budget, seed);
    }

    /**
     * A copy that scalar-quantizes {@code A} only, {@code B} staying float32 ({@code lowrank-scalar});
     * this spec is unchanged.
     *
     * @param q the quantization of {@code A}, not null
     * @return the new spec
     * @throws IllegalArgumentException as the constructor (e.g. without a rank)
     * @throws NullPointerException if {@code q} is null
     */
    public CompressionSpec withFactorQuantization(QuantizationConfig q) {
        return new CompressionSpec(rank, method, placement, Objects.requireNonNull(q, "q"), true,
                productQuantization, trainingHead, budget, seed);
    }

    /**
     * A copy that product-quantizes the table (dense) or {@code A} (low-rank, {@code B} float32);
     * this spec is unchanged.
     *
     * @param pq the settings, or {@code null} for none
     * @return the new spec
     * @throws IllegalArgumentException as the constructor (e.g. with scalar quantization)
     */
    public CompressionSpec withProductQuantization(ProductQuantizationConfig pq) {
        return new CompressionSpec(rank, method, placement, quantization, floatB, pq, trainingHead, budget, seed);
    }

    /**
     * A copy whose product quantizer learns on the first {@code rows} rows; this spec is unchanged.
     *
     * @param rows {@code >= 0}; 0 for a uniform sample
     * @return the new spec
     * @throws IllegalArgumentException if {@code rows < 0}
     */
    public CompressionSpec withTrainingHead(int rows) {
        return new CompressionSpec(rank, method, placement, quantization, floatB, productQuantization, rows, budget,
                seed);
    }

    /**
     * A copy with the given seed; this spec is unchanged.
     *
     * @param s the seed recorded in provenance
     * @return the new spec
     */
    public CompressionSpec withSeed(long s) {
        return new CompressionSpec(rank, method, placement, quantization, floatB, productQuantization,
                trainingHead, budget, s);
    }
}
