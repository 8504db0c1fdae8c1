package dev.lore.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KMeansTest {

    /** Float rounding of {@code ||c||^2 - 2 x.c} relative to the squared magnitudes involved. */
    private static final double FLOAT_DISTANCE = 1e-5;

    private static float[] gaussian(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double dist(float[] x, int i, float[] c, int j, int dim) {
        double s = 0;
        for (int t = 0; t < dim; t++) {
            double d = (double) x[i * dim + t] - c[j * dim + t];
            s += d * d;
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 5", "7, 3, 2", "50, 10, 16", "3000, 4, 256"})
    void assignmentIsTheNearestCentroidOfABruteForceSearch(int n, int dim, int k) {
        float[] x = gaussian(n, dim, n * 31L + k);
        float[] c = gaussian(k, dim, k * 17L + dim);
        for (int threads : new int[] {1, 2}) {
            int[] labels = KMeans.assign(x, n, dim, c, k, threads);
            for (int i = 0; i < n; i++) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < k; j++) {
                    best = Math.min(best, dist(x, i, c, j, dim));
                }
                double got = dist(x, i, c, labels[i], dim);
                assertTrue(got <= best + FLOAT_DISTANCE * (1 + best + 2 * dim), "point " + i + ": " + got + " > " + best);
            }
        }
    }

    /** Lowest inertia over every labelling of {@code n} points into at most {@code k} clusters. */
    private static double bruteForceOptimum(float[] x, int n, int dim, int k) {
        int[] labels = new int[n];
        double best = Double.MAX_VALUE;
        int total = (int) Math.pow(k, n);
        for (int code = 0; code < total; code++) {
            int c = code;
            for (int i = 0; i < n; i++) {
                labels[i] = c % k;
                c /= k;
            }
            double[] sums = new double[k * dim];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[labels[i]]++;
                for (int t = 0; t < dim; t++) {
                    sums[labels[i] * dim + t] += x[i * dim + t];
                }
            }
            double inertia = 0;
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < dim; t++) {
                    double mean = sums[labels[i] * dim + t] / counts[labels[i]];
                    double d = x[i * dim + t] - mean;
                    inertia += d * d;
                }
            }
            best = Math.min(best, inertia);
        }
        return best;
    }

    @ParameterizedTest
    @CsvSource({"8, 2, 2, 1", "8, 3, 3, 2", "7, 1, 3, 3", "9, 2, 3, 4"})
    void reachesTheBruteForceOptimumOnSmallInputs(int n, int dim, int k, long seed) {
        float[] x = gaussian(n, dim, seed);
        double optimum = bruteForceOptimum(x, n, dim, k);
        double bestFound = Double.MAX_VALUE;
        for (long s = 0; s < 10; s++) {
            KMeansResult r = KMeans.fit(x, n, dim, new KMeansConfig(k, 100, 0.0, s, 1));
            assertTrue(r.inertia() >= optimum - 1e-5, r.inertia() + " below the optimum " + optimum);
            bestFound = Math.min(bestFound, r.inertia());
            assertFixedPoint(x, n, dim, r);
        }
        assertEquals(optimum, bestFound, 1e-5 * (1 + optimum));
    }

    /** Every point at its nearest centroid, every non-empty centroid at the mean of its points, inertia consistent. */
    private static void assertFixedPoint(float[] x, int n, int dim, KMeansResult r) {
        int k = r.clusters();
        float[] c = r.centroids();
        double inertia = 0;
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int l = r.assignments()[i];
            double got = dist(x, i, c, l, dim);
            inertia += got;
            for (int j = 0; j < k; j++) {
                assertTrue(got <= dist(x, i, c, j, dim) + 1e-5);
            }
            counts[l]++;
            for (int t = 0; t < dim; t++) {
                sums[l * dim + t] += x[i * dim + t];
            }
        }
        assertEquals(inertia, r.inertia(), 1e-4 * (1 + inertia));
        for (int j = 0; j < k; j++) {
            for (int t = 0; counts[j] > 0 && t < dim; t++) {
                assertEquals(sums[j * dim + t] / counts[j], c[j * dim + t], 1e-4);
            }
        }
    }

    @Test
    void recoversKnownClusters() {
        int k = 5;
        int dim = 3;
        int per = 200;
        Random r = new Random(7);
        float[] centers = new float[k * dim];
        for (int j = 0; j < k; j++) {
            centers[j * dim + j % dim] = 10f * (j + 1);
        }
        float[] x = new float[k * per * dim];
        int[] truth = new int[k * per];
        for (int i = 0; i < k * per; i++) {
            int j = (i * 7) % k; // interleaved, not sorted
            truth[i] = j;
            for (int t = 0; t < dim; t++) {
                x[i * dim + t] = centers[j * dim + t] + (float) (0.3 * r.nextGaussian());
            }
        }
        KMeansResult res = KMeans.fit(x, k * per, dim, new KMeansConfig(k, 50, 1e-6, 3, 2));
        int[] map = new int[k];
        java.util.Arrays.fill(map, -1);
        for (int i = 0; i < k * per; i++) {
            int l = res.assignments()[i];
            if (map[truth[i]] < 0) {
                map[truth[i]] = l;
            }
            assertEquals(map[truth[i]], l, "point " + i + " of cluster " + truth[i]);
        }
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < dim; t++) {
                assertEquals(centers[j * dim + t], res.centroids()[map[j] * dim + t], 0.1);
            }
        }
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        int n = 3 * KMeans.BLOCK + 17;
        float[] x = gaussian(n, 6, 11);
        KMeansResult one = KMeans.fit(x, n, 6, new KMeansConfig(32, 10, 0.0, 5, 1));
        KMeansResult two = KMeans.fit(x, n, 6, new KMeansConfig(32, 10, 0.0, 5, 2));
        assertArrayEquals(one.centroids(), two.centroids());
        assertArrayEquals(one.assignments(), two.assignments());
        assertEquals(one.inertia(), two.inertia(), 0.0);
    }

    @Test
    void fewerDistinctPointsThanClustersLeavesNoNonFiniteCentroid() {
        float[] x = {0, 0, 1, 1, 0, 0, 1, 1, 5, 5, 0, 0, 5, 5, 1, 1};
        KMeansResult r = KMeans.fit(x, 8, 2, new KMeansConfig(6, 20, 0.0, 1, 1));
        for (float v : r.centroids()) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(0.0, r.inertia(), 1e-9);
        float[] same = new float[20];
        KMeansResult z = KMeans.fit(same, 10, 2, new KMeansConfig(4, 5, 0.0, 1, 1));
        assertEquals(0.0, z.inertia(), 0.0);
    }

    @Test
    void emptyClustersAreReseededWithTheFarthestPoints() {
        // Two centroids start on the same cluster of points: one of them is emptied and must move to the outlier.
        float[] x = {0f, 0f, 0f, 100f};
        try (Parallel par = new Parallel(1)) {
            KMeans.Lloyd run = KMeans.run(x, 4, 1, new KMeansConfig(2, 3, 0.0, 0, 1), new float[] {0f, 0f}, true, par);
            assertEquals(0.0, run.inertia, 1e-9);
            float lo = Math.min(run.centroids[0], run.centroids[1]);
            float hi = Math.max(run.centroids[0], run.centroids[1]);
            assertEquals(0f, lo, 0f);
            assertEquals(100f, hi, 0f);
        }
    }

    @Test
    void badParametersAreRejectedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KMeansConfig(0, 5, 0, 0, 1));
        assertTrue(e.getMessage().contains("clusters") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KMeansConfig(2, 5, 1.5, 0, 1));
        assertTrue(e.getMessage().contains("tolerance") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KMeansConfig(2, 5, 0, 0, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(new float[6], 3, 2, KMeansConfig.of(4, 0)));
        assertTrue(e.getMessage().contains("clusters") && e.getMessage().contains("4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(new float[] {1, Float.NaN, 0, 0}, 2, 2, KMeansConfig.of(1, 0)));
        assertTrue(e.getMessage().contains("points[0][1]") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new float[5], 3, 2, KMeansConfig.of(1, 0)));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }
}
