package dev.lore.linalg;

import dev.lore.ProgressListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A truncated singular value decomposition {@code E ~ U_r diag(s_r) V_r^T} of a {@code V x d} matrix,
 * the best rank-{@code r} approximation in Frobenius norm (Eckart-Young).
 *
 * <p>Implementations are immutable and thread-safe. Available:
 * <ul>
 *   <li>{@link #exact()}: the Gram route ({@code E^T E} in double, {@code dsyev}, {@code U = E V S^-1}),
 *       cost one pass of {@code V d^2} flops; for {@code V >> d}, the embedding case.
 *   <li>{@link #gesvd()}: LAPACK {@code sgesvd} without {@code U}, then {@code U = E V S^-1}; slower,
 *       kept as an independent exact reference.
 *   <li>{@link #randomized(int, int, long)}: Halko, Martinsson and Tropp (2011), for matrices where
 *       both dimensions are large.
 * </ul>
 * Both exact methods reach the Eckart-Young error to float precision; the randomized one to a
 * tolerance that depends on the spectrum and on {@code q} (measured in docs/design/compress.md).
 */
public interface TruncatedSvd {

    /** Default oversampling {@code p} of {@link #randomized(long)}. */
    int DEFAULT_OVERSAMPLING = 10;
    /** Largest number of power iterations {@code q} of {@link #randomized(long)}. */
    int DEFAULT_MAX_POWER_ITERATIONS = 20;
    /**
     * Tolerance of {@link #randomized(long)}: iteration stops when one more pass adds less than
     * this fraction of the residual energy (see {@link #randomized(int, int, double, long)}).
     */
    double DEFAULT_TOLERANCE = 2e-4;

    /**
     * Computes the truncated SVD. The input is not modified.
     *
     * @param matrix {@code E}, a 2-d matrix of finite values, at least 1 x 1; FLOAT 'c'-ordered
     *     contiguous input is used in place, anything else is first copied to that form
     * @param rank how to choose {@code r}
     * @param progress receives progress of the long steps
     * @throws IllegalArgumentException if {@code matrix} is not a non-empty matrix, holds NaN or
     *     infinity, or if {@code rank} gives a rank outside {@code [1, min(V, d)]}
     */
    SvdResult compute(INDArray matrix, RankRule rank, ProgressListener progress);

    /** Same as {@link #compute(INDArray, RankRule, ProgressListener)} without progress. */
    default SvdResult compute(INDArray matrix, RankRule rank) {
        return compute(matrix, rank, ProgressListener.none());
    }

    /** A short name recorded in reports and files, e.g. {@code gram-mixed}. */
    String name();

    /** The default exact method: the Gram route with {@link GramPrecision#MIXED} accumulation. */
    static TruncatedSvd exact() {
        return gram(GramPrecision.MIXED);
    }

    /** The Gram route with the given accumulation of {@code E^T E}. */
    static TruncatedSvd gram(GramPrecision precision) {
        return new GramSvd(precision);
    }

    /** LAPACK {@code sgesvd} for the right singular vectors, then {@code U = E V S^-1}. */
    static TruncatedSvd gesvd() {
        return new GesvdSvd();
    }

    /**
     * The randomized method with oversampling {@value #DEFAULT_OVERSAMPLING} and adaptive power
     * iterations (at most {@value #DEFAULT_MAX_POWER_ITERATIONS}, tolerance {@value #DEFAULT_TOLERANCE}).
     */
    static TruncatedSvd randomized(long seed) {
        return randomized(DEFAULT_OVERSAMPLING, DEFAULT_MAX_POWER_ITERATIONS, DEFAULT_TOLERANCE, seed);
    }

    /**
     * The randomized method with a fixed number of power iterations.
     *
     * @param oversampling {@code p >= 0}: {@code r + p} random samples are taken
     * @param powerIterations {@code q >= 0}: passes of subspace iteration
     * @param seed seed of the Gaussian test matrix; equal seeds give equal results
     * @throws IllegalArgumentException if {@code p} or {@code q} is negative
     */
    static TruncatedSvd randomized(int oversampling, int powerIterations, long seed) {
        return new RandomizedSvd(oversampling, powerIterations, 0.0, seed);
    }

    /**
     * The randomized method with adaptive power iterations: after pass {@code j >= 1}, iteration
     * stops when the energy {@code c_j} captured by the leading {@code r} directions grew by at most
     * {@code tolerance (||E||_F^2 - c_j)}, or after {@code maxPowerIterations} passes.
     *
     * @param oversampling {@code p >= 0}
     * @param maxPowerIterations largest {@code q >= 0}
     * @param tolerance in {@code [0, 1)}; 0 runs exactly {@code maxPowerIterations} passes
     * @param seed seed of the Gaussian test matrix
     * @throws IllegalArgumentException if a parameter is out of range
     */
    static TruncatedSvd randomized(int oversampling, int maxPowerIterations, double tolerance, long seed) {
        return new RandomizedSvd(oversampling, maxPowerIterations, tolerance, seed);
    }
}
