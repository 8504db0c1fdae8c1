package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.ROW_MAJOR;

import dev.lore.ProgressListener;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact methods: all right singular vectors {@code V} of a tall matrix {@code X}
 * ({@code m x n}, {@code m >= n}) from a small {@code n x n} problem, then the left ones from
 * {@code X V_r}.
 *
 * <p>The first {@code r} columns {@code X v_j} are computed in float ({@code sgemm}); their norms,
 * accumulated in double, replace the singular values the small problem gave for the kept ones
 * (accurate to float precision relative to each value, where the Gram route's
 * {@code sqrt(lambda_j)} is accurate only relative to {@code s_1}), and
 * {@code u_j = X v_j / ||X v_j||}, or 0 when {@code X v_j = 0}. The truncation
 * {@code U_r diag(s) V_r^T = X V_r V_r^T} is therefore exact whatever the singular values; no
 * division by zero happens for rank-deficient or zero input.
 *
 * <p>A wide matrix ({@code d > V}) is factorized through its transpose: {@code E^T = U' S V'^T}
 * gives {@code E = V' S U'^T}, at the cost of a transposed copy of {@code E}.
 */
abstract class RightVectorsSvd implements TruncatedSvd {

    /** Largest {@code min(V, d)} accepted: its {@code n x n} problem takes 2 GiB of doubles. */
    static final int MAX_DIMENSION = 16384;

    /**
     * The spectrum of a tall matrix.
     *
     * @param singularValues all {@code n}, non-increasing
     * @param vectors {@code n x n} row-major; column {@code j} is {@code v_j}
     * @param squaredNorm {@code ||X||_F^2}
     */
    record Spectrum(double[] singularValues, double[] vectors, double squaredNorm) {}

    /**
     * Computes the spectrum of {@code x} ({@code m x n}, {@code m >= n}, contiguous 'c' FLOAT),
     * which it must not modify.
     *
     * @throws IllegalArgumentException if {@code x} holds NaN or infinity
     */
    abstract Spectrum spectrum(INDArray x, int m, int n, ProgressListener progress);

    @Override
    public final SvdResult compute(INDArray matrix, RankRule rule, ProgressListener progress) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(progress, "progress");
        INDArray e = NativeBlas.contiguousFloat(Objects.requireNonNull(matrix, "matrix"));
        long rows = e.rows();
        long cols = e.columns();
        if (Math.min(rows, cols) > MAX_DIMENSION) {
            throw new IllegalArgumentException("the exact method solves a min(V, d)^2 problem; min("
                    + rows + ", " + cols + ") exceeds " + MAX_DIMENSION + ": use the randomized method");
        }
        if (!rule.needsSpectrum()) {
            rule.resolve(rows, cols); // fail before the expensive part
        }
        boolean wide = cols > rows;
        INDArray x = wide ? e.transpose().dup('c') : e;
        int m = Math.toIntExact(x.rows());
        int n = Math.toIntExact(x.columns());

        Spectrum sp = spectrum(x, m, n, progress);
        double[] s = sp.singularValues().clone();
        int r = rule.needsSpectrum() ? rule.resolve(rows, cols, s) : rule.resolve(rows, cols);

        INDArray w = NativeBlas.floatMatrix(n, r);
        FloatBuffer wb = NativeBlas.buffer(w);
        double[] v = sp.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < r; j++) {
                wb.put(i * r + j, (float) v[i * n + j]);
            }
        }
        double[] squares = new double[r];
        INDArray xv = multiply(x, m, n, w, r, squares);
        normalizeColumns(xv, m, r, squares, s);

        INDArray u = wide ? w : xv;
        INDArray vt = wide ? xv.transpose().dup('c') : w.transpose().dup('c');
        return new SvdResult(u, s, vt, true, sp.squaredNorm(), name());
    }

    /** Rows per block of {@link #multiply}. */
    static final int PRODUCT_BLOCK_ROWS = 4096;

    /**
     * Rows per strip of {@link #normalizeColumns}: a strip of {@code STRIP_ROWS * r} consecutive
     * values is scaled element by element against a pattern of the same length, a loop the JIT
     * vectorizes (a division per value, column by column, does not).
     */
    private static final int STRIP_ROWS = 64;

    /**
     * {@code X W} ({@code m x r}) in float, by blocks of {@link #PRODUCT_BLOCK_ROWS} rows (measured
     * 20-35% faster than one {@code sgemm} for {@code r} of 9 to 32 on a 341,479 x 100 matrix, as
     * each block's output stays in cache), spread over threads by {@link RowBlocks} when OpenBLAS
     * runs each call on one thread, adding the
     * squares of each column into {@code squares} in double while the block is in cache. The sums
     * are combined in block order, so the result does not depend on the number of threads.
     */
    static INDArray multiply(INDArray x, int m, int n, INDArray w, int r, double[] squares) {
        INDArray xv = NativeBlas.floatMatrix(m, r);
        FloatPointer xp = NativeBlas.pointer(x);
        FloatPointer wp = NativeBlas.pointer(w);
        FloatPointer out = NativeBlas.pointer(xv);
        FloatBuffer ob = NativeBlas.buffer(xv);
        RowBlocks.forEach(m, PRODUCT_BLOCK_ROWS, true, (s, b) -> {
            openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, b, r, n, 1f, NativeBlas.at(xp, (long) s * n), n,
                    wp, r, 0f, NativeBlas.at(out, (long) s * r), r);
            float[] block = new float[b * r];
            ob.duplicate().get(s * r, block, 0, b * r);
            double[] blockSquares = new double[r];
            addColumnSquares(block, b, r, blockSquares);
            return blockSquares;
        }, (s, b, blockSquares) -> {
            for (int j = 0; j < r; j++) {
                squares[j] += blockSquares[j];
            }
        });
        Reference.reachabilityFence(x); // OpenBLAS read x and w through raw pointers
        Reference.reachabilityFence(w);
        return xv;
    }

    /**
     * Adds the squares of each column of the row-major {@code rows x r} {@code block} to
     * {@code squares}, in double. Column by column with four independent partial sums: a row-by-row
     * loop made every add wait for the previous one (about 4 ns a value).
     */
    private static void addColumnSquares(float[] block, int rows, int r, double[] squares) {
        for (int j = 0; j < r; j++) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 3 < rows; i += 4) {
                double a = block[i * r + j];
                double b = block[(i + 1) * r + j];
                double c = block[(i + 2) * r + j];
                double d = block[(i + 3) * r + j];
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }
            for (; i < rows; i++) {
                double a = block[i * r + j];
                s0 += a * a;
            }
            squares[j] += (s0 + s1) + (s2 + s3);
        }
    }

    /**
     * Sets {@code s[j] = sqrt(squares[j])} ({@code j < r}), the norm of column {@code j} of
     * {@code xv}, and divides the column by it, leaving zero columns at zero. The division is a
     * multiplication by {@code 1 / s[j]} in double, rounded once to float.
     */
    static void normalizeColumns(INDArray xv, int m, int r, double[] squares, double[] s) {
        FloatBuffer b = NativeBlas.buffer(xv);
        double[] pattern = new double[STRIP_ROWS * r];
        for (int j = 0; j < r; j++) {
            s[j] = Math.sqrt(squares[j]);
        }
        for (int k = 0; k < pattern.length; k++) {
            double norm = s[k % r];
            pattern[k] = norm > 0.0 ? 1.0 / norm : 0.0;
        }
        float[] block = new float[PRODUCT_BLOCK_ROWS * r];
        for (int start = 0; start < m; start += PRODUCT_BLOCK_ROWS) {
            int length = Math.min(PRODUCT_BLOCK_ROWS, m - start) * r;
            b.get(start * r, block, 0, length);
            int k = 0;
            for (; k + pattern.length <= length; k += pattern.length) {
                for (int t = 0; t < pattern.length; t++) {
                    block[k + t] = (float) (block[k + t] * pattern[t]);
                }
            }
            for (int t = 0; k + t < length; t++) {
                block[k + t] = (float) (block[k + t] * pattern[t]);
            }
            b.put(start * r, block, 0, length);
        }
        for (int j = 0; j < r; j++) {
            if (s[j] == 0.0) {
                zeroColumn(b, m, r, j); // its entries are +-0; make them +0
            }
        }
    }

    private static void zeroColumn(FloatBuffer b, int m, int r, int j) {
        for (int i = 0; i < m; i++) {
            b.put(i * r + j, 0f);
        }
    }
}
