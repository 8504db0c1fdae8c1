package dev.lore.quant;

import java.util.Objects;

/**
 * Settings of {@link ProductQuantizer} (Jegou, Douze and Schmid, TPAMI 2011): the columns split into
 * {@code subspaces} equal sub-spaces, each with a codebook of {@code 2^bits} centroids learned by
 * {@link KMeans}.
 *
 * @param subspaces number of sub-spaces {@code M}, in {@code [1, 4096]}; must divide the matrix's
 *     number of columns (checked when quantizing)
 * @param bits bits per code {@code b}, in {@code [1, 8]}: {@code 2^b} centroids per sub-space
 * @param rotation the rotation applied first, not null
 * @param iterations Lloyd iterations of the final k-means in every sub-space, in {@code [0, 10000]}
 * @param tolerance relative inertia improvement below which k-means stops, in {@code [0, 1)}
 * @param opqIterations alternations of {@link PqRotation#OPQ} (each 4 k-means iterations and one
 *     Procrustes step), in {@code [0, 1000]}; ignored for the other rotations
 * @param trainingRows rows sampled (without replacement, by the seed) to learn the rotation and the
 *     codebooks, {@code >= 0}; 0 means {@code 256 * 2^bits} (faiss' cap of 256 points per centroid);
 *     all rows when the matrix has fewer. Every row is encoded
 * @param seed seed of the sample and of every k-means++ seeding
 * @param threads threads for assignment and encoding, in {@code [1, 256]}; the result does not depend on it
 */
public record ProductQuantizationConfig(int subspaces, int bits, PqRotation rotation, int iterations,
        double tolerance, int opqIterations, int trainingRows, long seed, int threads) {

    /** Smallest bit width of a code. */
    public static final int MIN_BITS = 1;
    /** Largest bit width of a code. */
    public static final int MAX_BITS = 8;
    /** Largest number of sub-spaces. */
    public static final int MAX_SUBSPACES = 4096;
    /** k-means iterations per OPQ alternation (faiss' {@code niter_pq}). */
    public static final int OPQ_KMEANS_ITERATIONS = 4;

    /**
     * Validates the settings.
     *
     * @param subspaces in {@code [1, 4096]}
     * @param bits in {@code [1, 8]}
     * @param rotation not null
     * @param iterations in {@code [0, 10000]}
     * @param tolerance in {@code [0, 1)}
     * @param opqIterations in {@code [0, 1000]}
     * @param trainingRows {@code >= 0}
     * @param seed any value
     * @param threads in {@code [1, 256]}
     * @throws IllegalArgumentException naming the parameter and value if one is out of range
     * @throws NullPointerException if {@code rotation} is null
     */
    public ProductQuantizationConfig {
        if (subspaces < 1 || subspaces > MAX_SUBSPACES) {
            throw new IllegalArgumentException("subspaces must be in [1, " + MAX_SUBSPACES + "], got " + subspaces);
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + MIN_BITS + ", " + MAX_BITS + "], got " + bits);
        }
        Objects.requireNonNull(rotation, "rotation");
        if (iterations < 0 || iterations > 10_000) {
            throw new IllegalArgumentException("iterations must be in [0, 10000], got " + iterations);
        }
        if (!(tolerance >= 0.0 && tolerance < 1.0)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        if (opqIterations < 0 || opqIterations > 1000) {
            throw new IllegalArgumentException("opqIterations must be in [0, 1000], got " + opqIterations);
        }
        if (trainingRows < 0) {
            throw new IllegalArgumentException("trainingRows must be >= 0, got " + trainingRows);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
    }

    /**
     * {@code subspaces} sub-spaces of {@code 2^bits} centroids, no rotation, 25 k-means iterations
     * (faiss' default) with tolerance {@code 1e-4}, 10 OPQ alternations if OPQ is chosen later, the
     * default sample, seed 0, one thread.
     *
     * @param subspaces in {@code [1, 4096]}
     * @param bits in {@code [1, 8]}
     * @return the settings
     * @throws IllegalArgumentException naming the parameter and value if one is out of range
     */
    public static ProductQuantizationConfig of(int subspaces, int bits) {
        return new ProductQuantizationConfig(subspaces, bits, PqRotation.NONE, 25, 1e-4, 10, 0, 0L, 1);
    }

    /**
     * A copy with another rotation; this one is unchanged.
     *
     * @param r not null
     * @return the new settings
     * @throws NullPointerException if {@code r} is null
     */
    public ProductQuantizationConfig withRotation(PqRotation r) {
        return new ProductQuantizationConfig(subspaces, bits, r, iterations, tolerance, opqIterations,
                trainingRows, seed, threads);
    }

    /**
     * A copy with other k-means iterations and tolerance; this one is unchanged.
     *
     * @param n iterations, in {@code [0, 10000]}
     * @param tol tolerance, in {@code [0, 1)}
     * @return the new settings
     * @throws IllegalArgumentException if a value is out of range
     */
    public ProductQuantizationConfig withIterations(int n, double tol) {
        return new ProductQuantizationConfig(subspaces, bits, rotation, n, tol, opqIterations, trainingRows,
                seed, threads);
    }

    /**
     * A copy with another number of OPQ alternations; this one is unchanged.
     *
     * @param n in {@code [0, 1000]}
     * @return the new settings
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public ProductQuantizationConfig withOpqIterations(int n) {
        return new ProductQuantizationConfig(subspaces, bits, rotation, iterations, tolerance, n, trainingRows,
                seed, threads);
    }

    /**
     * A copy with another training sample size; this one is unchanged.
     *
     * @param n {@code >= 0}, 0 for the default
     * @return the new settings
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public ProductQuantizationConfig withTrainingRows(int n) {
        return new ProductQuantizationConfig(subspaces, bits, rotation, iterations, tolerance, opqIterations, n,
                seed, threads);
    }

    /**
     * A copy with another seed; this one is unchanged.
     *
     * @param s any value
     * @return the new settings
     */
    public ProductQuantizationConfig withSeed(long s) {
        return new ProductQuantizationConfig(subspaces, bits, rotation, iterations, tolerance, opqIterations,
                trainingRows, s, threads);
    }

    /**
     * A copy with another thread count; this one is unchanged.
     *
     * @param n in {@code [1, 256]}
     * @return the new settings
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public ProductQuantizationConfig withThreads(int n) {
        return new ProductQuantizationConfig(subspaces, bits, rotation, iterations, tolerance, opqIterations,
                trainingRows, seed, n);
    }

    /**
     * Number of centroids per sub-space.
     *
     * @return {@code 2^bits}
     */
    public int centroids() {
        return 1 << bits;
    }

    /**
     * Rows used for training out of {@code rows}.
     *
     * @param rows rows of the matrix, {@code >= 1}
     * @return {@code min(rows, trainingRows)}, or {@code min(rows, 256 * 2^bits)} when {@code trainingRows == 0}
     */
    public int trainingRowsFor(int rows) {
        return Math.min(rows, trainingRows == 0 ? 256 * centroids() : trainingRows);
    }
}
