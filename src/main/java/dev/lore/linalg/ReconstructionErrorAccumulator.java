package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.ROW_MAJOR;

import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * {@link ReconstructionError} of {@code A B} against {@code E} measured over blocks of rows, for a
 * fixed {@code B} ({@code r x d}): the error of the out-of-core and distributed factorizations.
 *
 * <p>Each block is measured as {@link ReconstructionError#of(org.nd4j.linalg.api.ndarray.INDArray,
 * org.nd4j.linalg.api.ndarray.INDArray, org.nd4j.linalg.api.ndarray.INDArray)} measures its blocks:
 * {@code E} and {@code A} widened to double, {@code E - A B} by {@code dgemm}, and the squares
 * summed in double in row order; fed the rows of a matrix in order, one accumulator gives the
 * in-memory figures. Accumulators of disjoint rows combine with {@link #merge}; the state is plain
 * values ({@link #rows()}, {@link #squaredResidual()}, {@link #squaredNorm()},
 * {@link #maxAbsError()}), which {@link #of} takes back.
 *
 * <p>Not thread-safe: one accumulator per thread or partition.
 */
public final class ReconstructionErrorAccumulator {

    private final double[] b;
    private final int r;
    private final int d;
    private long rows;
    private double squaredResidual;
    private double squaredNorm;
    private double maxAbsError;

    private ReconstructionErrorAccumulator(double[] b, int r, int d, long rows, double squaredResidual,
            double squaredNorm, double maxAbsError) {
        this.b = b;
        this.r = r;
        this.d = d;
        this.rows = rows;
        this.squaredResidual = squaredResidual;
        this.squaredNorm = squaredNorm;
        this.maxAbsError = maxAbsError;
    }

    /**
     * An empty accumulator for the factor {@code B}.
     *
     * @param b the {@code r x d} row-major factor {@code B} as stored (dequantized if it is), finite;
     *     copied
     * @param rank {@code r >= 1}
     * @param dimension {@code d >= 1}
     * @return the accumulator, holding no rows
     * @throws IllegalArgumentException if a size is not positive, {@code b} does not hold
     *     {@code r d} values, or one is not finite
     * @throws NullPointerException if {@code b} is null
     */
    public static ReconstructionErrorAccumulator create(float[] b, int rank, int dimension) {
        return of(b, rank, dimension, 0, 0.0, 0.0, 0.0);
    }

    /**
     * Rebuilds an accumulator from its state.
     *
     * @param b the {@code r x d} row-major factor {@code B}, finite; copied
     * @param rank {@code r >= 1}
     * @param dimension {@code d >= 1}
     * @param rows rows measured, {@code >= 0}
     * @param squaredResidual {@code ||E - A B||_F^2} of those rows, finite, {@code >= 0}
     * @param squaredNorm {@code ||E||_F^2} of those rows, finite, {@code >= 0}
     * @param maxAbsError {@code max |E - A B|} of those rows, finite, {@code >= 0}
     * @return the accumulator
     * @throws IllegalArgumentException if a value is out of range or {@code b} has the wrong length
     * @throws NullPointerException if {@code b} is null
     */
    public static ReconstructionErrorAccumulator of(float[] b, int rank, int dimension, long rows,
            double squaredResidual, double squaredNorm, double maxAbsError) {
        Objects.requireNonNull(b, "b");
        if (rank < 1 || dimension < 1) {
            throw new IllegalArgumentException("rank and dimension must be >= 1, got " + rank + " and " + dimension);
        }
        if (b.length != Math.multiplyExact(rank, dimension)) {
            throw new IllegalArgumentException("b must hold " + rank + " x " + dimension + " values, got " + b.length);
        }
        if (rows < 0 || !(squaredResidual >= 0) || !(squaredNorm >= 0) || !(maxAbsError >= 0)
                || !Double.isFinite(squaredResidual + squaredNorm + maxAbsError)) {
            throw new IllegalArgumentException("rows and sums must be finite and >= 0, got rows=" + rows
                    + " squaredResidual=" + squaredResidual + " squaredNorm=" + squaredNorm + " maxAbsError="
                    + maxAbsError);
        }
        double[] wide = new double[b.length];
        for (int k = 0; k < b.length; k++) {
            if (!Float.isFinite(b[k])) {
                throw new IllegalArgumentException("b[" + k / dimension + "][" + k % dimension
                        + "] must be finite, got " + b[k]);
            }
            wide[k] = b[k];
        }
        return new ReconstructionErrorAccumulator(wide, rank, dimension, rows, squaredResidual, squaredNorm,
                maxAbsError);
    }

    /**
     * Measures {@code count} rows of {@code E} against the same rows of {@code A}.
     *
     * @param e row-major rows of {@code E} ({@code count x d}) from {@code eOffset}; not modified
     * @param eOffset index of the first value of {@code e}, {@code >= 0}
     * @param a row-major rows of {@code A} ({@code count x r}) from {@code aOffset}; not modified
     * @param aOffset index of the first value of {@code a}, {@code >= 0}
     * @param count rows, {@code >= 0}
     * @throws IndexOutOfBoundsException if a range lies outside its array
     * @throws IllegalArgumentException if {@code count < 0}
     * @throws NullPointerException if an array is null
     */
    public void add(float[] e, int eOffset, float[] a, int aOffset, int count) {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(a, "a");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.checkFromIndexSize(eOffset, Math.multiplyExact(count, d), e.length);
        Objects.checkFromIndexSize(aOffset, Math.multiplyExact(count, r), a.length);
        if (count == 0) {
            return;
        }
        int block = Math.min(count, ReconstructionError.BLOCK_ROWS);
        double[] ed = new double[block * d];
        double[] ad = new double[block * r];
        double num = squaredResidual;
        double den = squaredNorm;
        double max = maxAbsError;
        try (DoublePointer bp = new DoublePointer(b); DoublePointer ap = new DoublePointer((long) block * r);
                DoublePointer cp = new DoublePointer((long) block * d)) {
            for (int s = 0; s < count; s += block) {
                int n = Math.min(block, count - s);
                for (int i = 0; i < n * d; i++) {
                    ed[i] = e[eOffset + s * d + i];
                    den += ed[i] * ed[i];
                }
                for (int i = 0; i < n * r; i++) {
                    ad[i] = a[aOffset + s * r + i];
                }
                cp.put(ed, 0, n * d);
                ap.put(ad, 0, n * r);
                openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, n, d, r, -1.0, ap, r, bp, d, 1.0, cp, d);
                cp.get(ed, 0, n * d);
                for (int i = 0; i < n * d; i++) {
                    num += ed[i] * ed[i];
                    max = Math.max(max, Math.abs(ed[i]));
                }
            }
        }
        squaredResidual = num;
        squaredNorm = den;
        maxAbsError = max;
        rows += count;
    }

    /**
     * Adds the figures of {@code other}, measured on other rows against the same {@code B}.
     *
     * @param other an accumulator of the same shape; not modified
     * @return this accumulator
     * @throws IllegalArgumentException if the shapes differ
     * @throws NullPointerException if {@code other} is null
     */
    public ReconstructionErrorAccumulator merge(ReconstructionErrorAccumulator other) {
        Objects.requireNonNull(other, "other");
        if (other.r != r || other.d != d) {
            throw new IllegalArgumentException("cannot merge a " + other.r + " x " + other.d + " accumulator into a "
                    + r + " x " + d + " one");
        }
        double num = other.squaredResidual;
        double den = other.squaredNorm;
        double max = other.maxAbsError;
        long n = other.rows;
        squaredResidual += num;
        squaredNorm += den;
        maxAbsError = Math.max(maxAbsError, max);
        rows += n;
        return this;
    }

    /**
     * Rows measured.
     *
     * @return {@code >= 0}
     */
    public long rows() {
        return rows;
    }

    /**
     * {@code ||E - A B||_F^2} over the rows measured.
     *
     * @return {@code >= 0}, possibly infinite after an overflow
     */
    public double squaredResidual() {
        return squaredResidual;
    }

    /**
     * {@code ||E||_F^2} over the rows measured.
     *
     * @return {@code >= 0}, possibly infinite after an overflow
     */
    public double squaredNorm() {
        return squaredNorm;
    }

    /**
     * {@code max |E - A B|} over the rows measured.
     *
     * @return {@code >= 0}
     */
    public double maxAbsError() {
        return maxAbsError;
    }

    /**
     * The error of the rows measured, as {@link ReconstructionError#of} reports it.
     *
     * @return relative error {@code sqrt(squaredResidual / squaredNorm)} (the absolute one when
     *     {@code E = 0}), the largest absolute error, and {@code ||E||_F^2}
     * @throws IllegalArgumentException if a sum is not finite (an overflow)
     */
    public ReconstructionError result() {
        if (!Double.isFinite(squaredResidual) || !Double.isFinite(squaredNorm)) {
            throw new IllegalArgumentException("matrices must be finite, got squared norms " + squaredNorm + " and "
                    + squaredResidual);
        }
        double rel = squaredNorm == 0.0 ? Math.sqrt(squaredResidual) : Math.sqrt(squaredResidual / squaredNorm);
        return new ReconstructionError(rel, maxAbsError, squaredNorm);
    }

    /** Shape and rows; never the values. */
    @Override
    public String toString() {
        return "ReconstructionErrorAccumulator[" + r + " x " + d + ", rows=" + rows + "]";
    }
}
