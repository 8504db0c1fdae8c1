package dev.lore.quant;

/** The orthogonal rotation {@link ProductQuantizer} applies to the rows before splitting them into sub-spaces. */
public enum PqRotation {
    /** No rotation: sub-space {@code m} holds columns {@code [m d/M, (m+1) d/M)} as they are. */
    NONE,
    /**
     * The right singular vectors of the training rows (the eigenvectors of {@code X^T X}), spread
     * over the sub-spaces so that each holds about the same product of eigenvalues (the eigenvalue
     * allocation of Ge, He, Ke and Sun, CVPR 2013): the largest remaining eigenvalue goes to the
     * sub-space with the smallest sum of log-eigenvalues that still has room.
     */
    PCA,
    /**
     * {@link #PCA} as a start, then OPQ's non-parametric alternation (Ge et al., CVPR 2013): a few
     * k-means iterations with the rotation fixed, then the rotation that best maps the rows onto
     * their reconstructions (orthogonal Procrustes: {@code R = U W^T} for {@code X^T Y = U S W^T}).
     */
    OPQ
}
