package dev.lore.compress;

import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.quant.QuantizationConfig;
import java.util.Objects;

/**
 * What {@link EmbeddingCompressor} does to an embedding matrix.
 *
 * @param rank how to choose the rank of {@code E ~ A B}, or {@code null} to keep the full matrix
 *     (dense; only quantization, if any, is applied)
 * @param method the factorization algorithm with its parameters (ignored when dense)
 * @param placement where the singular values go (ignored when dense)
 * @param quantization quantization of every stored matrix, or {@code null} for float32
 * @param seed seed of the compression's own random choices; recorded in provenance (a
 *     {@link SvdMethod.Randomized} method carries the seed of its test matrix itself)
 */
public record CompressionSpec(RankRule rank, SvdMethod method, Placement placement,
        QuantizationConfig quantization, long seed) {

    /**
     * Checks the components.
     *
     * @param rank the rank rule, or {@code null} for dense
     * @param method the factorization algorithm, not null
     * @param placement where the singular values go, not null
     * @param quantization quantization of every stored matrix, or {@code null} for float32
     * @param seed any value
     * @throws NullPointerException if {@code method} or {@code placement} is null
     */
    public CompressionSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(placement, "placement");
    }

    /**
     * Factorize with {@code rank}, exact method, singular values into {@code B}, float32, seed 0.
     *
     * @param rank the rank rule, not null
     * @return the spec
     * @throws NullPointerException if {@code rank} is null
     */
    public static CompressionSpec lowRank(RankRule rank) {
        return new CompressionSpec(Objects.requireNonNull(rank, "rank"), SvdMethod.EXACT, Placement.RIGHT, null, 0L);
    }

    /**
     * Keep the full matrix, float32 (add {@link #withQuantization} for the fixed-point baseline).
     *
     * @return the spec, with no rank rule
     */
    public static CompressionSpec dense() {
        return new CompressionSpec(null, SvdMethod.EXACT, Placement.RIGHT, null, 0L);
    }

    /**
     * Whether the full matrix is kept (no factorization).
     *
     * @return {@code rank() == null}
     */
    public boolean isDense() {
        return rank == null;
    }

    /**
     * A copy with the given factorization method; this spec is unchanged.
     *
     * @param m the method, not null
     * @return the new spec
     * @throws NullPointerException if {@code m} is null
     */
    public CompressionSpec withMethod(SvdMethod m) {
        return new CompressionSpec(rank, m, placement, quantization, seed);
    }

    /**
     * A copy with the given placement of the singular values; this spec is unchanged.
     *
     * @param p the placement, not null
     * @return the new spec
     * @throws NullPointerException if {@code p} is null
     */
    public CompressionSpec withPlacement(Placement p) {
        return new CompressionSpec(rank, method, p, quantization, seed);
    }

    /**
     * A copy with the given quantization; this spec is unchanged.
     *
     * @param q the quantization, or {@code null} for float32
     * @return the new spec
     */
    public CompressionSpec withQuantization(QuantizationConfig q) {
        return new CompressionSpec(rank, method, placement, q, seed);
    }

    /**
     * A copy with the given seed; this spec is unchanged.
     *
     * @param s the seed recorded in provenance
     * @return the new spec
     */
    public CompressionSpec withSeed(long s) {
        return new CompressionSpec(rank, method, placement, quantization, s);
    }
}
