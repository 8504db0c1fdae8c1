package dev.lore.quant;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii, SODA 2007), the codebook
 * learner of product quantization. Stateless and thread-safe; each call uses {@link
 * KMeansConfig#threads()} threads of its own.
 *
 * <p>Seeding: the first centroid is a point drawn uniformly, each next one a point drawn with
 * probability proportional to its squared distance to the nearest centroid so far (uniformly when
 * every distance is 0). Then each iteration assigns every point to its nearest centroid, by
 * {@code argmin_k ||c_k||^2 - 2 x.c_k} with the norms precomputed (ties to the lowest index), and
 * moves every centroid to the mean of its points (sums in double). A cluster left empty is
 * re-seeded with the point farthest from its own centroid (distinct points for distinct empty
 * clusters, in cluster order). Iterations stop after {@link KMeansConfig#maxIterations()} updates,
 * or once an assignment's inertia improves on the previous one by at most {@code tolerance} times
 * the previous one. A final assignment makes the returned labels and inertia those of the returned
 * centroids. Points are split into blocks of fixed size whose partial sums are added in block order,
 * so the result is the same for every thread count.
 */
public final class KMeans {

    /** Points per assignment task. */
    static final int BLOCK = 1024;

    private KMeans() {}

    /**
     * Clusters {@code count} points of length {@code dimension}. The input is not modified.
     *
     * @param points {@code [count, dimension]} row-major finite values
     * @param count number of points, {@code >= config.clusters()}
     * @param dimension length of a point, {@code >= 1}
     * @param config clusters, iterations, tolerance, seed and threads; not null
     * @return the centroids, every point's nearest centroid and the inertia
     * @throws IllegalArgumentException if the sizes disagree, a value is not finite, or there are
     *     fewer points than clusters
     * @throws NullPointerException if an argument is null
     */
    public static KMeansResult fit(float[] points, int count, int dimension, KMeansConfig config) {
        Objects.requireNonNull(config, "config");
        checkPoints(points, count, dimension);
        if (count < config.clusters()) {
            throw new IllegalArgumentException("clusters must be <= the number of points " + count + ", got "
                    + config.clusters());
        }
        try (Parallel par = new Parallel(config.threads())) {
            Lloyd run = run(points, count, dimension, config, null, true, par);
            return new KMeansResult(run.centroids, config.clusters(), dimension, run.labels, run.inertia,
                    run.iterations);
        }
    }

    /**
     * Clusters the rows of a matrix; see {@link #fit(float[], int, int, KMeansConfig)}.
     *
     * @param points a 2-d {@code [count, dimension]} matrix of finite values, any data type (read
     *     as float); not modified
     * @param config the settings, not null
     * @return the result, as {@link #fit(float[], int, int, KMeansConfig)}
     * @throws IllegalArgumentException if {@code points} is not a non-empty 2-d matrix of finite
     *     values with at least {@code clusters} rows
     * @throws NullPointerException if an argument is null
     */
    public static KMeansResult fit(INDArray points, KMeansConfig config) {
        Objects.requireNonNull(points, "points");
        if (points.rank() != 2) {
            throw new IllegalArgumentException("points must be a 2-d matrix, got rank " + points.rank());
        }
        float[] v = points.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return fit(v, Math.toIntExact(points.rows()), Math.toIntExact(points.columns()), config);
    }

    /**
     * The nearest centroid of every point, by {@code argmin_k ||c_k||^2 - 2 x.c_k} in float, ties
     * to the lowest index. Thread-safe; the inputs are not modified.
     *
     * @param points {@code [count, dimension]} row-major finite values
     * @param count number of points, {@code >= 1}
     * @param dimension length of a point and a centroid, {@code >= 1}
     * @param centroids {@code [clusters, dimension]} row-major finite values
     * @param clusters number of centroids, {@code >= 1}
     * @param threads threads to use, in {@code [1, 256]}
     * @return a new array of {@code count} indices in {@code [0, clusters)}
     * @throws IllegalArgumentException if sizes disagree, a value is not finite or {@code threads}
     *     is out of range
     */
    public static int[] assign(float[] points, int count, int dimension, float[] centroids, int clusters,
            int threads) {
        checkPoints(points, count, dimension);
        checkPoints(centroids, clusters, dimension);
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
        int[] labels = new int[count];
        float[] dists = new float[count];
        try (Parallel par = new Parallel(threads)) {
            assignAll(points, count, dimension, centroids, clusters, labels, dists, par);
        }
        return labels;
    }

    static void checkPoints(float[] points, int count, int dimension) {
        Objects.requireNonNull(points, "points");
        if (count < 1 || dimension < 1 || (long) count * dimension != points.length) {
            throw new IllegalArgumentException("points must hold count x dimension = " + count + " x " + dimension
                    + " values (both >= 1), got " + points.length);
        }
        for (int i = 0; i < points.length; i++) {
            if (!Float.isFinite(points[i])) {
                throw new IllegalArgumentException("points[" + (i / dimension) + "][" + (i % dimension)
                        + "] must be finite, got " + points[i]);
            }
        }
    }

    /** State of one run. */
    static final class Lloyd {
        float[] centroids;
        int[] labels;
        float[] dists;
        double inertia;
        int iterations;
    }

    /**
     * The k-means loop on checked input. {@code initial} (may be null) replaces the seeding;
     * without {@code finalAssign} the labels belong to the centroids before the last update.
     */
    static Lloyd run(float[] x, int n, int dim, KMeansConfig cfg, float[] initial, boolean finalAssign,
            Parallel par) {
        int k = cfg.clusters();
        Lloyd s = new Lloyd();
        s.centroids = initial != null ? initial.clone() : seed(x, n, dim, k, cfg.seed(), par);
        s.labels = new int[n];
        s.dists = new float[n];
        double prev = Double.POSITIVE_INFINITY;
        boolean assigned = false;
        for (int it = 0; it < cfg.maxIterations(); it++) {
            double inertia = assignAll(x, n, dim, s.centroids, k, s.labels, s.dists, par);
            assigned = true;
            s.inertia = inertia;
            if (it > 0 && prev - inertia <= cfg.tolerance() * prev) {
                break;
            }
            prev = inertia;
            update(x, n, dim, k, s);
            s.iterations++;
            assigned = false;
        }
        if (!assigned && (finalAssign || cfg.maxIterations() == 0)) {
            s.inertia = assignAll(x, n, dim, s.centroids, k, s.labels, s.dists, par);
        }
        return s;
    }

    /** k-means++ seeding. */
    static float[] seed(float[] x, int n, int dim, int k, long seed, Parallel par) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] c = new float[k * dim];
        float[] minD = new float[n];
        float[] scratch = new float[n];
        float[][] xt = transpose(x, n, dim);
        int first = rng.nextInt(n);
        System.arraycopy(x, first * dim, c, 0, dim);
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        updateMin(xt, n, dim, c, 0, minD, scratch, true, partial, par);
        for (int j = 1; j < k; j++) {
            double total = 0.0;
            for (double p : partial) {
                total += p;
            }
            int pick;
            if (!(total > 0.0)) {
                pick = rng.nextInt(n);
            } else {
                double r = rng.nextDouble() * total;
                int b = 0;
                while (b < blocks - 1 && r >= partial[b]) {
                    r -= partial[b];
                    b++;
                }
                pick = -1;
                for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
                    if (minD[i] > 0f) {
                        pick = i;
                        r -= minD[i];
                        if (r < 0.0) {
                            break;
                        }
                    }
                }
                if (pick < 0) {
                    pick = rng.nextInt(n); // rounding left a block without weight
                }
            }
            System.arraycopy(x, pick * dim, c, j * dim, dim);
            updateMin(xt, n, dim, c, j, minD, scratch, false, partial, par);
        }
        return c;
    }

    /** The columns of row-major {@code x [n, dim]} as {@code dim} arrays of {@code n}. */
    private static float[][] transpose(float[] x, int n, int dim) {
        float[][] xt = new float[dim][n];
        for (int i = 0; i < n; i++) {
            int xo = i * dim;
            for (int t = 0; t < dim; t++) {
                xt[t][i] = x[xo + t];
            }
        }
        return xt;
    }

    /**
     * Lowers {@code minD} to the squared distances to centroid {@code j} and writes each block's
     * sum of {@code minD}. The distance of point {@code i} is {@code sum_t (x_it - c_jt)^2} added in
     * dimension order in float; the loops run over points, one array per dimension, so that the JIT
     * vectorizes them.
     */
    private static void updateMin(float[][] xt, int n, int dim, float[] c, int j, float[] minD, float[] scratch,
            boolean first, double[] partial, Parallel par) {
        int blocks = partial.length;
        int co = j * dim;
        par.forEach(blocks, b -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            int t = 0;
            while (t < dim) {
                int step = Math.min(4, dim - t);
                boolean start = t == 0;
                switch (step) {
                    case 4 -> squares4(scratch, start, xt[t], xt[t + 1], xt[t + 2], xt[t + 3], c[co + t],
                            c[co + t + 1], c[co + t + 2], c[co + t + 3], from, to);
                    case 3 -> squares3(scratch, start, xt[t], xt[t + 1], xt[t + 2], c[co + t], c[co + t + 1],
                            c[co + t + 2], from, to);
                    case 2 -> squares2(scratch, start, xt[t], xt[t + 1], c[co + t], c[co + t + 1], from, to);
                    default -> squares1(scratch, start, xt[t], c[co + t], from, to);
                }
                t += step;
            }
            double sum = 0.0;
            for (int i = from; i < to; i++) {
                float d = scratch[i];
                if (first || d < minD[i]) {
                    minD[i] = d;
                }
                sum += minD[i];
            }
            partial[b] = sum;
        });
    }

    // d[i] = (start ? 0 : d[i]) + (x0[i] - c0)^2 + ..., added left to right as the scalar loop would.
    private static void squares4(float[] d, boolean start, float[] x0, float[] x1, float[] x2, float[] x3, float c0,
            float c1, float c2, float c3, int from, int to) {
        if (start) {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                float e2 = x2[i] - c2;
                float e3 = x3[i] - c3;
                d[i] = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
            }
        } else {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                float e2 = x2[i] - c2;
                float e3 = x3[i] - c3;
                d[i] = d[i] + e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
            }
        }
    }

    private static void squares3(float[] d, boolean start, float[] x0, float[] x1, float[] x2, float c0, float c1,
            float c2, int from, int to) {
        if (start) {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                float e2 = x2[i] - c2;
                d[i] = e0 * e0 + e1 * e1 + e2 * e2;
            }
        } else {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                float e2 = x2[i] - c2;
                d[i] = d[i] + e0 * e0 + e1 * e1 + e2 * e2;
            }
        }
    }

    private static void squares2(float[] d, boolean start, float[] x0, float[] x1, float c0, float c1, int from,
            int to) {
        if (start) {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                d[i] = e0 * e0 + e1 * e1;
            }
        } else {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                float e1 = x1[i] - c1;
                d[i] = d[i] + e0 * e0 + e1 * e1;
            }
        }
    }

    private static void squares1(float[] d, boolean start, float[] x0, float c0, int from, int to) {
        if (start) {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                d[i] = e0 * e0;
            }
        } else {
            for (int i = from; i < to; i++) {
                float e0 = x0[i] - c0;
                d[i] = d[i] + e0 * e0;
            }
        }
    }

    /**
     * Assigns every point; writes {@code labels} and the squared distances {@code dists}.
     *
     * <p>Per point, {@code ||c_j||^2 - 2 x.c_j} is accumulated for all {@code j} at once, a few
     * dimensions per pass over the centroids held one array per dimension ({@code [dim][k]}), so
     * that the JIT vectorizes the loop over {@code j}; the float operations and their order are
     * those of adding {@code -2 x_t c_jt} to {@code ||c_j||^2} one dimension after the other.
     *
     * @return the inertia, summed in double in block order
     */
    static double assignAll(float[] x, int n, int dim, float[] c, int k, int[] labels, float[] dists,
            Parallel par) {
        float[][] ct = new float[dim][k];
        float[] norms = new float[k];
        for (int j = 0; j < k; j++) {
            float s = 0f;
            for (int t = 0; t < dim; t++) {
                float v = c[j * dim + t];
                ct[t][j] = v;
                s += v * v;
            }
            norms[j] = s;
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        par.forEach(blocks, b -> {
            float[] acc = new float[k];
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            double sum = 0.0;
            for (int i = from; i < to; i++) {
                int xo = i * dim;
                float xx = 0f;
                for (int t = 0; t < dim; t++) {
                    float v = x[xo + t];
                    xx += v * v;
                }
                float[] src = norms;
                int t = 0;
                while (t < dim) {
                    int step = Math.min(4, dim - t);
                    switch (step) {
                        case 4 -> dots4(acc, src, ct[t], ct[t + 1], ct[t + 2], ct[t + 3], -2f * x[xo + t],
                                -2f * x[xo + t + 1], -2f * x[xo + t + 2], -2f * x[xo + t + 3], k);
                        case 3 -> dots3(acc, src, ct[t], ct[t + 1], ct[t + 2], -2f * x[xo + t], -2f * x[xo + t + 1],
                                -2f * x[xo + t + 2], k);
                        case 2 -> dots2(acc, src, ct[t], ct[t + 1], -2f * x[xo + t], -2f * x[xo + t + 1], k);
                        default -> dots1(acc, src, ct[t], -2f * x[xo + t], k);
                    }
                    src = acc;
                    t += step;
                }
                int best = 0;
                float bestD = acc[0];
                for (int j = 1; j < k; j++) {
                    if (acc[j] < bestD) {
                        bestD = acc[j];
                        best = j;
                    }
                }
                labels[i] = best;
                float d = Math.max(0f, bestD + xx);
                dists[i] = d;
                sum += d;
            }
            partial[b] = sum;
        });
        double total = 0.0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    // acc[j] = src[j] + m0 c0[j] + m1 c1[j] + ..., added left to right (acc may be src).
    private static void dots4(float[] acc, float[] src, float[] c0, float[] c1, float[] c2, float[] c3, float m0,
            float m1, float m2, float m3, int k) {
        for (int j = 0; j < k; j++) {
            acc[j] = src[j] + m0 * c0[j] + m1 * c1[j] + m2 * c2[j] + m3 * c3[j];
        }
    }

    private static void dots3(float[] acc, float[] src, float[] c0, float[] c1, float[] c2, float m0, float m1,
            float m2, int k) {
        for (int j = 0; j < k; j++) {
            acc[j] = src[j] + m0 * c0[j] + m1 * c1[j] + m2 * c2[j];
        }
    }

    private static void dots2(float[] acc, float[] src, float[] c0, float[] c1, float m0, float m1, int k) {
        for (int j = 0; j < k; j++) {
            acc[j] = src[j] + m0 * c0[j] + m1 * c1[j];
        }
    }

    private static void dots1(float[] acc, float[] src, float[] c0, float m0, int k) {
        for (int j = 0; j < k; j++) {
            acc[j] = src[j] + m0 * c0[j];
        }
    }

    /** Moves centroids to their means; re-seeds empty clusters with the farthest points. */
    private static void update(float[] x, int n, int dim, int k, Lloyd s) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int l = s.labels[i];
            counts[l]++;
            int xo = i * dim;
            int co = l * dim;
            for (int t = 0; t < dim; t++) {
                sums[co + t] += x[xo + t];
            }
        }
        float[] c = s.centroids;
        boolean[] taken = null;
        for (int j = 0; j < k; j++) {
            if (counts[j] > 0) {
                for (int t = 0; t < dim; t++) {
                    c[j * dim + t] = (float) (sums[j * dim + t] / counts[j]);
                }
                continue;
            }
            if (taken == null) {
                taken = new boolean[n];
            }
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (far < 0 || s.dists[i] > s.dists[far])) {
                    far = i;
                }
            }
            taken[far] = true;
            System.arraycopy(x, far * dim, c, j * dim, dim);
        }
    }
}
