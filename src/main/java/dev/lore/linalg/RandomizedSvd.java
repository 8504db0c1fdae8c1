package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.COL_MAJOR;
import static dev.lore.linalg.NativeBlas.LAPACK_COL_MAJOR;
import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.TRANS;

import dev.lore.ProgressListener;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Randomized truncated SVD: Halko, Martinsson and Tropp, "Finding structure with randomness",
 * SIAM Review 53(2), 2011, Algorithm 4.4 (randomized subspace iteration) followed by Algorithm 5.1.
 *
 * <p>With {@code l = min(r + p, min(V, d))} and a Gaussian {@code d x l} test matrix {@code Omega}
 * drawn from the seed: {@code Q_0 = qr(E Omega)}; for {@code j = 1..q}:
 * {@code Q'_j = qr(E^T Q_{j-1})}, {@code Q_j = qr(E Q'_j)}; then {@code B = Q_q^T E} ({@code l x d}),
 * its SVD {@code B = U' S V^T} in double, and {@code U = Q_q U'}. The leading {@code r} triplets
 * are kept. Products run in float ({@code sgemm}), QR in float by {@link TallQr} (CholeskyQR2,
 * Householder when the sample is too ill-conditioned for it). Cost: {@code 2 (q + 1)} passes over {@code E}, each
 * {@code 2 V d l} flops.
 *
 * <p>When {@code l = min(V, d)} the sample {@code E Omega} already spans the range of {@code E}
 * (for {@code V >= d}, {@code Omega} is square and invertible with probability 1) or all of
 * {@code R^V}, so no power iteration runs: {@code q = 0}.
 *
 * <p>With a tolerance {@code tol > 0}, {@code q} is adaptive: after each pass the captured energy
 * {@code c_j = sum_{i<=r} sigma_i(Z_j)^2} of {@code Z_j = E^T Q_j} (the top {@code r} eigenvalues
 * of the small {@code Z_j^T Z_j}, in double) is compared with the previous one, and iteration stops
 * at the first {@code j >= 1} with {@code c_j - c_{j-1} <= tol (||E||_F^2 - c_j)}, or after the
 * maximum {@code q}. A fixed {@code q} is {@code tol = 0}. The {@code method} of the result names
 * the {@code q} actually used.
 *
 * <p>The returned singular values are the {@code l} estimates, each at most the true value; the
 * spectrum is complete only when {@code l = min(V, d)}. For the {@link RankRule.Energy} rule the
 * rank is searched by doubling {@code r} (from 32) until the estimates reach the energy target; since
 * the estimates are lower bounds, the kept energy is at least the target, with a rank that may
 * exceed the optimal one. Each step at least doubles {@code r}, and jumps further when even
 * {@code s_r} repeated cannot make up the missing energy (see {@link #nextEnergyRank}).
 */
final class RandomizedSvd implements TruncatedSvd {

    private static final int FIRST_ENERGY_RANK = 32;

    private final int oversampling;
    private final int powerIterations;
    private final double tolerance;
    private final long seed;

    RandomizedSvd(int oversampling, int powerIterations, double tolerance, long seed) {
        if (oversampling < 0) {
            throw new IllegalArgumentException("oversampling must be >= 0, got " + oversampling);
        }
        if (powerIterations < 0) {
            throw new IllegalArgumentException("powerIterations must be >= 0, got " + powerIterations);
        }
        if (!(tolerance >= 0.0 && tolerance < 1.0)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        this.oversampling = oversampling;
        this.powerIterations = powerIterations;
        this.tolerance = tolerance;
        this.seed = seed;
    }

    @Override
    public String name() {
        return tolerance == 0.0 ? name(powerIterations)
                : "randomized(p=" + oversampling + ",q<=" + powerIterations + ",tol=" + tolerance + ",seed=" + seed + ")";
    }

    private String name(int q) {
        return "randomized(p=" + oversampling + ",q=" + q + ",seed=" + seed + ")";
    }

    @Override
    public SvdResult compute(INDArray matrix, RankRule rule, ProgressListener progress) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(progress, "progress");
        INDArray e = NativeBlas.contiguousFloat(Objects.requireNonNull(matrix, "matrix"));
        long rows = e.rows();
        long cols = e.columns();
        int minDim = Math.toIntExact(Math.min(rows, cols));
        if (!(rule instanceof RankRule.Energy energy)) {
            int r = rule.resolve(rows, cols);
            return run(e, r, squaredNorm(e), progress);
        }
        double total = squaredNorm(e);
        int k = Math.min(minDim, FIRST_ENERGY_RANK);
        while (true) {
            SvdResult full = run(e, k, total, progress);
            double[] estimates = Arrays.copyOf(full.singularValues(), k);
            int r = energy.resolve(estimates, total);
            if (r > 0 || k == minDim) {
                return truncate(full, r > 0 ? r : k);
            }
            k = nextEnergyRank(estimates, total, energy.fraction(), minDim);
        }
    }

    /**
     * The next rank to try when the {@code k} estimates fall short of {@code fraction * total}: at
     * least {@code 2k}, and at least {@code k + ceil(deficit / s_k^2)}, since each further singular
     * value is at most {@code s_k} (a heuristic bound: the estimates are themselves lower bounds);
     * {@code minDim} itself once {@code next + p >= minDim / 2}, where the single pass that a complete
     * sample needs (see {@link #run}) is cheaper than iterating with half of it.
     */
    int nextEnergyRank(double[] estimates, double total, double fraction, int minDim) {
        int k = estimates.length;
        double captured = 0.0;
        for (double s : estimates) {
            captured += s * s;
        }
        double last = estimates[k - 1] * estimates[k - 1];
        double more = last > 0.0 ? Math.ceil((fraction * total - captured) / last) : Double.POSITIVE_INFINITY;
        double next = Math.max(2.0 * k, k + more);
        // At half of min(V, d) or more, one pass with l = min(V, d) costs less than q + 1 passes with l.
        return next + oversampling >= minDim / 2.0 ? minDim : (int) next;
    }

    private static SvdResult truncate(SvdResult s, int r) {
        if (r == s.rank()) {
            return s;
        }
        INDArray u = s.u().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, r)).dup('c');
        INDArray vt = s.vt().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, r),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        return new SvdResult(u, s.singularValues(), vt, s.spectrumComplete(), s.squaredNorm(), s.method());
    }

    /** The rank-{@code r} factorization with {@code l = min(r + p, min(V, d))} samples. */
    private SvdResult run(INDArray e, int r, double total, ProgressListener progress) {
        int n = Math.toIntExact(e.rows());
        int d = Math.toIntExact(e.columns());
        int minDim = Math.min(n, d);
        int l = (int) Math.min((long) r + oversampling, minDim);
        FloatPointer et = NativeBlas.pointer(e); // column-major d x n: E^T
        // With l = min(V, d) the sample spans the whole range of E (or all of R^V): iterating adds nothing.
        int passes = l == minDim ? 0 : powerIterations;
        progress.start("randomized SVD", 2L * (passes + 1), "passes");
        try (FloatPointer y = new FloatPointer((long) n * l);
                FloatPointer z = new FloatPointer((long) d * l)) {
            z.put(gaussian(d, l));
            double captured = -1.0;
            int q = 0;
            for (int j = 0; j <= passes; j++) {
                if (j > 0) {
                    TallQr.orthonormalize(z, d, l);
                }
                times(et, n, d, z, l, y); // Y = E Z (n x l)
                TallQr.orthonormalize(y, n, l);
                progress.update(2L * j + 1, "");
                openblas.cblas_sgemm(COL_MAJOR, NO_TRANS, NO_TRANS, d, l, n, 1f, et, d, y, n, 0f, z, d); // Z = E^T Q
                progress.update(2L * j + 2, "");
                q = j;
                if (tolerance > 0.0) {
                    double c = capturedEnergy(z, d, l, r);
                    if (j > 0 && c - captured <= tolerance * Math.max(0.0, total - c)) {
                        break;
                    }
                    captured = c;
                }
            }
            return finish(y, z, n, d, l, r, total, name(q));
        } finally {
            progress.finish();
            Reference.reachabilityFence(e); // OpenBLAS read e's memory through a raw pointer
        }
    }

    /** Rows of {@code E} per {@code sgemm} in {@link #times}: the block's output stays in cache. */
    private static final int BLOCK_ROWS = 4096;

    /** {@code Y = E Z} with {@code Y} column-major {@code n x l}, by blocks of rows of {@code E}. */
    private static void times(FloatPointer et, int n, int d, FloatPointer z, int l, FloatPointer y) {
        for (int s = 0; s < n; s += BLOCK_ROWS) {
            int b = Math.min(BLOCK_ROWS, n - s);
            openblas.cblas_sgemm(COL_MAJOR, TRANS, NO_TRANS, b, l, d, 1f, NativeBlas.at(et, (long) s * d), d,
                    z, d, 0f, NativeBlas.at(y, s), n);
        }
    }

    /** Sum of the {@code r} largest eigenvalues of {@code Z^T Z} ({@code Z} column-major {@code d x l}), in double. */
    private static double capturedEnergy(FloatPointer z, int d, int l, int r) {
        float[] zf = new float[d * l];
        z.get(zf);
        double[] g = new double[l * l];
        for (int a = 0; a < l; a++) {
            for (int b = a; b < l; b++) {
                double dot = 0.0;
                for (int i = 0; i < d; i++) {
                    dot += (double) zf[a * d + i] * zf[b * d + i];
                }
                g[a * l + b] = dot;
                g[b * l + a] = dot;
            }
        }
        double[] w = new double[l];
        NativeBlas.checkInfo("dsyev", openblas.LAPACKE_dsyev(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', l, g, l, w));
        double sum = 0.0;
        for (int i = l - r; i < l; i++) {
            sum += Math.max(0.0, w[i]);
        }
        return sum;
    }

    /** From {@code Q} ({@code y}, n x l) and {@code Z = E^T Q = B^T} (d x l): the SVD of {@code B}. */
    private SvdResult finish(FloatPointer q, FloatPointer z, int n, int d, int l, int r, double total,
            String method) {
        double[] zd = new double[d * l];
        for (int i = 0; i < zd.length; i++) {
            zd[i] = z.get(i);
        }
        double[] s = new double[l];
        double[] uz = new double[d * l]; // Z = Uz diag(s) VTz: Uz holds B's right singular vectors
        double[] vtz = new double[l * l];
        double[] superb = new double[Math.max(1, l - 1)];
        NativeBlas.checkInfo("dgesvd", openblas.LAPACKE_dgesvd(LAPACK_COL_MAJOR, (byte) 'S', (byte) 'S',
                d, l, zd, d, s, uz, d, vtz, l, superb));
        // U^T (r x n, column-major) = VTz[:r, :] Q^T, i.e. U row-major n x r.
        INDArray u = NativeBlas.floatMatrix(n, r);
        float[] vtzf = new float[l * l];
        for (int i = 0; i < vtzf.length; i++) {
            vtzf[i] = (float) vtz[i];
        }
        try (FloatPointer a = new FloatPointer(vtzf)) {
            openblas.cblas_sgemm(COL_MAJOR, NO_TRANS, TRANS, r, n, l, 1f, a, l, q, n, 0f,
                    NativeBlas.pointer(u), r);
        }
        INDArray vt = NativeBlas.floatMatrix(r, d);
        FloatBuffer vb = NativeBlas.buffer(vt);
        for (int i = 0; i < r * d; i++) {
            vb.put(i, (float) uz[i]); // column j of Uz (column-major) is row j of V^T
        }
        boolean complete = l == Math.min(n, d);
        return new SvdResult(u, s, vt, complete, total, method);
    }

    private float[] gaussian(int rows, int cols) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] g = new float[rows * cols];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        return g;
    }

    /** {@code ||E||_F^2} accumulated in double. */
    private static double squaredNorm(INDArray e) {
        FloatBuffer b = NativeBlas.buffer(e);
        double sum = 0.0;
        float[] chunk = new float[8192];
        for (int off = 0; off < b.limit(); off += chunk.length) {
            int len = Math.min(chunk.length, b.limit() - off);
            b.get(off, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                sum += (double) chunk[i] * chunk[i];
            }
        }
        if (!Double.isFinite(sum)) {
            throw NativeBlas.nonFinite(e);
        }
        return sum;
    }
}
