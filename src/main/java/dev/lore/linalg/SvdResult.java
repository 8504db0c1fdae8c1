package dev.lore.linalg;

import dev.lore.Summary;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rank-{@code r} truncated SVD {@code E ~ U diag(s) V^T} of a {@code V x d} matrix.
 *
 * <p>Columns of {@code u} and rows of {@code vt} are orthonormal up to the accuracy of the method
 * (see {@link TruncatedSvd}); a column of {@code u} whose singular value is exactly 0 is 0.
 *
 * @param u {@code [V, r]} FLOAT, 'c' order
 * @param singularValues every singular value the method knows, non-increasing up to rounding:
 *     all {@code min(V, d)} when {@code spectrumComplete}, else at least the {@code r} kept ones
 * @param vt {@code [r, d]} FLOAT, 'c' order
 * @param spectrumComplete whether {@code singularValues} holds all {@code min(V, d)} values
 * @param squaredNorm {@code ||E||_F^2}, accumulated in double
 * @param method name of the algorithm, e.g. {@code gram-mixed}
 */
public record SvdResult(INDArray u, double[] singularValues, INDArray vt, boolean spectrumComplete,
        double squaredNorm, String method) {

    /**
     * Validates the factors and copies {@code singularValues}.
     *
     * @param u {@code [V, r]} FLOAT, 'c' order, {@code r >= 1}; kept, not copied
     * @param singularValues at least {@code r} values, each finite and {@code >= 0}; exactly
     *     {@code min(V, d)} when {@code spectrumComplete}; copied
     * @param vt {@code [r, d]} FLOAT, 'c' order; kept, not copied
     * @param spectrumComplete whether {@code singularValues} holds all {@code min(V, d)} values
     * @param squaredNorm {@code ||E||_F^2}, finite, {@code >= 0}
     * @param method name of the algorithm, not null
     * @throws IllegalArgumentException if shapes or values are inconsistent
     * @throws NullPointerException if an array or {@code method} is null
     */
    public SvdResult {
        Objects.requireNonNull(u, "u");
        Objects.requireNonNull(vt, "vt");
        Objects.requireNonNull(singularValues, "singularValues");
        Objects.requireNonNull(method, "method");
        if (u.rank() != 2 || vt.rank() != 2 || u.dataType() != DataType.FLOAT
                || vt.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("u and vt must be FLOAT matrices");
        }
        long r = u.columns();
        if (vt.rows() != r || r < 1) {
            throw new IllegalArgumentException("u is " + u.rows() + " x " + r + " but vt is "
                    + vt.rows() + " x " + vt.columns());
        }
        if (singularValues.length < r) {
            throw new IllegalArgumentException("expected at least " + r + " singular values, got "
                    + singularValues.length);
        }
        if (spectrumComplete && singularValues.length != Math.min(u.rows(), vt.columns())) {
            throw new IllegalArgumentException("a complete spectrum has min(V, d) = "
                    + Math.min(u.rows(), vt.columns()) + " values, got " + singularValues.length);
        }
        for (double s : singularValues) {
            if (!(s >= 0.0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("singular values must be finite and >= 0, got " + s);
            }
        }
        if (!(squaredNorm >= 0.0) || Double.isInfinite(squaredNorm)) {
            throw new IllegalArgumentException("squaredNorm must be finite and >= 0, got " + squaredNorm);
        }
        singularValues = singularValues.clone();
    }

    /**
     * The rank {@code r}.
     *
     * @return the columns of {@code u}, {@code >= 1}
     */
    public int rank() {
        return u.columns();
    }

    /**
     * Number of rows {@code V} of the factorized matrix.
     *
     * @return the rows of {@code u}
     */
    public long rows() {
        return u.rows();
    }

    /**
     * Number of columns {@code d} of the factorized matrix.
     *
     * @return the columns of {@code vt}
     */
    public long columns() {
        return vt.columns();
    }

    /**
     * Every singular value the method knows.
     *
     * @return a fresh copy, non-increasing up to rounding: {@code min(V, d)} values when {@link
     *     #spectrumComplete()}, else at least {@code r}
     */
    @Override
    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * The kept singular values.
     *
     * @return a fresh array of the first {@code r} singular values
     */
    public double[] keptSingularValues() {
        return java.util.Arrays.copyOf(singularValues, rank());
    }

    /**
     * The fraction of the energy the kept singular values hold.
     *
     * @return {@code sum_{i<=r} s_i^2 / ||E||_F^2}, clamped to {@code [0, 1]}; 1 for a zero matrix
     */
    public double keptEnergy() {
        if (squaredNorm == 0.0) {
            return 1.0;
        }
        return Math.min(1.0, keptSquares() / squaredNorm);
    }

    /**
     * The relative Frobenius error of the truncation predicted by Eckart-Young.
     *
     * @return {@code sqrt(sum_{i>r} s_i^2 / sum_i s_i^2)} when the spectrum is complete, else
     *     {@code sqrt(max(0, ||E||_F^2 - sum_{i<=r} s_i^2) / ||E||_F^2)}; 0 for a zero matrix; in
     *     {@code [0, 1]}
     */
    public double predictedRelativeError() {
        double kept = keptSquares();
        double discarded;
        double total;
        if (spectrumComplete) {
            discarded = 0.0;
            for (int i = rank(); i < singularValues.length; i++) {
                discarded += singularValues[i] * singularValues[i];
            }
            total = kept + discarded;
        } else {
            total = squaredNorm;
            discarded = Math.max(0.0, squaredNorm - kept);
        }
        return total == 0.0 ? 0.0 : Math.sqrt(discarded / total);
    }

    private double keptSquares() {
        double kept = 0.0;
        for (int i = 0; i < rank(); i++) {
            kept += singularValues[i] * singularValues[i];
        }
        return kept;
    }

    /** Shapes, method and the singular values cut to their first values; never the factors' values. */
    @Override
    public String toString() {
        return "SvdResult[" + rows() + " x " + columns() + ", rank=" + rank() + ", method=" + method
                + ", singularValues=" + Summary.doubles(singularValues) + (spectrumComplete ? "" : " (partial)")
                + ", squaredNorm=" + squaredNorm + ", u=" + Summary.shape(u) + ", vt=" + Summary.shape(vt) + "]";
    }
}
