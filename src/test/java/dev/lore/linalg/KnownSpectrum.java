package dev.lore.linalg;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float matrix {@code E = U diag(s) V^T} built in double from random orthonormal {@code U}, {@code V}
 * (modified Gram-Schmidt on Gaussian matrices, done twice), so its singular values are known.
 */
public record KnownSpectrum(INDArray matrix, double[][] u, double[] s, double[][] v) {

    public static KnownSpectrum of(int rows, int cols, double[] s, long seed) {
        Random random = new Random(seed);
        int k = s.length;
        double[][] u = orthonormalColumns(rows, k, random);
        double[][] v = orthonormalColumns(cols, k, random);
        float[] e = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0.0;
                for (int t = 0; t < k; t++) {
                    sum += u[i][t] * s[t] * v[j][t];
                }
                e[i * cols + j] = (float) sum;
            }
        }
        return new KnownSpectrum(Nd4j.create(e, new long[] {rows, cols}, DataType.FLOAT), u, s, v);
    }

    /** {@code s_i = (1 + i)^-power} for {@code i < count}. */
    public static double[] decaying(int count, double power) {
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = Math.pow(1.0 + i, -power);
        }
        return s;
    }

    /** Eckart-Young: {@code sqrt(sum_{i>=r} s_i^2 / sum_i s_i^2)} (0-based). */
    public double optimalError(int r) {
        double tail = 0.0;
        double total = 0.0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            if (i >= r) {
                tail += s[i] * s[i];
            }
        }
        return Math.sqrt(tail / total);
    }

    private static double[][] orthonormalColumns(int n, int k, Random random) {
        double[][] q = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                q[i][j] = random.nextGaussian();
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0.0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i][j] * q[i][p];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i][j] -= dot * q[i][p];
                    }
                }
                double norm = 0.0;
                for (int i = 0; i < n; i++) {
                    norm += q[i][j] * q[i][j];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    q[i][j] /= norm;
                }
            }
        }
        return q;
    }

    /** {@code ||E - U diag(s) Vt||_F / ||E||_F} in double, by plain loops (0 when E = 0 and the product is 0). */
    public static double relativeError(INDArray e, INDArray u, double[] s, INDArray vt) {
        int rows = (int) e.rows();
        int cols = (int) e.columns();
        int r = (int) u.columns();
        float[] ev = e.dup('c').data().asFloat();
        float[] uv = u.dup('c').data().asFloat();
        float[] vv = vt.dup('c').data().asFloat();
        double num = 0.0;
        double den = 0.0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double approx = 0.0;
                for (int t = 0; t < r; t++) {
                    approx += (double) uv[i * r + t] * s[t] * vv[t * cols + j];
                }
                double x = ev[i * cols + j];
                num += (x - approx) * (x - approx);
                den += x * x;
            }
        }
        return den == 0.0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    /** Largest {@code |(M M^T - I)_ij|} over the rows of {@code m} (a {@code k x n} matrix). */
    public static double rowOrthonormalityError(INDArray m) {
        int k = (int) m.rows();
        int n = (int) m.columns();
        float[] a = m.dup('c').data().asFloat();
        double worst = 0.0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double dot = 0.0;
                for (int t = 0; t < n; t++) {
                    dot += (double) a[i * n + t] * a[j * n + t];
                }
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1.0 : 0.0)));
            }
        }
        return worst;
    }
}
