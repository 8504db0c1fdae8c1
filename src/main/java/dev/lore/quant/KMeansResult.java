package dev.lore.quant;

import java.util.Objects;

/**
 * The outcome of {@link KMeans#fit}: centroids, the nearest centroid of every point, and the
 * inertia (sum of squared distances to the assigned centroids).
 *
 * @param centroids {@code [clusters, dimension]} row-major; held, not copied (callers must not modify it)
 * @param clusters number of centroids, {@code >= 1}
 * @param dimension length of a point, {@code >= 1}
 * @param assignments for each point the index of its nearest centroid (ties to the lowest index);
 *     held, not copied
 * @param inertia {@code sum_i ||x_i - c_{a_i}||^2} in double, finite and {@code >= 0}
 * @param iterations Lloyd iterations (centroid updates) run
 */
public record KMeansResult(float[] centroids, int clusters, int dimension, int[] assignments,
        double inertia, int iterations) {

    /**
     * Validates the shapes.
     *
     * @param centroids exactly {@code clusters * dimension} finite values
     * @param clusters {@code >= 1}
     * @param dimension {@code >= 1}
     * @param assignments each in {@code [0, clusters)}
     * @param inertia finite, {@code >= 0}
     * @param iterations {@code >= 0}
     * @throws IllegalArgumentException if a size or value is inconsistent
     * @throws NullPointerException if an array is null
     */
    public KMeansResult {
        Objects.requireNonNull(centroids, "centroids");
        Objects.requireNonNull(assignments, "assignments");
        if (clusters < 1 || dimension < 1 || (long) clusters * dimension != centroids.length) {
            throw new IllegalArgumentException("centroids must hold clusters x dimension = " + clusters + " x "
                    + dimension + " values, got " + centroids.length);
        }
        if (!(inertia >= 0.0) || Double.isInfinite(inertia)) {
            throw new IllegalArgumentException("inertia must be finite and >= 0, got " + inertia);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        for (int a : assignments) {
            if (a < 0 || a >= clusters) {
                throw new IllegalArgumentException("assignment must be in [0, " + clusters + "), got " + a);
            }
        }
    }
}
