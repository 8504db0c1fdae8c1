package dev.lore.bench;

import dev.lore.io.EmbeddingReader;
import dev.lore.linalg.GramPrecision;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.ReconstructionError;
import dev.lore.linalg.SvdMethod;
import dev.lore.linalg.SvdResult;
import dev.lore.linalg.TruncatedSvd;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times lore's truncated SVD methods on GloVe, on a float32 {@code .npy} matrix (the file the Python
 * peer {@code benchmarks/peers/svd_peer.py} factorizes, so both sides see the same bytes) or on a
 * synthetic matrix built like the peer's, and measures each result's relative Frobenius error
 * against the Eckart-Young optimum.
 *
 * <pre>
 * SvdBenchmark (--glove FILE | --npy FILE | --synthetic 400000x300 [--seed S]) [--compression 0.9 | --rank R]
 *              [--runs N] [--warmup W] [--method exact,gram-float,gram-double,gesvd,randomized]
 *              [--oversampling P[,P...]] [--power-iterations Q[,Q...] | --tolerance T] [--floor]
 *              [--no-reference]
 * </pre>
 *
 * <p>{@code --method none} with {@code --floor} times only the BLAS floor (it calls no LAPACK
 * routine, so it also runs on an OpenBLAS build without LAPACKE). {@code --no-reference} skips the
 * reference spectrum and the error measurement (for runs whose peak memory is the figure of
 * interest). The {@code env} line gives the resident memory after ND4J's initialization
 * ({@code rss_baseline_mib}) and after the matrix is in memory; each {@code run} line the process
 * CPU time, whose ratio to the wall time shows how many cores worked.
 *
 * <p>Prints JSON lines: one {@code env}, one {@code reference} (the optimum from the singular values
 * of a double-precision Gram matrix computed here, independently of lore, untimed), one {@code run}
 * per timed run, one {@code summary} per method (median and min seconds, peak heap and peak
 * resident memory VmHWM of the process so far). Methods run in rounds, one after the other, after
 * {@code --warmup} untimed rounds. With {@code --floor} each round also times one float
 * {@code X^T X} ({@code ssyrk}), the BLAS floor, and each summary gives the median over rounds of
 * its time divided by that round's floor: on a shared machine the ratio is steadier than the
 * seconds.
 */
public final class SvdBenchmark {

    private SvdBenchmark() {}

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        Nd4j.create(DataType.FLOAT, 1, 1).close(); // load the native libraries before the baseline
        double baselineRss = Proc.rssMib();
        long t0 = System.nanoTime();
        INDArray x = o.glove != null ? EmbeddingReader.read(o.glove).matrix()
                : o.npy != null ? Npy.read(o.npy) : synthetic(o.rows, o.cols, o.seed);
        double prepSeconds = (System.nanoTime() - t0) / 1e9;
        double loadedRss = Proc.rssMib();
        long n = x.rows();
        long d = x.columns();
        RankRule rule = o.rank > 0 ? RankRule.rank(o.rank) : RankRule.compression(o.compression);
        int r = rule.resolve(n, d);
        String matrixName = o.glove != null ? o.glove.getFileName().toString()
                : o.npy != null ? o.npy.getFileName().toString() : "synthetic-" + n + "x" + d;
        System.out.println("{\"kind\":\"env\",\"harness\":\"SvdBenchmark\",\"matrix\":" + str(matrixName)
                + ",\"n\":" + n + ",\"d\":" + d + ",\"rank\":" + r
                + ",\"rule\":" + str(rule.describe()) + ",\"prep_s\":" + fmt(prepSeconds)
                + ",\"java\":" + str(System.getProperty("java.version"))
                + ",\"OMP_NUM_THREADS\":" + str(String.valueOf(System.getenv("OMP_NUM_THREADS")))
                + ",\"cpus\":" + Runtime.getRuntime().availableProcessors()
                + ",\"sum_f64\":" + sum(x) + "," + Proc.mib("rss_baseline_mib", baselineRss) + ","
                + Proc.mib("rss_with_matrix_mib", loadedRss) + ",\"jvm_args\":"
                + str(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                + ",\"loadavg\":" + str(loadAverage()) + "}");

        double[] s = o.reference ? reference(x, r) : null;
        rounds(o, x, rule, methods(o), s, s == null ? Double.NaN : optimalError(s, r));
    }

    /** The reference singular values, printed with the optimal relative error at rank {@code r}. */
    private static double[] reference(INDArray x, int r) {
        long t0 = System.nanoTime();
        double[] s = referenceSingularValues(x);
        double total = 0.0;
        for (double v : s) {
            total += v * v;
        }
        System.out.println("{\"kind\":\"reference\",\"opt_rel_err\":" + optimalError(s, r) + ",\"fro_norm\":"
                + Math.sqrt(total) + ",\"s_top5\":" + Arrays.toString(Arrays.copyOf(s, Math.min(5, s.length)))
                + ",\"s_at_rank\":" + s[r - 1] + ",\"seconds\":" + fmt((System.nanoTime() - t0) / 1e9) + "}");
        return s;
    }

    /** Eckart-Young: {@code sqrt(sum_{i > r} s_i^2 / sum_i s_i^2)}. */
    private static double optimalError(double[] s, int r) {
        double total = 0.0;
        double tail = 0.0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            tail += i >= r ? s[i] * s[i] : 0.0;
        }
        return Math.sqrt(tail / total);
    }

    private static List<TruncatedSvd> methods(Options o) {
        List<TruncatedSvd> methods = new ArrayList<>();
        for (String name : o.methods) {
            if (name.equals("randomized")) {
                for (int p : o.oversampling) {
                    if (o.powerIterations == null) {
                        methods.add(new SvdMethod.Randomized(p, SvdMethod.Randomized.DEFAULT_MAX_POWER_ITERATIONS, o.tolerance, o.seed).algorithm());
                    } else {
                        for (int q : o.powerIterations) {
                            methods.add(new SvdMethod.Randomized(p, q, 0.0, o.seed).algorithm());
                        }
                    }
                }
            } else {
                methods.add(method(name));
            }
        }
        return methods;
    }

    private static void rounds(Options o, INDArray x, RankRule rule, List<TruncatedSvd> methods, double[] s,
            double optimum) {
        // Rounds: every method once per round, in turn, with the X^T X floor in the same round, so
        // that load from other processes hits all of them alike; ratios to the floor are per round.
        int count = methods.size() + (o.floor ? 1 : 0);
        double[][] times = new double[count][o.runs];
        for (int round = -o.warmup; round < o.runs; round++) {
            for (int k = 0; k < count; k++) {
                long cpu0 = Proc.cpuNanos();
                long start = System.nanoTime();
                SvdResult res = k < methods.size() ? methods.get(k).compute(x, rule) : null;
                if (res == null) {
                    floor(x);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (Proc.cpuNanos() - cpu0) / 1e9;
                if (round < 0) {
                    continue;
                }
                times[k][round] = seconds;
                String name = res == null ? FLOOR : res.method();
                StringBuilder line = new StringBuilder("{\"kind\":\"run\",\"method\":" + str(name)
                        + ",\"run\":" + round + ",\"seconds\":" + fmt(seconds) + ",\"cpu_s\":" + fmt(cpuSeconds));
                if (round == 0 && res != null && s != null) {
                    long m0 = System.nanoTime();
                    ReconstructionError err = ReconstructionError.of(x, scaled(res), res.vt());
                    line.append(",\"rel_err\":").append(err.relativeError()).append(",\"opt_rel_err\":")
                            .append(optimum).append(",\"excess\":").append(err.relativeError() / optimum - 1)
                            .append(",\"predicted_rel_err\":").append(res.predictedRelativeError())
                            .append(",\"max_sv_dev_rel_s1\":").append(maxDeviation(res.keptSingularValues(), s))
                            .append(",\"error_measure_s\":").append(fmt((System.nanoTime() - m0) / 1e9));
                }
                System.out.println(line.append(",\"loadavg\":").append(str(loadAverage())).append('}'));
            }
        }
        for (int k = 0; k < count; k++) {
            printSummary(k < methods.size() ? methods.get(k).name() : FLOOR, times[k],
                    o.floor ? times[count - 1] : null);
        }
    }

    private static final String FLOOR = "blas-floor ssyrk X^T X";

    /**
     * The singular values of {@code x} (tall) from its Gram matrix accumulated in double
     * ({@code dsyrk} on blocks widened to double) and LAPACK {@code dsyev}: independent of lore's
     * factorization code, accurate to about {@code 1e-16 s_1^2 / s_i} each.
     */
    static double[] referenceSingularValues(INDArray x) {
        int n = (int) x.rows();
        int d = (int) x.columns();
        FloatBuffer xb = x.data().asNioFloat();
        int block = 8192;
        float[] f = new float[block * d];
        double[] g = new double[d * d];
        try (DoublePointer bp = new DoublePointer((long) block * d); DoublePointer gp = new DoublePointer(g)) {
            double[] w = new double[block * d];
            for (int s = 0; s < n; s += block) {
                int rows = Math.min(block, n - s);
                xb.get(s * d, f, 0, rows * d);
                for (int i = 0; i < rows * d; i++) {
                    w[i] = f[i];
                }
                bp.put(w, 0, rows * d);
                openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasTrans, d, rows, 1.0,
                        bp, d, 1.0, gp, d);
            }
            gp.get(g);
        }
        double[] ascending = new double[d];
        int info = openblas.LAPACKE_dsyev(openblas.LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'U', d, g, d, ascending);
        if (info != 0) {
            throw new IllegalStateException("dsyev failed: " + info);
        }
        double[] sv = new double[d];
        for (int i = 0; i < d; i++) {
            sv[i] = Math.sqrt(Math.max(0.0, ascending[d - 1 - i]));
        }
        return sv;
    }

    /** One float {@code X^T X} (upper triangle, {@code ssyrk}): the least any Gram route must do. */
    private static void floor(INDArray x) {
        int n = (int) x.rows();
        int d = (int) x.columns();
        FloatPointer xp = (FloatPointer) x.data().addressPointer();
        try (FloatPointer g = new FloatPointer((long) d * d)) {
            openblas.cblas_ssyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasTrans, d, n, 1f, xp, d,
                    0f, g, d);
        }
    }

    private static TruncatedSvd method(String name) {
        return switch (name) {
            case "exact", "gram-mixed" -> SvdMethod.EXACT.algorithm();
            case "gram-float" -> new SvdMethod.Gram(GramPrecision.FLOAT).algorithm();
            case "gram-double" -> new SvdMethod.Gram(GramPrecision.DOUBLE).algorithm();
            case "gesvd" -> SvdMethod.GESVD.algorithm();
            default -> throw new IllegalArgumentException("unknown --method " + name
                    + " (exact, gram-float, gram-double, gesvd, randomized)");
        };
    }

    /** {@code U diag(s)}, so that {@code (U S) V^T} is the truncation. */
    private static INDArray scaled(SvdResult res) {
        double[] s = res.keptSingularValues();
        INDArray a = res.u().dup('c');
        FloatBuffer b = a.data().asNioFloat();
        int r = s.length;
        for (int i = 0; i < b.limit(); i++) {
            b.put(i, (float) (b.get(i) * s[i % r]));
        }
        return a;
    }

    private static double maxDeviation(double[] kept, double[] reference) {
        double worst = 0.0;
        for (int i = 0; i < kept.length; i++) {
            worst = Math.max(worst, Math.abs(kept[i] - reference[i]));
        }
        return worst / reference[0];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void printSummary(String method, double[] times, double[] floor) {
        double median = median(times);
        double min = Arrays.stream(times).min().orElseThrow();
        String ratio = "";
        if (floor != null) {
            double[] r = new double[times.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = times[i] / floor[i];
            }
            ratio = ",\"median_ratio_to_floor\":" + String.format(Locale.ROOT, "%.3f", median(r));
        }
        System.out.println("{\"kind\":\"summary\",\"method\":" + str(method) + ",\"runs\":" + times.length
                + ",\"times_s\":" + Arrays.toString(Arrays.stream(times).map(t -> Math.round(t * 1e4) / 1e4).toArray())
                + ",\"median_s\":" + fmt(median) + ",\"min_s\":" + fmt(min) + ratio + ","
                + Proc.mib("peak_heap_mib", Proc.peakHeapMib()) + "," + Proc.mib("vmhwm_mib", Proc.peakRssMib())
                + ",\"loadavg\":" + str(loadAverage()) + "}");
    }

    private static String loadAverage() {
        return Proc.loadAverage();
    }

    /** Sum of all entries in double: the same bytes give the same sum on both sides. */
    private static double sum(INDArray x) {
        FloatBuffer b = x.data().asNioFloat();
        double total = 0.0;
        for (int i = 0; i < b.limit(); i++) {
            total += b.get(i);
        }
        return total;
    }

    /**
     * The Python peer's matrix: {@code G diag(sigma) Q^T} with {@code G} standard Gaussian
     * ({@code n x d}, float), {@code sigma_i = (1 + i)^-0.5} and {@code Q} a random orthogonal
     * {@code d x d} matrix (QR of a Gaussian matrix, in double). Built block by block of rows so
     * only the result is held in memory.
     */
    static INDArray synthetic(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] q = new double[d * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = random.nextGaussian();
        }
        double[] tau = new double[d];
        openblas.LAPACKE_dgeqrf(openblas.LAPACK_ROW_MAJOR, d, d, q, d, tau);
        openblas.LAPACKE_dorgqr(openblas.LAPACK_ROW_MAJOR, d, d, d, q, d, tau);
        float[] bm = new float[d * d]; // B = diag(sigma) Q^T: B[i][j] = sigma_i Q[j][i]
        for (int i = 0; i < d; i++) {
            double sigma = Math.pow(1.0 + i, -0.5);
            for (int j = 0; j < d; j++) {
                bm[i * d + j] = (float) (sigma * q[j * d + i]);
            }
        }
        INDArray x = Nd4j.create(DataType.FLOAT, new long[] {n, d}, 'c');
        FloatPointer xp = (FloatPointer) x.data().addressPointer();
        int block = 16384;
        float[] g = new float[block * d];
        try (FloatPointer gp = new FloatPointer((long) block * d); FloatPointer bp = new FloatPointer(bm)) {
            for (int s = 0; s < n; s += block) {
                int rows = Math.min(block, n - s);
                for (int i = 0; i < rows * d; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                gp.put(g, 0, rows * d);
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                        rows, d, d, 1f, gp, d, bp, d, 0f,
                        new FloatPointer(xp).position((long) s * d), d);
            }
        }
        return x;
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.4f", seconds);
    }

    /** Command-line options. */
    private static final class Options {
        Path glove;
        Path npy;
        boolean reference = true;
        int rows;
        int cols;
        long seed;
        double compression = 0.9;
        int rank;
        int runs = 3;
        int warmup = 1;
        int[] oversampling = {SvdMethod.Randomized.DEFAULT_OVERSAMPLING};
        int[] powerIterations; // null: adaptive
        double tolerance = SvdMethod.Randomized.DEFAULT_TOLERANCE;
        boolean floor;
        List<String> methods = List.of("exact");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--glove" -> o.glove = Path.of(args[++i]);
                    case "--npy" -> o.npy = Path.of(args[++i]);
                    case "--no-reference" -> o.reference = false;
                    case "--synthetic" -> {
                        String[] nd = args[++i].toLowerCase(Locale.ROOT).split("x");
                        o.rows = Integer.parseInt(nd[0]);
                        o.cols = Integer.parseInt(nd[1]);
                    }
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--compression" -> o.compression = Double.parseDouble(args[++i]);
                    case "--rank" -> o.rank = Integer.parseInt(args[++i]);
                    case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--method" -> {
                        String list = args[++i];
                        o.methods = list.equals("none") ? List.of() : List.of(list.split(","));
                    }
                    case "--oversampling" -> o.oversampling = ints(args[++i]);
                    case "--power-iterations" -> o.powerIterations = ints(args[++i]);
                    case "--tolerance" -> o.tolerance = Double.parseDouble(args[++i]);
                    case "--floor" -> o.floor = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if ((o.glove != null ? 1 : 0) + (o.npy != null ? 1 : 0) + (o.rows != 0 ? 1 : 0) != 1) {
                throw new IllegalArgumentException("give exactly one of --glove FILE, --npy FILE and --synthetic NxD");
            }
            if (o.runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1, got " + o.runs);
            }
            return o;
        }

        private static int[] ints(String list) {
            return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
        }
    }
}
