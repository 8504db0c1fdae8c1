package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Gram route on more rows than one accumulation block ({@link GramSvd#BLOCK_ROWS}), against an
 * oracle computed independently here: the Gram matrix summed row by row in double from the same
 * float values, and its eigenvalues by cyclic Jacobi rotations.
 */
class GramSvdTest {

    /** Three full blocks and a partial one. */
    private static final int ROWS = 3 * GramSvd.BLOCK_ROWS + 1696;
    private static final int COLS = 12;
    /** Float products summed in float within a block: about 1e-7 per entry, amplified by the spectrum. */
    private static final double MIXED_TOLERANCE = 1e-5;
    private static final double DOUBLE_TOLERANCE = 1e-10;
    /** A kept singular value is the norm of {@code E v} computed in float. */
    private static final double KEPT_TOLERANCE = 1e-6;

    @Test
    void blocksAccumulateToTheOracle() {
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 17);
        double[] oracle = oracleSingularValues(k);
        for (GramPrecision p : new GramPrecision[] {GramPrecision.MIXED, GramPrecision.DOUBLE}) {
            // Rank 1: the kept value is measured again as |E v| in float; the others come from the
            // eigenvalues of the accumulated Gram matrix, which is what is tested.
            SvdResult r = new SvdMethod.Gram(p).algorithm().compute(k.matrix(), RankRule.rank(1));
            double tolerance = p == GramPrecision.MIXED ? MIXED_TOLERANCE : DOUBLE_TOLERANCE;
            double[] s = r.singularValues();
            assertEquals(COLS, s.length);
            assertEquals(oracle[0], s[0], KEPT_TOLERANCE * oracle[0], p + " kept singular value");
            for (int i = 1; i < COLS; i++) {
                assertEquals(oracle[i], s[i], tolerance * oracle[0], p + " singular value " + i);
            }
            double trace = 0;
            for (double v : oracle) {
                trace += v * v;
            }
            assertEquals(trace, r.squaredNorm(), tolerance * trace, p + " squared norm");
        }
    }

    @Test
    void droppingABlockWouldBeSeen() {
        // The oracle is sensitive to every block: leaving out the last, partial one moves the
        // spectrum by far more than the tolerance above.
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 17);
        double[] all = oracleSingularValues(k);
        double[] partial = singularValues(gram(k, ROWS - 1696));
        assertTrue(Math.abs(all[0] - partial[0]) > 100 * MIXED_TOLERANCE * all[0],
                Arrays.toString(all) + " vs " + Arrays.toString(partial));
    }

    private static double[] oracleSingularValues(KnownSpectrum k) {
        return singularValues(gram(k, ROWS));
    }

    /** {@code X^T X} of the first {@code rows} rows, in double, one row at a time. */
    private static double[][] gram(KnownSpectrum k, int rows) {
        FloatBuffer x = k.matrix().data().asNioFloat();
        double[][] g = new double[COLS][COLS];
        double[] row = new double[COLS];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < COLS; j++) {
                row[j] = x.get(i * COLS + j);
            }
            for (int a = 0; a < COLS; a++) {
                for (int b = 0; b < COLS; b++) {
                    g[a][b] += row[a] * row[b];
                }
            }
        }
        return g;
    }

    /** Square roots of the eigenvalues of a symmetric matrix, descending (cyclic Jacobi). */
    private static double[] singularValues(double[][] sym) {
        int n = sym.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = sym[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < n; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                }
            }
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.sqrt(Math.max(0, a[i][i]));
        }
        Arrays.sort(s);
        for (int i = 0; i < n / 2; i++) {
            double tmp = s[i];
            s[i] = s[n - 1 - i];
            s[n - 1 - i] = tmp;
        }
        return s;
    }
}
