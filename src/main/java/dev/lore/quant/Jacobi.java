package dev.lore.quant;

/**
 * One-sided Jacobi SVD (Hestenes) of small square matrices in double, for rotations: a {@code d x d}
 * problem with {@code d} in the hundreds takes milliseconds. Stateless.
 */
final class Jacobi {

    private static final int MAX_SWEEPS = 60;

    private Jacobi() {}

    /** The factors of {@code A = U diag(s) W^T}, singular values in descending order. */
    record Svd(double[] u, double[] s, double[] w, int n) {}

    /** SVD of the row-major {@code n x n} matrix {@code a} (not modified). */
    static Svd svd(double[] a, int n) {
        double[] x = a.clone(); // columns orthogonalized in place: x = A W
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            w[i * n + i] = 1.0;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int i = 0; i < n; i++) {
                        double xp = x[i * n + p];
                        double xq = x[i * n + q];
                        alpha += xp * xp;
                        beta += xq * xq;
                        gamma += xp * xq;
                    }
                    if (gamma == 0.0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0.0) {
                        t = 1.0;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    rotate(x, n, p, q, c, s);
                    rotate(w, n, p, q, c, s);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x[i * n + j] * x[i * n + j];
            }
            s[j] = Math.sqrt(sum);
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(s[j], s[i]));
        double[] u = new double[n * n];
        double[] ws = new double[n * n];
        double[] ss = new double[n];
        double tiny = s[order[0]] * 1e-12;
        for (int k = 0; k < n; k++) {
            int j = order[k];
            ss[k] = s[j];
            for (int i = 0; i < n; i++) {
                ws[i * n + k] = w[i * n + j];
                u[i * n + k] = s[j] > tiny && s[j] > 0 ? x[i * n + j] / s[j] : 0.0;
            }
        }
        complete(u, n, ss, tiny);
        return new Svd(u, ss, ws, n);
    }

    /** Replaces the columns of {@code u} whose singular value is negligible by an orthonormal completion. */
    private static void complete(double[] u, int n, double[] s, double tiny) {
        int e = 0;
        for (int k = 0; k < n; k++) {
            if (s[k] > tiny && s[k] > 0) {
                continue;
            }
            while (e < n) {
                double[] v = new double[n];
                v[e++] = 1.0;
                for (int pass = 0; pass < 2; pass++) {
                    for (int j = 0; j < n; j++) {
                        if (j == k || (j > k && !(s[j] > tiny && s[j] > 0))) {
                            continue;
                        }
                        double dot = 0;
                        for (int i = 0; i < n; i++) {
                            dot += u[i * n + j] * v[i];
                        }
                        for (int i = 0; i < n; i++) {
                            v[i] -= dot * u[i * n + j];
                        }
                    }
                }
                double norm = 0;
                for (double vi : v) {
                    norm += vi * vi;
                }
                norm = Math.sqrt(norm);
                if (norm > 0.5) {
                    for (int i = 0; i < n; i++) {
                        u[i * n + k] = v[i] / norm;
                    }
                    break;
                }
            }
        }
    }

    private static void rotate(double[] m, int n, int p, int q, double c, double s) {
        for (int i = 0; i < n; i++) {
            double mp = m[i * n + p];
            double mq = m[i * n + q];
            m[i * n + p] = c * mp - s * mq;
            m[i * n + q] = s * mp + c * mq;
        }
    }

    /** The orthogonal {@code R} minimizing {@code ||X R - Y||_F}: {@code U W^T} for {@code X^T Y = U S W^T}. */
    static double[] procrustes(double[] xty, int n) {
        Svd f = svd(xty, n);
        double[] r = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += f.u[i * n + k] * f.w[j * n + k];
                }
                r[i * n + j] = sum;
            }
        }
        return r;
    }
}
