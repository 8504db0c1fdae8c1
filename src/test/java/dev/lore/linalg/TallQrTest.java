package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class TallQrTest {

    /** Entries of {@code Q^T Q - I} (float rounding over a few thousand rows). */
    private static final double ORTHONORMALITY_TOL = 1e-5;
    /** {@code ||a_k - Q_k Q_k^T a_k|| / ||a_k||} with {@code Q_k} the first {@code k + 1} columns of Q. */
    private static final double SPAN_TOL = 1e-4;

    private static final int ROWS = 20000;
    private static final int COLS = 24;

    @Test
    void wellConditionedMatrixTakesCholeskyQr2() {
        float[] a = gaussian(ROWS, COLS, 1);
        float[] q = run(a, ROWS, COLS, TallQr.Route.CHOLESKY_QR2);
        assertOrthonormalBasisOf(a, q, ROWS, COLS);
    }

    @Test
    void duplicateAndZeroColumnsFallBackToHouseholder() {
        float[] a = gaussian(ROWS, COLS, 2);
        System.arraycopy(a, 3 * ROWS, a, 7 * ROWS, ROWS); // column 7 = column 3
        Arrays.fill(a, 10 * ROWS, 11 * ROWS, 0f); // column 10 = 0
        float[] q = run(a, ROWS, COLS, TallQr.Route.HOUSEHOLDER);
        assertOrthonormalBasisOf(a, q, ROWS, COLS);
    }

    /** Condition number 1e6: beyond CholeskyQR2 in float, so the first pass's check sends it to Householder. */
    @Test
    void illConditionedMatrixFallsBackToHouseholder() {
        int m = 4000;
        int l = 12;
        double[] s = new double[l];
        for (int j = 0; j < l; j++) {
            s[j] = Math.pow(10.0, -6.0 * j / (l - 1));
        }
        float[] a = KnownSpectrum.of(m, l, s, 3).matrix().transpose().dup('c').data().asFloat(); // column-major
        float[] q = run(a, m, l, TallQr.Route.HOUSEHOLDER);
        assertOrthonormalBasisOf(a, q, m, l);
    }

    @Test
    void householderAloneGivesAnOrthonormalBasis() {
        float[] a = gaussian(ROWS, COLS, 4);
        float[] q;
        try (FloatPointer p = new FloatPointer(a)) {
            TallQr.householder(p, ROWS, COLS);
            q = new float[a.length];
            p.get(q);
        }
        assertOrthonormalBasisOf(a, q, ROWS, COLS);
    }

    @Test
    void sameInputGivesTheSameBits() {
        float[] a = gaussian(ROWS, COLS, 5);
        assertArrayEquals(run(a, ROWS, COLS, TallQr.Route.CHOLESKY_QR2), run(a, ROWS, COLS, TallQr.Route.CHOLESKY_QR2));
    }

    @Test
    void edgeShapes() {
        // R has a positive diagonal, so Q keeps the signs of the columns.
        assertArrayEquals(new float[] {-1f}, run(new float[] {-3f}, 1, 1, TallQr.Route.CHOLESKY_QR2), 1e-7f);
        float[] square = gaussian(5, 5, 6);
        assertOrthonormalBasisOf(square, run(square, 5, 5, null), 5, 5);
        float[] column = gaussian(100, 1, 7);
        assertOrthonormalBasisOf(column, run(column, 100, 1, TallQr.Route.CHOLESKY_QR2), 100, 1);
    }

    /** Orthonormalizes a copy of {@code a} (column-major {@code m x l}); checks the route unless null. */
    private static float[] run(float[] a, int m, int l, TallQr.Route expected) {
        try (FloatPointer p = new FloatPointer(a)) {
            TallQr.Route route = TallQr.orthonormalize(p, m, l);
            if (expected != null) {
                assertEquals(expected, route);
            }
            float[] q = new float[m * l];
            p.get(q);
            return q;
        }
    }

    /** Column-major Gaussian columns scaled by {@code 1 / (1 + j)}. */
    private static float[] gaussian(int m, int l, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[m * l];
        for (int j = 0; j < l; j++) {
            for (int i = 0; i < m; i++) {
                a[j * m + i] = (float) (random.nextGaussian() / (1 + j));
            }
        }
        return a;
    }

    /** {@code Q^T Q = I}, and column {@code k} of {@code a} lies in the span of the first {@code k + 1} of {@code q}. */
    private static void assertOrthonormalBasisOf(float[] a, float[] q, int m, int l) {
        for (int x = 0; x < l; x++) {
            for (int y = 0; y < l; y++) {
                double dot = 0.0;
                for (int i = 0; i < m; i++) {
                    dot += (double) q[x * m + i] * q[y * m + i];
                }
                assertEquals(x == y ? 1.0 : 0.0, dot, ORTHONORMALITY_TOL, "(Q^T Q)[" + x + "][" + y + "]");
            }
        }
        for (int k = 0; k < l; k++) {
            double[] residual = new double[m];
            double norm = 0.0;
            for (int i = 0; i < m; i++) {
                residual[i] = a[k * m + i];
                norm += residual[i] * residual[i];
            }
            for (int j = 0; j <= k; j++) {
                double c = 0.0;
                for (int i = 0; i < m; i++) {
                    c += q[j * m + i] * residual[i];
                }
                for (int i = 0; i < m; i++) {
                    residual[i] -= c * q[j * m + i];
                }
            }
            double left = 0.0;
            for (double v : residual) {
                left += v * v;
            }
            assertTrue(Math.sqrt(left) <= SPAN_TOL * Math.sqrt(norm), "column " + k + ": residual "
                    + Math.sqrt(left) + " of " + Math.sqrt(norm));
        }
    }
}
