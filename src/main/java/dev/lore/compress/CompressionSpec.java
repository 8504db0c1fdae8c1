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

    /** @throws NullPointerException if {@code method} or {@code placement} is null */
    public CompressionSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(placement, "placement");
    }

    /** Factorize with {@code rank}, exact method, singular values into {@code B}, float32, seed 0. */
    public static CompressionSpec lowRank(RankRule rank) {
        return new CompressionSpec(Objects.requireNonNull(rank, "rank"), SvdMethod.EXACT, Placement.RIGHT, null, 0L);
    }

    /** Keep the full matrix, float32 (add {@link #withQuantization} for the fixed-point baseline). */
    public static CompressionSpec dense() {
        return new CompressionSpec(null, SvdMethod.EXACT, Placement.RIGHT, null, 0L);
    }

    /** Whether the full matrix is kept (no factorization). */
    public boolean isDense() {
        return rank == null;
    }

    /** A copy with the given factorization method. */
    public CompressionSpec withMethod(SvdMethod m) {
        return new CompressionSpec(rank, m, placement, quantization, seed);
    }

    /** A copy with the given placement of the singular values. */
    public CompressionSpec withPlacement(Placement p) {
        return new CompressionSpec(rank, method, p, quantization, seed);
    }

    /** A copy with the given quantization ({@code null} for float32). */
    public CompressionSpec withQuantization(QuantizationConfig q) {
        return new CompressionSpec(rank, method, placement, q, seed);
    }

    /** A copy with the given seed. */
    public CompressionSpec withSeed(long s) {
        return new CompressionSpec(rank, method, placement, quantization, s);
    }
}
