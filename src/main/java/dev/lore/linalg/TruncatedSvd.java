package dev.lore.linalg;

import dev.lore.ProgressListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A truncated singular value decomposition {@code E ~ U_r diag(s_r) V_r^T} of a {@code V x d} matrix,
 * the best rank-{@code r} approximation in Frobenius norm (Eckart-Young).
 *
 * <p>Implementations are immutable and thread-safe; {@link SvdMethod#algorithm()} makes one from
 * its configuration (the Gram route, LAPACK {@code gesvd} or the randomized method). Both exact
 * methods reach the Eckart-Young error to float precision; the randomized one to a tolerance that depends on the spectrum and on {@code q} (measured in docs/design/compress.md).
 */
public interface TruncatedSvd {

    /**
     * Computes the truncated SVD. The input is not modified.
     *
     * @param matrix {@code E}, a 2-d matrix of finite values, at least 1 x 1; FLOAT 'c'-ordered
     *     contiguous input is used in place, anything else is first copied to that form
     * @param rank how to choose {@code r}
     * @param progress receives progress of the long steps
     * @return the factors {@code U [V, r]} and {@code V^T [r, d]}, new FLOAT 'c'-ordered arrays
     *     that share no memory with {@code matrix}, and the singular values
     * @throws IllegalArgumentException if {@code matrix} is not a non-empty matrix, holds NaN or
     *     infinity, or if {@code rank} gives a rank outside {@code [1, min(V, d)]}; for the exact
     *     methods ({@link SvdMethod.Gram}, {@link SvdMethod.Gesvd}) also if {@code min(V, d)}
     *     exceeds 16384, where their {@code min(V, d)^2} problem takes 2 GiB of doubles
     */
    SvdResult compute(INDArray matrix, RankRule rank, ProgressListener progress);

    /**
     * Same as {@link #compute(INDArray, RankRule, ProgressListener)} without progress.
     *
     * @param matrix {@code E}, a 2-d matrix of finite values, at least 1 x 1; not modified
     * @param rank how to choose {@code r}
     * @return the truncated SVD, as {@link #compute(INDArray, RankRule, ProgressListener)}
     * @throws IllegalArgumentException as {@link #compute(INDArray, RankRule, ProgressListener)}
     */
    default SvdResult compute(INDArray matrix, RankRule rank) {
        return compute(matrix, rank, ProgressListener.none());
    }

    /**
     * A short name recorded in reports and files.
     *
     * @return e.g. {@code gram-mixed}; stored as {@link SvdResult#method()}
     */
    String name();
}
