package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.LAPACK_ROW_MAJOR;

import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.openblas.global.openblas;

/**
 * The eigen-decomposition {@code G = V diag(lambda) V^T} of a Gram matrix {@code G = E^T E}
 * ({@code d x d}) of a {@code rows x d} matrix {@code E}: its singular values
 * {@code s_i = sqrt(max(lambda_i, 0))}, non-increasing, and right singular vectors {@code v_i}
 * (LAPACK {@code dsyev}), the step between the two passes of the out-of-core and distributed
 * factorizations and the heart of the in-memory Gram route ({@link SvdMethod.Gram}), which runs
 * this same code.
 *
 * <p><b>Sign convention.</b> An eigenvector is defined up to sign; each {@code v_i} is turned so
 * that its entry of largest magnitude (the first such entry on a tie) is positive. The factors of
 * every route built on this class therefore agree in sign whenever their Gram matrices agree to
 * rounding.
 *
 * <p><b>Accuracy.</b> {@code s_i} is accurate to about {@code eps_G s_1^2 / s_i}, where
 * {@code eps_G} is the relative accuracy of {@code G} (about 1e-7 of its largest entry for
 * {@link GramPrecision#MIXED}, Demmel 1997, section 5.4).
 *
 * <p>Immutable and thread-safe.
 */
public final class GramSpectrum {

    private final int n;
    private final long rows;
    private final double[] singularValues;
    /** Row-major {@code n x n}; column {@code j} is {@code v_j}. */
    private final double[] vectors;
    private final double squaredNorm;

    private GramSpectrum(int n, long rows, double[] singularValues, double[] vectors, double squaredNorm) {
        this.n = n;
        this.rows = rows;
        this.singularValues = singularValues;
        this.vectors = vectors;
        this.squaredNorm = squaredNorm;
    }

    /**
     * The spectrum of the rows an accumulator received.
     *
     * @param gram the accumulator, not modified; at least one row
     * @return the spectrum
     * @throws IllegalArgumentException if the accumulator holds no rows, or its sums overflowed
     * @throws IllegalStateException if {@code dsyev} fails
     * @throws NullPointerException if {@code gram} is null
     */
    public static GramSpectrum of(GramAccumulator gram) {
        Objects.requireNonNull(gram, "gram");
        return of(gram.dimension(), gram.rows(), gram.gram());
    }

    /**
     * The spectrum of a Gram matrix.
     *
     * @param dimension {@code d >= 1}
     * @param rows the rows of {@code E}, {@code >= 1}; bounds the rank rules' ranks
     * @param gram the {@code d x d} symmetric row-major matrix; its upper triangle is read; not
     *     modified
     * @return the spectrum
     * @throws IllegalArgumentException if a size is out of range or a value of {@code gram} is not
     *     finite
     * @throws IllegalStateException if {@code dsyev} fails
     * @throws NullPointerException if {@code gram} is null
     */
    public static GramSpectrum of(int dimension, long rows, double[] gram) {
        Objects.requireNonNull(gram, "gram");
        if (dimension < 1 || dimension > RightVectorsSvd.MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [1, " + RightVectorsSvd.MAX_DIMENSION
                    + "], got " + dimension);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        if (gram.length != dimension * dimension) {
            throw new IllegalArgumentException("gram must hold " + dimension * dimension + " values, got "
                    + gram.length);
        }
        for (int k = 0; k < gram.length; k++) {
            if (!Double.isFinite(gram[k])) {
                throw new IllegalArgumentException("gram[" + k / dimension + "][" + k % dimension
                        + "] must be finite, got " + gram[k]);
            }
        }
        RightVectorsSvd.Spectrum sp = decompose(gram.clone(), dimension);
        return new GramSpectrum(dimension, rows, sp.singularValues(), sp.vectors(), sp.squaredNorm());
    }

    /**
     * Decomposes {@code g} ({@code n x n}, upper triangle read, overwritten): singular values,
     * vectors in the sign convention, and the trace.
     *
     * @throws IllegalArgumentException if the trace is not finite
     */
    static RightVectorsSvd.Spectrum decompose(double[] g, int n) {
        double trace = 0.0;
        for (int i = 0; i < n; i++) {
            trace += g[i * n + i];
        }
        if (!Double.isFinite(trace)) {
            throw new IllegalArgumentException("the Gram matrix is not finite (trace " + trace
                    + "): the values are too large or not finite");
        }
        double[] ascending = new double[n];
        NativeBlas.checkInfo("dsyev", openblas.LAPACKE_dsyev(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U',
                n, g, n, ascending));
        double[] s = new double[n];
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            s[j] = Math.sqrt(Math.max(0.0, ascending[n - 1 - j]));
            int source = n - 1 - j;
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(g[i * n + source]) > Math.abs(g[largest * n + source])) {
                    largest = i;
                }
            }
            double sign = g[largest * n + source] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < n; i++) {
                v[i * n + j] = sign * g[i * n + source];
            }
        }
        return new RightVectorsSvd.Spectrum(s, v, trace);
    }

    /**
     * The number of columns {@code d}.
     *
     * @return {@code d >= 1}
     */
    public int dimension() {
        return n;
    }

    /**
     * The number of rows of {@code E}.
     *
     * @return {@code >= 1}
     */
    public long rows() {
        return rows;
    }

    /**
     * The singular values of {@code E}.
     *
     * @return a new array of all {@code min(rows, d)} values, non-increasing
     */
    public double[] singularValues() {
        return Arrays.copyOf(singularValues, (int) Math.min(rows, n));
    }

    /**
     * {@code ||E||_F^2}, the trace of {@code G}.
     *
     * @return the trace, {@code >= 0} up to rounding
     */
    public double squaredNorm() {
        return squaredNorm;
    }

    /**
     * The rank a rule gives for {@code E}.
     *
     * @param rule the rule, not null
     * @return the rank, in {@code [1, min(rows, d)]}
     * @throws IllegalArgumentException as {@link RankRule#resolve(long, long, double[])}
     * @throws NullPointerException if {@code rule} is null
     */
    public int rank(RankRule rule) {
        Objects.requireNonNull(rule, "rule");
        return rule.needsSpectrum() ? rule.resolve(rows, n, singularValues()) : rule.resolve(rows, n);
    }

    /**
     * The leading right singular vectors {@code V_r}, rounded to float as the factor {@code E V_r}
     * is computed with them.
     *
     * @param rank {@code r} in {@code [1, min(rows, d)]}
     * @return a new {@code d x r} row-major array: entry {@code i r + j} is component {@code i} of
     *     {@code v_j}
     * @throws IllegalArgumentException if {@code rank} is out of range
     */
    public float[] rightVectors(int rank) {
        checkRank(rank);
        float[] w = new float[n * rank];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rank; j++) {
                w[i * rank + j] = (float) vectors[i * n + j];
            }
        }
        return w;
    }

    /**
     * The fraction of the energy that the leading {@code r} singular values hold.
     *
     * @param rank {@code r} in {@code [1, min(rows, d)]}
     * @return {@code sum_{i<=r} s_i^2 / ||E||_F^2} (as {@link SvdResult#keptEnergy()}), clamped to
     *     {@code [0, 1]}; 1 for a zero matrix
     * @throws IllegalArgumentException if {@code rank} is out of range
     */
    public double keptEnergy(int rank) {
        checkRank(rank);
        double kept = 0;
        for (int i = 0; i < rank; i++) {
            kept += singularValues[i] * singularValues[i];
        }
        return squaredNorm <= 0 ? 1.0 : Math.min(1.0, kept / squaredNorm);
    }

    /**
     * The relative Frobenius error of the rank-{@code r} truncation that Eckart-Young predicts.
     *
     * @param rank {@code r} in {@code [1, min(rows, d)]}
     * @return {@code sqrt(sum_{i>r} s_i^2 / sum_i s_i^2)}, 0 for a zero matrix
     * @throws IllegalArgumentException if {@code rank} is out of range
     */
    public double predictedRelativeError(int rank) {
        checkRank(rank);
        double discarded = 0;
        double total = 0;
        double[] s = singularValues();
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            discarded += i >= rank ? s[i] * s[i] : 0;
        }
        return total == 0 ? 0.0 : Math.sqrt(discarded / total);
    }

    private void checkRank(int rank) {
        long max = Math.min(rows, n);
        if (rank < 1 || rank > max) {
            throw new IllegalArgumentException("rank must be in [1, " + max + "], got " + rank);
        }
    }

    /** Shape and leading singular values; never the vectors. */
    @Override
    public String toString() {
        return "GramSpectrum[" + rows + " x " + n + ", singularValues="
                + dev.lore.Summary.doubles(singularValues()) + "]";
    }
}
