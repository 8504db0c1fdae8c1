package dev.lore.quant;

/**
 * Settings of {@link KMeans}: k-means++ seeding (Arthur and Vassilvitskii, SODA 2007) with the
 * given seed, then Lloyd iterations until the inertia improves by less than {@code tolerance}
 * relative to its previous value, or {@code maxIterations} updates are done.
 *
 * @param clusters number of centroids {@code k}, in {@code [1, 65536]}
 * @param maxIterations most Lloyd iterations (assignment then centroid update), in {@code [0, 10000]};
 *     0 keeps the k-means++ seeds
 * @param tolerance stop when {@code (previous - current) <= tolerance * previous} for the inertia,
 *     finite and in {@code [0, 1)}; 0 runs until the assignment stops changing the inertia at all
 * @param seed seed of the k-means++ draws; equal seeds give equal results
 * @param threads threads used for the assignment step, in {@code [1, 256]}; the result does not
 *     depend on it
 */
public record KMeansConfig(int clusters, int maxIterations, double tolerance, long seed, int threads) {

    /** Largest number of clusters. */
    public static final int MAX_CLUSTERS = 65536;

    /**
     * Validates the settings.
     *
     * @param clusters in {@code [1, 65536]}
     * @param maxIterations in {@code [0, 10000]}
     * @param tolerance finite, in {@code [0, 1)}
     * @param seed any value
     * @param threads in {@code [1, 256]}
     * @throws IllegalArgumentException naming the parameter and value if one is out of range
     */
    public KMeansConfig {
        if (clusters < 1 || clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("clusters must be in [1, " + MAX_CLUSTERS + "], got " + clusters);
        }
        if (maxIterations < 0 || maxIterations > 10_000) {
            throw new IllegalArgumentException("maxIterations must be in [0, 10000], got " + maxIterations);
        }
        if (!(tolerance >= 0.0 && tolerance < 1.0)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
    }

    /**
     * {@code clusters} centroids, 25 iterations (faiss' default), tolerance {@code 1e-4}, one thread.
     *
     * @param clusters in {@code [1, 65536]}
     * @param seed seed of the k-means++ draws
     * @return the settings
     * @throws IllegalArgumentException if {@code clusters} is out of range
     */
    public static KMeansConfig of(int clusters, long seed) {
        return new KMeansConfig(clusters, 25, 1e-4, seed, 1);
    }

    /**
     * A copy with another thread count; this one is unchanged.
     *
     * @param n in {@code [1, 256]}
     * @return the new settings
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public KMeansConfig withThreads(int n) {
        return new KMeansConfig(clusters, maxIterations, tolerance, seed, n);
    }
}
