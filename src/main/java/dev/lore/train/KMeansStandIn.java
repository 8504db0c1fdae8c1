package dev.lore.train;

import java.util.SplittableRandom;

/**
 * A small k-means for the codes of {@link CodedCompression}, to be replaced by
 * {@code dev.lore.quant}'s product quantizer: per sub-space, k-means++ seeding, Lloyd iterations,
 * empty clusters re-seeded on the point farthest from its centroid. Assignment by {@code ||c||^2 -
 * 2 x.c} with the centroid norms precomputed. Deterministic for a seed; stateless.
 */
final class KMeansStandIn {

    private KMeansStandIn() {}

    /**
     * Quantizes the row-major {@code [n, w]} matrix {@code x}: sub-space {@code m} covers columns
     * {@code [o_m, o_m + widths[m])}; writes codes ({@code [n, M]}) and codebooks (sub-space
     * {@code m}'s centroid {@code c} at {@code k o_m + c widths[m]}).
     */
    static void productQuantize(float[] x, int n, int w, int[] widths, int k, long seed, int iterations, int[] codes,
            float[] codebooks) {
        int m = widths.length;
        int o = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < m; s++) {
            int ws = widths[s];
            float[] sub = new float[n * ws];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * w + o, sub, i * ws, ws);
            }
            float[] c = new float[k * ws];
            int[] assign = new int[n];
            kmeans(sub, n, ws, k, rng.split(), iterations, c, assign);
            System.arraycopy(c, 0, codebooks, k * o, k * ws);
            for (int i = 0; i < n; i++) {
                codes[i * m + s] = assign[i];
            }
            o += ws;
        }
    }

    /** Lloyd's k-means of {@code n} points of width {@code w}; {@code k <= n}. */
    static void kmeans(float[] x, int n, int w, int k, SplittableRandom rng, int iterations, float[] c, int[] assign) {
        seed(x, n, w, k, rng, c);
        float[] norms = new float[k];
        float[] dist = new float[n];
        double[] sums = new double[k * w];
        int[] counts = new int[k];
        for (int it = 0; it <= iterations; it++) {
            assign(x, n, w, k, c, norms, assign, dist);
            if (it == iterations) {
                break;
            }
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int a = assign[i];
                counts[a]++;
                for (int j = 0; j < w; j++) {
                    sums[a * w + j] += x[i * w + j];
                }
            }
            for (int a = 0; a < k; a++) {
                if (counts[a] > 0) {
                    for (int j = 0; j < w; j++) {
                        c[a * w + j] = (float) (sums[a * w + j] / counts[a]);
                    }
                } else {
                    int far = 0;
                    for (int i = 1; i < n; i++) {
                        if (dist[i] > dist[far]) {
                            far = i;
                        }
                    }
                    System.arraycopy(x, far * w, c, a * w, w);
                    dist[far] = 0;
                }
            }
        }
    }

    /** k-means++ seeding. */
    private static void seed(float[] x, int n, int w, int k, SplittableRandom rng, float[] c) {
        int first = rng.nextInt(n);
        System.arraycopy(x, first * w, c, 0, w);
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = distance(x, i * w, c, 0, w);
        }
        for (int a = 1; a < k; a++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
            }
            int pick;
            if (total <= 0) {
                pick = rng.nextInt(n);
            } else {
                double u = rng.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= d2[i];
                    if (u <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, pick * w, c, a * w, w);
            for (int i = 0; i < n; i++) {
                double dd = distance(x, i * w, c, a * w, w);
                if (dd < d2[i]) {
                    d2[i] = dd;
                }
            }
        }
    }

    private static double distance(float[] x, int xo, float[] c, int co, int w) {
        double s = 0;
        for (int j = 0; j < w; j++) {
            double diff = x[xo + j] - c[co + j];
            s += diff * diff;
        }
        return s;
    }

    /** Nearest centroid of every point; {@code dist} gets the squared distances. */
    private static void assign(float[] x, int n, int w, int k, float[] c, float[] norms, int[] assign, float[] dist) {
        for (int a = 0; a < k; a++) {
            float s = 0;
            for (int j = 0; j < w; j++) {
                s += c[a * w + j] * c[a * w + j];
            }
            norms[a] = s;
        }
        float[] xi = new float[w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * w, xi, 0, w);
            float xx = 0;
            for (int j = 0; j < w; j++) {
                xx += xi[j] * xi[j];
            }
            int best = 0;
            float bestScore = Float.POSITIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                float dot = 0;
                int base = a * w;
                for (int j = 0; j < w; j++) {
                    dot += xi[j] * c[base + j];
                }
                float score = norms[a] - 2 * dot;
                if (score < bestScore) {
                    bestScore = score;
                    best = a;
                }
            }
            assign[i] = best;
            dist[i] = Math.max(0f, xx + bestScore);
        }
    }
}
