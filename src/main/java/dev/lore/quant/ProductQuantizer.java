package dev.lore.quant;

import dev.lore.Seeds;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Product quantization of a matrix (Jegou, Douze and Schmid, TPAMI 2011), optionally after an
 * orthogonal rotation ({@link PqRotation}). Stateless and thread-safe; each call uses {@link
 * ProductQuantizationConfig#threads()} threads of its own.
 *
 * <p>Steps: sample {@link ProductQuantizationConfig#trainingRowsFor(int)} rows without replacement;
 * learn the rotation {@code R} on them ({@link PqRotation}); in every sub-space {@code m} run
 * {@link KMeans} with {@code 2^b} centroids, seeded by {@code Seeds.mix64(seed + 1 + m)}, on the
 * sample's rotated sub-vectors; then encode every row of {@code X R} by its nearest centroid in each
 * sub-space. The decoded matrix is {@code Y R^T} ({@link ProductQuantizedMatrix}).
 */
public final class ProductQuantizer {

    private ProductQuantizer() {}

    /**
     * Quantizes a matrix. The input is not modified.
     *
     * @param matrix a 2-d {@code [rows, d]} matrix of finite values, any data type (read as float),
     *     with at least {@code 2^bits} rows
     * @param config the settings; {@code subspaces} must divide {@code d}
     * @return the codes, codebooks and rotation (none for {@link PqRotation#NONE})
     * @throws IllegalArgumentException naming the parameter and value if {@code subspaces} does not
     *     divide {@code d} or exceeds it, if there are fewer rows than centroids, or if the matrix is
     *     not a non-empty 2-d matrix of finite values
     * @throws NullPointerException if an argument is null
     */
    public static ProductQuantizedMatrix quantize(INDArray matrix, ProductQuantizationConfig config) {
        Objects.requireNonNull(config, "config");
        float[] x = rowsOf(matrix, "matrix");
        int n = Math.toIntExact(matrix.rows());
        int d = Math.toIntExact(matrix.columns());
        return quantize(x, n, d, config);
    }

    /**
     * Quantizes {@code [rows, d]} row-major values; see {@link #quantize(INDArray, ProductQuantizationConfig)}.
     *
     * @param values {@code rows d} finite values; not modified
     * @param rows number of rows, {@code >= 2^bits}
     * @param d number of columns, a multiple of {@code subspaces}
     * @param config the settings, not null
     * @return the quantized matrix
     * @throws IllegalArgumentException as {@link #quantize(INDArray, ProductQuantizationConfig)}
     * @throws NullPointerException if an argument is null
     */
    public static ProductQuantizedMatrix quantize(float[] values, int rows, int d, ProductQuantizationConfig config) {
        Objects.requireNonNull(config, "config");
        KMeans.checkPoints(values, rows, d);
        if (config.subspaces() > d || d % config.subspaces() != 0) {
            throw new IllegalArgumentException("subspaces must divide the dimension " + d + ", got "
                    + config.subspaces());
        }
        int k = config.centroids();
        int nt = config.trainingRowsFor(rows);
        if (nt < k) {
            throw new IllegalArgumentException("bits: 2^" + config.bits() + " = " + k
                    + " centroids need at least as many training rows, got " + nt);
        }
        int m = config.subspaces();
        int s = d / m;
        float[] sample = sample(values, rows, d, nt, config.seed());
        try (Parallel par = new Parallel(config.threads())) {
            float[] rot = null;
            float[] books = null;
            if (config.rotation() != PqRotation.NONE) {
                rot = pcaRotation(sample, nt, d, m);
                if (config.rotation() == PqRotation.OPQ) {
                    for (int o = 0; o < config.opqIterations(); o++) {
                        float[] y = rotate(sample, nt, d, rot);
                        int[] labels = new int[nt * m];
                        books = trainBooks(y, nt, d, m, k, config, ProductQuantizationConfig.OPQ_KMEANS_ITERATIONS,
                                books, labels, par);
                        float[] yhat = gatherAll(labels, nt, m, k, s, books);
                        rot = toFloat(Jacobi.procrustes(crossProduct(sample, yhat, nt, d), d));
                    }
                }
            }
            float[] y = rot == null ? sample : rotate(sample, nt, d, rot);
            books = trainBooks(y, nt, d, m, k, config, config.iterations(), books, null, par);
            float[] all = rot == null ? values : rotate(values, rows, d, rot);
            byte[] packed = encodeAll(all, rows, d, m, config.bits(), books, par);
            return ProductQuantizedMatrix.ofOwned(rows, d, m, config.bits(), books, packed, rot);
        }
    }

    /** The values of a matrix as row-major floats, checked. */
    static float[] rowsOf(INDArray matrix, String name) {
        Objects.requireNonNull(matrix, name);
        if (matrix.rank() != 2 || matrix.rows() < 1 || matrix.columns() < 1) {
            throw new IllegalArgumentException(name + " must be a non-empty 2-d matrix, got shape "
                    + Arrays.toString(matrix.shape()));
        }
        if (matrix.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must hold at most " + Integer.MAX_VALUE + " values, got "
                    + matrix.length());
        }
        float[] x = matrix.castTo(DataType.FLOAT).dup('c').data().asFloat();
        KMeans.checkPoints(x, Math.toIntExact(matrix.rows()), Math.toIntExact(matrix.columns()));
        return x;
    }

    /** {@code nt} rows drawn without replacement (all rows, in order, when {@code nt == rows}), in row order. */
    private static float[] sample(float[] x, int rows, int d, int nt, long seed) {
        if (nt == rows) {
            return x;
        }
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix64(seed));
        for (int i = 0; i < nt; i++) {
            int j = i + rng.nextInt(rows - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] pick = Arrays.copyOf(idx, nt);
        Arrays.sort(pick);
        float[] out = new float[nt * d];
        for (int i = 0; i < nt; i++) {
            System.arraycopy(x, pick[i] * d, out, i * d, d);
        }
        return out;
    }

    /** {@code X R} for row-major {@code X [n, d]} and {@code R [d, d]}, one float gemm. */
    static float[] rotate(float[] x, int n, int d, float[] r) {
        INDArray xm = Nd4j.create(x, new long[] {n, d}, DataType.FLOAT);
        INDArray rm = Nd4j.create(r, new long[] {d, d}, DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {n, d}, 'c');
        xm.mmul(rm, out);
        return out.data().asFloat();
    }

    /** {@code X^T Y} in double (from a float gemm). */
    private static double[] crossProduct(float[] x, float[] y, int n, int d) {
        INDArray xm = Nd4j.create(x, new long[] {n, d}, DataType.FLOAT);
        INDArray ym = Nd4j.create(y, new long[] {n, d}, DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {d, d}, 'c');
        xm.transpose().mmul(ym, out);
        float[] f = out.data().asFloat();
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * The eigenvectors of {@code X^T X} as the columns of {@code R}, allocated to sub-spaces in rounds:
     * in each round every sub-space takes one more eigenvector, the largest remaining going to the
     * sub-space with the smallest sum of log-eigenvalues so far.
     */
    static float[] pcaRotation(float[] x, int n, int d, int m) {
        Jacobi.Svd eig = Jacobi.svd(crossProduct(x, x, n, d), d);
        int s = d / m;
        double floor = eig.s()[0] * 1e-12 + Double.MIN_NORMAL;
        double[] logSum = new double[m];
        int[] count = new int[m];
        float[] r = new float[d * d];
        for (int e = 0; e < d; e++) {
            int round = e / m;
            int best = -1;
            for (int b = 0; b < m; b++) {
                if (count[b] == round && (best < 0 || logSum[b] < logSum[best])) {
                    best = b;
                }
            }
            int col = best * s + count[best];
            count[best]++;
            logSum[best] += Math.log(Math.max(eig.s()[e], floor));
            for (int i = 0; i < d; i++) {
                r[i * d + col] = (float) eig.w()[i * d + e];
            }
        }
        return r;
    }

    /** The columns of sub-space {@code sub} of row-major {@code y [n, d]}, as {@code [n, s]}. */
    private static float[] subspace(float[] y, int n, int d, int sub, int s) {
        float[] out = new float[n * s];
        for (int i = 0; i < n; i++) {
            System.arraycopy(y, i * d + sub * s, out, i * s, s);
        }
        return out;
    }

    /** k-means in every sub-space; writes labels {@code [n, m]} if asked. */
    private static float[] trainBooks(float[] y, int n, int d, int m, int k, ProductQuantizationConfig cfg,
            int iterations, float[] init, int[] labels, Parallel par) {
        int s = d / m;
        float[] books = new float[m * k * s];
        for (int sub = 0; sub < m; sub++) {
            float[] part = subspace(y, n, d, sub, s);
            KMeansConfig kc = new KMeansConfig(k, iterations, cfg.tolerance(), Seeds.mix64(cfg.seed() + 1 + sub),
                    cfg.threads());
            float[] start = init == null ? null : Arrays.copyOfRange(init, sub * k * s, (sub + 1) * k * s);
            KMeans.Lloyd run = KMeans.run(part, n, s, kc, start, labels != null, par);
            System.arraycopy(run.centroids, 0, books, sub * k * s, k * s);
            if (labels != null) {
                for (int i = 0; i < n; i++) {
                    labels[i * m + sub] = run.labels[i];
                }
            }
        }
        return books;
    }

    private static float[] gatherAll(int[] labels, int n, int m, int k, int s, float[] books) {
        int d = m * s;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int sub = 0; sub < m; sub++) {
                System.arraycopy(books, (sub * k + labels[i * m + sub]) * s, out, i * d + sub * s, s);
            }
        }
        return out;
    }

    /** The packed nearest codes of every row of {@code y [n, d]}. */
    static byte[] encodeAll(float[] y, int n, int d, int m, int bits, float[] books, Parallel par) {
        int k = 1 << bits;
        int s = d / m;
        byte[] packed = new byte[ProductQuantizedMatrix.packedLength(n, m, bits)];
        int[] labels = new int[n];
        float[] dists = new float[n];
        for (int sub = 0; sub < m; sub++) {
            float[] part = subspace(y, n, d, sub, s);
            float[] book = Arrays.copyOfRange(books, sub * k * s, (sub + 1) * k * s);
            KMeans.assignAll(part, n, s, book, k, labels, dists, par);
            for (int i = 0; i < n; i++) {
                ProductQuantizedMatrix.put(packed, (long) i * m + sub, bits, labels[i]);
            }
        }
        return packed;
    }
}
