package dev.lore.compress;

import dev.lore.ProgressListener;
import dev.lore.Seeds;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.linalg.SvdResult;
import dev.lore.quant.PqRotation;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Chooses, for a task-free table {@code E [V, d]} and a {@link ByteBudget}, the scheme and
 * parameters of smallest measured reconstruction error {@code ||E - E'||_F / ||E||_F} among those
 * whose exact matrix bytes fit the budget.
 *
 * <p>Candidates, for a budget of {@code N} bytes (each family's largest size that fits):
 * {@code lowrank} (the largest rank); {@code scalar} (per row and per matrix, the most bits in
 * {@code [1, 16]}); {@code lowrank-scalar} ({@code A} per row or per matrix, {@code A = U S} or
 * {@code A = U}, for {@code b} in 1, 2, 3, 4, 5, 6, 8 the largest rank); {@code pq} (for {@code b} in
 * {@code [1, 8]}, with and without the PCA rotation, the most sub-spaces {@code M} dividing {@code d});
 * {@code lowrank-pq} ({@code A = U S}, rank {@code r} in {@code d/4, d/2, 7d/10, 9d/10},
 * {@code b} in 4, 6, 8, with and without rotation, the most sub-spaces dividing {@code r}).
 *
 * <p>Errors: {@code lowrank} from the exact spectrum (Eckart-Young); {@code scalar} and
 * {@code lowrank-scalar} by quantizing the whole table or factor as {@code QuantizedMatrix} does;
 * {@code pq} and {@code lowrank-pq} on a sample: codebooks learned on {@link Options#trainingRows()}
 * rows drawn without replacement, the error measured on {@link Options#evaluationRows()} other rows
 * (all rows for both when the table is smaller than their sum). Candidates' errors are cached, so
 * one search answers many budgets cheaply. The chosen candidate is then built on the whole table
 * by {@link EmbeddingCompressor} with full k-means settings; its bytes are exactly
 * {@link Candidate#bytes()}.
 *
 * <p>Not thread-safe (the cache): one search per thread.
 */
public final class BudgetSearch {

    private static final int[] LOWRANK_SCALAR_BITS = {1, 2, 3, 4, 5, 6, 8};
    private static final int[] LOWRANK_PQ_BITS = {4, 6, 8};
    private static final double[] LOWRANK_PQ_RANKS = {0.25, 0.5, 0.7, 0.9};

    /**
     * Settings of the search.
     *
     * @param screeningRows rows every product-quantized candidate learns on, and as many other rows
     *     its screening error is measured on, {@code >= 1}
     * @param trainingRows rows the finalists' product quantizers learn on, {@code >= 1}
     * @param evaluationRows other rows the finalists' error is measured on, {@code >= 1}
     * @param iterations Lloyd iterations of the candidates' k-means, in {@code [1, 10000]} (half,
     *     at least 1, when screening)
     * @param finalists product-quantized candidates of smallest screening error measured again on
     *     the larger sample, {@code >= 1}
     * @param seed seed of the sample and of the k-means seeding (the final build's too)
     * @param threads threads for k-means, in {@code [1, 256]}
     */
    public record Options(int screeningRows, int trainingRows, int evaluationRows, int iterations, int finalists,
            long seed, int threads) {

        /**
         * Checks the settings.
         *
         * @param screeningRows as the record component
         * @param trainingRows as the record component
         * @param evaluationRows as the record component
         * @param iterations as the record component
         * @param finalists as the record component
         * @param seed as the record component
         * @param threads as the record component
         * @throws IllegalArgumentException naming the parameter and value if one is out of range
         */
        public Options {
            if (screeningRows < 1) {
                throw new IllegalArgumentException("screeningRows must be >= 1, got " + screeningRows);
            }
            if (trainingRows < 1) {
                throw new IllegalArgumentException("trainingRows must be >= 1, got " + trainingRows);
            }
            if (evaluationRows < 1) {
                throw new IllegalArgumentException("evaluationRows must be >= 1, got " + evaluationRows);
            }
            if (iterations < 1 || iterations > 10_000) {
                throw new IllegalArgumentException("iterations must be in [1, 10000], got " + iterations);
            }
            if (finalists < 1) {
                throw new IllegalArgumentException("finalists must be >= 1, got " + finalists);
            }
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
            }
        }

        /**
         * Screening on 1024 rows, 3 finalists measured with 4096 training and 2048 evaluation rows,
         * 8 iterations, seed 0, one thread.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(1024, 4096, 2048, 8, 3, 0L, 1);
        }

        /**
         * A copy with another seed.
         *
         * @param s any value
         * @return the new options
         */
        public Options withSeed(long s) {
            return new Options(screeningRows, trainingRows, evaluationRows, iterations, finalists, s, threads);
        }

        /**
         * A copy with another thread count.
         *
         * @param n in {@code [1, 256]}
         * @return the new options
         * @throws IllegalArgumentException if {@code n} is out of range
         */
        public Options withThreads(int n) {
            return new Options(screeningRows, trainingRows, evaluationRows, iterations, finalists, seed, n);
        }
    }

    /**
     * One scheme with its parameters, its exact bytes and its measured error.
     *
     * @param scheme the scheme
     * @param rank {@code r} for the low-rank schemes, else 0
     * @param placement {@link Placement#LEFT} ({@code A = U S}) or {@link Placement#RIGHT}
     *     ({@code A = U}) for the low-rank schemes; {@code RIGHT} otherwise
     * @param scope the scalar quantization's groups, or {@code null} for the other schemes
     * @param subspaces {@code M} of the product quantization, else 0
     * @param bits {@code b} of the quantization, else 32 (float32)
     * @param rotation the product quantization's rotation, else {@link PqRotation#NONE}
     * @param bytes the exact matrix bytes of the built embedding
     * @param error the measured (or, on a sample, estimated) relative reconstruction error
     */
    public record Candidate(Scheme scheme, int rank, Placement placement, QuantizationScope scope, int subspaces,
            int bits, PqRotation rotation, long bytes, double error) {

        /**
         * Checks the components.
         *
         * @param scheme as the record component
         * @param rank as the record component
         * @param placement as the record component
         * @param scope as the record component
         * @param subspaces as the record component
         * @param bits as the record component
         * @param rotation as the record component
         * @param bytes as the record component
         * @param error as the record component
         * @throws NullPointerException if {@code scheme}, {@code placement} or {@code rotation} is null
         */
        public Candidate {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(rotation, "rotation");
        }

        /**
         * The parameters as text, e.g. {@code lowrank-pq r=80 M=40 b=8 rotation=pca placement=left}.
         *
         * @return the label
         */
        public String label() {
            StringBuilder b = new StringBuilder(scheme.label());
            if (rank > 0) {
                b.append(" r=").append(rank);
            }
            if (subspaces > 0) {
                b.append(" M=").append(subspaces);
            }
            if (bits < 32) {
                b.append(" b=").append(bits);
            }
            if (scope != null) {
                b.append(" scope=").append(scope == QuantizationScope.ROW ? "row" : "matrix");
            }
            if (subspaces > 0) {
                b.append(" rotation=").append(rotation.name().toLowerCase(Locale.ROOT));
            }
            if (scheme.isLowRank()) {
                b.append(" placement=").append(placement.label());
            }
            return b.toString();
        }

        /**
         * The spec that builds this candidate on the whole table.
         *
         * @param seed the seed of the k-means seeding and sample, recorded in provenance
         * @param threads k-means threads, in {@code [1, 256]}
         * @return the explicit spec (full k-means settings: 25 iterations, {@code 256 2^b} training rows)
         */
        public CompressionSpec spec(long seed, int threads) {
            CompressionSpec s = scheme.isLowRank()
                    ? CompressionSpec.lowRank(RankRule.rank(rank)).withPlacement(placement)
                    : CompressionSpec.dense();
            s = s.withSeed(seed);
            return switch (scheme) {
                case LOWRANK -> s;
                case SCALAR -> s.withQuantization(new QuantizationConfig(bits, scope));
                case LOWRANK_SCALAR -> s.withFactorQuantization(new QuantizationConfig(bits, scope));
                case PQ, LOWRANK_PQ -> s.withProductQuantization(ProductQuantizationConfig.of(subspaces, bits)
                        .withRotation(rotation).withSeed(seed).withThreads(threads));
            };
        }
    }

    /**
     * The outcome of a search.
     *
     * @param best the chosen candidate
     * @param budgetBytes the bytes the budget allows
     * @param considered every candidate that fits, best first
     */
    public record Choice(Candidate best, long budgetBytes, List<Candidate> considered) {
        /**
         * Copies the list.
         *
         * @param best as the record component
         * @param budgetBytes as the record component
         * @param considered as the record component
         * @throws NullPointerException if an argument is null
         */
        public Choice {
            Objects.requireNonNull(best, "best");
            considered = List.copyOf(considered);
        }
    }

    private final int v;
    private final int d;
    private final int k; // min(v, d)
    private final Options options;
    private final double[] s2; // squared singular values, all k
    private final double total; // ||E||_F^2
    private final float[] vt; // [k, d]
    private final float[] e; // E, [v, d]
    private final float[] aFull; // E V = U S, [v, k]
    private final Sample screen;
    private final Sample full;
    private final Map<String, Double> cache = new HashMap<>();

    private BudgetSearch(WordVectors table, Options options, ProgressListener progress) {
        this.options = options;
        this.v = table.size();
        this.d = table.dimension();
        this.k = Math.min(v, d);
        INDArray em = table.matrix().castTo(DataType.FLOAT).dup('c');
        this.e = em.data().asFloat();
        SvdResult svd = SvdMethod.EXACT.algorithm().compute(em, RankRule.rank(k), progress);
        double[] s = svd.singularValues();
        s2 = new double[k];
        for (int i = 0; i < k && i < s.length; i++) {
            s2[i] = s[i] * s[i];
        }
        vt = svd.vt().castTo(DataType.FLOAT).dup('c').data().asFloat();
        INDArray a = Nd4j.create(DataType.FLOAT, new long[] {v, k}, 'c');
        em.mmul(svd.vt().castTo(DataType.FLOAT).transpose(), a);
        aFull = a.data().asFloat();
        double t = 0;
        for (float x : e) {
            t += (double) x * x;
        }
        total = t;
        int[] order = sampleOrder(v, options.seed());
        screen = sample(e, v, d, order, options.screeningRows(), options.screeningRows(),
                Math.max(1, options.iterations() / 2));
        full = sample(e, v, d, order, options.trainingRows(), options.evaluationRows(), options.iterations());
    }

    /** Rows the product quantizers learn on and rows their error is measured on, both {@code [*, d]}. */
    private record Sample(float[] train, int trainRows, float[] eval, int evalRows, double evalTotal, int iterations) {}

    /** Disjoint training and evaluation rows drawn by {@code order}; all rows for both when there are too few. */
    private static Sample sample(float[] e, int v, int d, int[] order, int nt, int ne, int iterations) {
        float[] train;
        float[] eval;
        if (v >= nt + ne) {
            train = rows(e, d, order, 0, nt);
            eval = rows(e, d, order, nt, ne);
        } else {
            nt = v;
            ne = v;
            train = e;
            eval = e;
        }
        double t = 0;
        for (float x : eval) {
            t += (double) x * x;
        }
        return new Sample(train, nt, eval, ne, t, iterations);
    }

    /**
     * Prepares a search over {@code table}: its exact SVD (Gram route) and the samples.
     *
     * @param table {@code E [V, d]} of finite values, with {@code V >= 2}; not modified
     * @param options the settings, not null
     * @param progress receives the factorization's progress, not null
     * @return the search
     * @throws IllegalArgumentException if the table has fewer than 2 rows
     * @throws NullPointerException if an argument is null
     */
    public static BudgetSearch of(WordVectors table, Options options, ProgressListener progress) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        if (table.size() < 2) {
            throw new IllegalArgumentException("table must have at least 2 rows, got " + table.size());
        }
        return new BudgetSearch(table, options, progress);
    }

    /**
     * The smallest matrix bytes any candidate takes for a {@code [v, d]} table: {@code lowrank-scalar}
     * at rank 1, 1 bit, one range: {@code ceil(v / 8) + 8 + 4 d}.
     *
     * @param v words, {@code >= 1}
     * @param d dimension, {@code >= 1}
     * @return the bytes
     */
    public static long smallestBytes(int v, int d) {
        return (v + 7L) / 8 + 8 + 4L * d;
    }

    /**
     * The bytes {@code budget} allows for a {@code [v, d]} table, checked against {@link #smallestBytes}.
     *
     * @param budget the size, not null
     * @param v words, {@code >= 1}
     * @param d dimension, {@code >= 1}
     * @return {@code budget.bytesFor(v, d)}
     * @throws IllegalArgumentException starting {@code "budget: "}, naming the budget and the
     *     smallest size, if the budget allows less
     */
    public static long checkBudget(ByteBudget budget, int v, int d) {
        long n = budget.bytesFor(v, d);
        long least = smallestBytes(v, d);
        if (n < least) {
            throw new IllegalArgumentException("budget: " + (budget.maxBytes() > 0 ? "max bytes " + n + " is"
                    : "target ratio " + budget.targetRatio() + " allows " + n + " bytes,") + " below the smallest"
                    + " possible size " + least + " bytes for a " + v + " x " + d + " table (lowrank-scalar, rank 1,"
                    + " 1 bit)");
        }
        return n;
    }

    /**
     * The candidate of smallest error that fits {@code budget}.
     *
     * @param budget the size, not null
     * @return the choice, with {@code best().bytes() <= budget.bytesFor(V, d)}
     * @throws IllegalArgumentException naming the budget if it is below {@link #smallestBytes}
     * @throws NullPointerException if {@code budget} is null
     */
    public Choice choose(ByteBudget budget) {
        Objects.requireNonNull(budget, "budget");
        long n = checkBudget(budget, v, d);
        List<Candidate> out = new ArrayList<>();
        lowRank(n, out);
        scalar(n, out);
        lowRankScalar(n, out);
        List<Candidate> coded = new ArrayList<>();
        productQuantized(n, coded, screen);
        lowRankProductQuantized(n, coded, screen);
        coded.sort(Comparator.comparingDouble(Candidate::error).thenComparingLong(Candidate::bytes));
        for (int i = 0; i < coded.size(); i++) {
            Candidate c = coded.get(i);
            if (i < options.finalists()) {
                c = remeasure(c);
            }
            out.add(c);
        }
        out.sort(Comparator.comparingDouble(Candidate::error).thenComparingLong(Candidate::bytes));
        return new Choice(out.get(0), n, out);
    }

    // ------------------------------------------------------------------ families

    private void lowRank(long n, List<Candidate> out) {
        long r = Math.min(k, n / (4L * (v + d)));
        if (r >= 1) {
            out.add(new Candidate(Scheme.LOWRANK, (int) r, Placement.RIGHT, null, 0, 32, PqRotation.NONE,
                    4L * r * (v + d), Math.sqrt(tail((int) r) / total)));
        }
    }

    private void scalar(long n, List<Candidate> out) {
        for (QuantizationScope scope : QuantizationScope.values()) {
            for (int b = QuantizationConfig.MAX_BITS; b >= QuantizationConfig.MIN_BITS; b--) {
                long bytes = scalarBytes(v, d, b, scope);
                if (bytes <= n) {
                    int bits = b;
                    double err = cached("scalar " + scope + " " + b,
                            () -> Math.sqrt(scalarError(e, v, d, d, bits, scope, null, null) / total));
                    out.add(new Candidate(Scheme.SCALAR, 0, Placement.RIGHT, scope, 0, b, PqRotation.NONE, bytes, err));
                    break;
                }
            }
        }
    }

    private void lowRankScalar(long n, List<Candidate> out) {
        for (QuantizationScope scope : QuantizationScope.values()) {
            for (Placement p : new Placement[] {Placement.LEFT, Placement.RIGHT}) {
                for (int b : LOWRANK_SCALAR_BITS) {
                    int r = 0;
                    for (int t = k; t >= 1; t--) {
                        if (scalarBytes(v, t, b, scope) + 4L * t * d <= n) {
                            r = t;
                            break;
                        }
                    }
                    if (r == 0) {
                        continue;
                    }
                    int rank = r;
                    int bits = b;
                    double err = cached("lowrank-scalar " + scope + " " + p + " " + b + " " + r,
                            () -> Math.sqrt((tail(rank) + factorError(rank, bits, scope, p)) / total));
                    out.add(new Candidate(Scheme.LOWRANK_SCALAR, r, p, scope, 0, b, PqRotation.NONE,
                            scalarBytes(v, r, b, scope) + 4L * r * d, err));
                }
            }
        }
    }

    private void productQuantized(long n, List<Candidate> out, Sample sample) {
        for (int b = ProductQuantizationConfig.MIN_BITS; b <= ProductQuantizationConfig.MAX_BITS; b++) {
            if ((1 << b) > sample.trainRows()) {
                break;
            }
            for (PqRotation rot : new PqRotation[] {PqRotation.NONE, PqRotation.PCA}) {
                int m = largestSubspaces(d, b, rot != PqRotation.NONE, 0, n);
                if (m == 0) {
                    continue;
                }
                int bits = b;
                double err = pqError(sample, m, bits, rot);
                out.add(new Candidate(Scheme.PQ, 0, Placement.RIGHT, null, m, b, rot,
                        pqBytes(v, d, m, b, rot != PqRotation.NONE), err));
            }
        }
    }

    private void lowRankProductQuantized(long n, List<Candidate> out, Sample sample) {
        int[] ranks = Arrays.stream(LOWRANK_PQ_RANKS).mapToInt(f -> (int) Math.round(f * d))
                .filter(r -> r >= 1 && r < k).distinct().toArray();
        for (int r : ranks) {
            for (int b : LOWRANK_PQ_BITS) {
                if ((1 << b) > sample.trainRows()) {
                    continue;
                }
                for (PqRotation rot : new PqRotation[] {PqRotation.NONE, PqRotation.PCA}) {
                    int m = largestSubspaces(r, b, rot != PqRotation.NONE, 4L * r * d, n);
                    if (m == 0) {
                        continue;
                    }
                    int bits = b;
                    double err = lowRankPqError(sample, r, m, bits, rot);
                    out.add(new Candidate(Scheme.LOWRANK_PQ, r, Placement.LEFT, null, m, b, rot,
                            pqBytes(v, r, m, b, rot != PqRotation.NONE) + 4L * r * d, err));
                }
            }
        }
    }

    // ------------------------------------------------------------------ bytes

    /** Bytes of a scalar-quantized {@code [rows, cols]} matrix, as {@code QuantizedMatrix.storageBytes}. */
    static long scalarBytes(long rows, int cols, int bits, QuantizationScope scope) {
        return (rows * cols * bits + 7) / 8 + 8L * (scope == QuantizationScope.ROW ? rows : 1);
    }

    /** Bytes of a product-quantized {@code [rows, width]} matrix, as {@code ProductQuantizedMatrix.storageBytes}. */
    static long pqBytes(long rows, int width, int m, int bits, boolean rotated) {
        return (rows * m * bits + 7) / 8 + 4L * (1L << bits) * width + (rotated ? 4L * width * width : 0);
    }

    /** The most sub-spaces dividing {@code width} whose bytes (plus {@code extra}) fit {@code n}; 0 if none. */
    private int largestSubspaces(int width, int bits, boolean rotated, long extra, long n) {
        for (int m = Math.min(width, ProductQuantizationConfig.MAX_SUBSPACES); m >= 1; m--) {
            if (width % m == 0 && pqBytes(v, width, m, bits, rotated) + extra <= n) {
                return m;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ errors

    private double cached(String key, java.util.function.DoubleSupplier f) {
        Double hit = cache.get(key);
        if (hit == null) {
            hit = f.getAsDouble();
            cache.put(key, hit);
        }
        return hit;
    }

    /** {@code sum_{i >= r} s_i^2}: the squared error of the best rank-{@code r} approximation. */
    private double tail(int r) {
        double kept = 0;
        for (int i = 0; i < r; i++) {
            kept += s2[i];
        }
        return Math.max(0, total - kept);
    }

    /**
     * The squared error on {@code E} of scalar-quantizing {@code A} of rank {@code r}: {@code A = U S}
     * (left; error on {@code A} is error on {@code E}) or {@code A = U} (right; column {@code j}'s
     * error weighs {@code s_j^2}).
     */
    private double factorError(int r, int bits, QuantizationScope scope, Placement p) {
        double[] w = new double[r];
        float[] scale = new float[r];
        for (int j = 0; j < r; j++) {
            double sj = Math.sqrt(s2[j]);
            w[j] = p == Placement.LEFT ? 1.0 : s2[j];
            scale[j] = p == Placement.LEFT || sj == 0 ? 1f : (float) (1.0 / sj);
        }
        return scalarError(aFull, v, r, k, bits, scope, w, scale);
    }

    /**
     * {@code sum w_j (y_ij - y'_ij)^2} for {@code y_ij = x[i stride + j] scale_j} and {@code y'} the
     * values {@code QuantizedMatrix.quantize} gives back for {@code y} ({@code w}, {@code scale} null: all 1).
     */
    static double scalarError(float[] x, int rows, int cols, int stride, int bits, QuantizationScope scope,
            double[] w, float[] scale) {
        int maxCode = (1 << bits) - 1;
        double err = 0;
        int groups = scope == QuantizationScope.ROW ? rows : 1;
        int rowsPerGroup = rows / groups;
        for (int g = 0; g < groups; g++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = g * rowsPerGroup; i < (g + 1) * rowsPerGroup; i++) {
                for (int j = 0; j < cols; j++) {
                    float val = scale == null ? x[i * stride + j] : x[i * stride + j] * scale[j];
                    lo = Math.min(lo, val);
                    hi = Math.max(hi, val);
                }
            }
            float step = (float) (((double) hi - lo) / maxCode);
            for (int i = g * rowsPerGroup; i < (g + 1) * rowsPerGroup; i++) {
                for (int j = 0; j < cols; j++) {
                    float val = scale == null ? x[i * stride + j] : x[i * stride + j] * scale[j];
                    int q = step == 0f ? 0 : (int) Math.round(((double) val - lo) / step);
                    q = Math.max(0, Math.min(maxCode, q));
                    double diff = val - (lo + q * step);
                    err += (w == null ? 1.0 : w[j]) * diff * diff;
                }
            }
        }
        return err;
    }

    /** {@code c} with its error measured on the larger sample. */
    private Candidate remeasure(Candidate c) {
        double err = c.scheme() == Scheme.PQ ? pqError(full, c.subspaces(), c.bits(), c.rotation())
                : lowRankPqError(full, c.rank(), c.subspaces(), c.bits(), c.rotation());
        return new Candidate(c.scheme(), c.rank(), c.placement(), c.scope(), c.subspaces(), c.bits(), c.rotation(),
                c.bytes(), err);
    }

    /** The relative error on the sample's evaluation rows of the table's product quantizer learned on its training rows. */
    private double pqError(Sample sample, int m, int bits, PqRotation rot) {
        return cached((sample == full ? "full" : "screen") + " pq " + m + " " + bits + " " + rot,
                () -> pqError(sample.train(), sample.trainRows(), sample.eval(), sample.evalRows(), d, m, bits, rot,
                        sample.iterations()));
    }

    /**
     * The relative error on the sample's evaluation rows of rank {@code r} ({@code A = E V_r}) with
     * {@code A} product-quantized: {@code ||E - A' V_r^T||^2 = ||E - E V_r V_r^T||^2 + ||A - A'||^2}.
     */
    private double lowRankPqError(Sample sample, int r, int m, int bits, PqRotation rot) {
        return cached((sample == full ? "full" : "screen") + " lowrank-pq " + r + " " + m + " " + bits + " " + rot,
                () -> {
                    float[] at = project(sample.train(), sample.trainRows(), r);
                    float[] ae = project(sample.eval(), sample.evalRows(), r);
                    double proj = 0;
                    for (float x : ae) {
                        proj += (double) x * x;
                    }
                    double truncation = Math.max(0, sample.evalTotal() - proj);
                    double q = pqError(at, sample.trainRows(), ae, sample.evalRows(), r, m, bits, rot,
                            sample.iterations());
                    return sample.evalTotal() == 0 ? 0 : Math.sqrt((truncation + q * q * proj) / sample.evalTotal());
                });
    }

    /** The relative error on {@code eval} of a product quantizer learned on {@code train} (both {@code [*, width]}). */
    private double pqError(float[] train, int rowsTrain, float[] eval, int rowsEval, int width, int m, int bits,
            PqRotation rot, int iterations) {
        ProductQuantizationConfig c = ProductQuantizationConfig.of(m, bits).withRotation(rot)
                .withIterations(iterations, 1e-4).withTrainingRows(rowsTrain)
                .withSeed(options.seed()).withThreads(options.threads());
        ProductQuantizedMatrix q = ProductQuantizer.quantize(train, rowsTrain, width, c);
        ProductQuantizedMatrix enc = q.encode(Nd4j.create(eval, new long[] {rowsEval, width}, DataType.FLOAT),
                options.threads());
        float[] row = new float[width];
        double num = 0;
        double den = 0;
        for (int i = 0; i < rowsEval; i++) {
            enc.decodeRow(i, row, 0);
            for (int j = 0; j < width; j++) {
                double x = eval[i * width + j];
                double diff = x - row[j];
                num += diff * diff;
                den += x * x;
            }
        }
        return den == 0 ? 0 : Math.sqrt(num / den);
    }

    /** {@code X V_r}: the rows' coordinates on the first {@code r} right singular vectors. */
    private float[] project(float[] x, int rows, int r) {
        float[] out = new float[Math.multiplyExact(rows, r)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < r; j++) {
                double sum = 0;
                for (int t = 0; t < d; t++) {
                    sum += (double) x[i * d + t] * vt[j * d + t];
                }
                out[i * r + j] = (float) sum;
            }
        }
        return out;
    }

    /** A permutation of {@code [0, n)} by the seed. */
    private static int[] sampleOrder(int n, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix64(seed ^ 0x6275646765744cL));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Rows {@code order[from .. from + count)} of {@code x [*, d]}, in row order. */
    private static float[] rows(float[] x, int d, int[] order, int from, int count) {
        int[] pick = Arrays.copyOfRange(order, from, from + count);
        Arrays.sort(pick);
        float[] out = new float[count * d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(x, pick[i] * d, out, i * d, d);
        }
        return out;
    }
}
