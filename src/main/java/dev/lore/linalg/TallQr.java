package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.COL_MAJOR;
import static dev.lore.linalg.NativeBlas.LAPACK_COL_MAJOR;
import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.TRANS;
import static dev.lore.linalg.NativeBlas.UPPER;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The Q factor of a tall-skinny float matrix, in place: CholeskyQR2 with a double Cholesky factor,
 * falling back to Householder QR when the matrix is too ill-conditioned for it.
 *
 * <p>CholeskyQR2 (Fukaya, Nakatsukasa, Yanagisawa and Yamamoto, "CholeskyQR2: a simple and
 * communication-avoiding algorithm for computing a tall-skinny QR factorization on a large-scale
 * parallel system", ScalA 2014), one pass of which is: {@code G = A^T A} in float ({@code ssyrk}),
 * {@code G = R^T R} in double ({@code dpotrf}), {@code A := A R^-1} in float ({@code strsm}). The
 * second pass, on the result of the first, restores orthogonality to float rounding when the first
 * leaves {@code Q_1^T Q_1} near the identity, i.e. for a condition number up to a few hundred. A
 * Gram matrix in double ({@code dsyrk} on double copies of blocks of rows) would stretch that range
 * (Yamazaki, Tomov and Dongarra, SIAM J. Sci. Comput. 37(3), 2015) but was measured at 90-145 ms
 * per Gram matrix of 341,479 x 42 against 27-46 ms for float blocks. Blocks of rows spread over the
 * cores (see {@link RowBlocks}) and blocks summed in double were also measured: on 341,479 x 19 and
 * x 42 both were slower than one call of each routine on OpenBLAS's own threads (about 38 and
 * 85 ms for the whole CholeskyQR2, against 36-41 and 196-257 ms for Householder).
 *
 * <p>Why: for a few tens of columns and hundreds of thousands of rows, {@code sgeqrf} + {@code sorgqr}
 * run at a small fraction of the machine's level-3 speed, while the Gram product and the triangular
 * solve are single level-3 calls.
 *
 * <p>Fallback, so the result is orthonormal for any input: Householder QR ({@code sgeqrf},
 * {@code sorgqr}) of the input when the first Cholesky factorization fails or a pivot
 * {@code R_ii <= } {@value #PIVOT_FLOOR}{@code  sqrt(G_ii)} (a column numerically in the span of the
 * previous ones), and Householder QR of the first pass's result when its Gram matrix is further than
 * {@value #FIRST_PASS_DEVIATION} from the identity in Frobenius norm or its Cholesky factorization
 * fails. Both fallbacks keep the nested column spans: {@code R^-1} is upper triangular, so the first
 * {@code k} columns of the first pass's result span the first {@code k} columns of the input.
 */
final class TallQr {

    /** Which algorithm produced the Q factor. */
    enum Route {
        CHOLESKY_QR2,
        HOUSEHOLDER
    }

    /**
     * Smallest accepted {@code R_ii / sqrt(G_ii)} (the sine of the angle between column {@code i} and
     * the span of the previous ones) in the first pass. The float Gram matrix is accurate to about
     * {@code 1e-6} relative, so a smaller {@code R_ii^2 / G_ii} is rounding noise.
     */
    static final double PIVOT_FLOOR = 1e-3;

    /** Largest accepted {@code ||Q_1^T Q_1 - I||_F} after the first pass (then {@code cond(Q_1) <= sqrt(3)}). */
    static final double FIRST_PASS_DEVIATION = 0.5;

    private TallQr() {}

    /**
     * Replaces the column-major {@code m x l} matrix {@code a} (leading dimension {@code m}) by an
     * {@code m x l} matrix with orthonormal columns whose first {@code k} columns span the first
     * {@code k} columns of the input, for every {@code k} up to the input's numerical rank.
     *
     * @param a modified in place; must hold {@code m * l} finite floats
     * @param m rows, {@code >= l}
     * @param l columns, {@code >= 1}
     * @return the route taken
     */
    static Route orthonormalize(FloatPointer a, int m, int l) {
        assert m >= l && l >= 1 : m + " x " + l;
        double[] g = gram(a, m, l);
        double[] r = cholesky(g, l, PIVOT_FLOOR);
        if (r == null) {
            householder(a, m, l);
            return Route.HOUSEHOLDER;
        }
        solve(a, m, l, r);
        double[] g2 = gram(a, m, l);
        double[] r2 = deviation(g2, l) <= FIRST_PASS_DEVIATION ? cholesky(g2, l, 0.0) : null;
        if (r2 == null) {
            householder(a, m, l);
            return Route.HOUSEHOLDER;
        }
        solve(a, m, l, r2);
        return Route.CHOLESKY_QR2;
    }

    /** Householder QR: replaces {@code a} (column-major {@code m x l}) by its Q factor. */
    static void householder(FloatPointer a, int m, int l) {
        try (FloatPointer tau = new FloatPointer(l)) {
            NativeBlas.checkInfo("sgeqrf", openblas.LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, l, a, m, tau));
            NativeBlas.checkInfo("sorgqr", openblas.LAPACKE_sorgqr(LAPACK_COL_MAJOR, m, l, l, a, m, tau));
        }
    }

    /** The upper triangle of {@code A^T A} by one {@code ssyrk}, column-major {@code l x l}, in double. */
    private static double[] gram(FloatPointer a, int m, int l) {
        float[] g = new float[l * l];
        try (FloatPointer gp = new FloatPointer((long) l * l)) {
            openblas.cblas_ssyrk(COL_MAJOR, UPPER, TRANS, l, m, 1f, a, m, 0f, gp, l);
            gp.get(g);
        }
        double[] out = new double[l * l];
        for (int j = 0; j < l; j++) {
            for (int i = 0; i <= j; i++) {
                out[j * l + i] = g[j * l + i];
            }
        }
        return out;
    }

    /**
     * The upper Cholesky factor of {@code g} (upper triangle, column-major), or null if
     * {@code dpotrf} fails or a pivot is at most {@code floor sqrt(G_ii)}.
     */
    private static double[] cholesky(double[] g, int l, double floor) {
        double[] r = g.clone();
        if (openblas.LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', l, r, l) != 0) {
            return null;
        }
        for (int i = 0; i < l; i++) {
            double pivot = r[i * l + i];
            if (!(pivot > floor * Math.sqrt(g[i * l + i]))) {
                return null;
            }
        }
        return r;
    }

    /** {@code ||G - I||_F} from the upper triangle of the symmetric {@code g}. */
    private static double deviation(double[] g, int l) {
        double sum = 0.0;
        for (int j = 0; j < l; j++) {
            for (int i = 0; i <= j; i++) {
                double e = g[j * l + i] - (i == j ? 1.0 : 0.0);
                sum += (i == j ? 1.0 : 2.0) * e * e;
            }
        }
        return Math.sqrt(sum);
    }

    /** {@code A := A R^-1} in float by one {@code strsm} ({@code r} upper, column-major {@code l x l}). */
    private static void solve(FloatPointer a, int m, int l, double[] r) {
        float[] rf = new float[l * l];
        for (int j = 0; j < l; j++) {
            for (int i = 0; i <= j; i++) {
                rf[j * l + i] = (float) r[j * l + i];
            }
        }
        try (FloatPointer rp = new FloatPointer(rf)) {
            openblas.cblas_strsm(COL_MAJOR, openblas.CblasRight, UPPER, NO_TRANS, openblas.CblasNonUnit,
                    m, l, 1f, rp, l, a, m);
        }
    }
}
