package dev.lore.bench;

import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.ProductQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Times lore's product quantizer on a float32 {@code .npy} matrix, the file the peer
 * {@code benchmarks/peers/pq_peer.py} gives to faiss' {@code ProductQuantizer}, with the same
 * sub-spaces, bits, iterations and training sample size.
 *
 * <pre>
 * PqBenchmark --npy FILE [--subspaces 10] [--bits 8] [--iterations 25] [--threads 1[,2]]
 *             [--runs 3] [--warmup 1] [--training-rows 0]
 * </pre>
 *
 * <p>The settings are {@link ProductQuantizationConfig#of} with {@code --iterations} and tolerance
 * 0 (faiss has no tolerance: it runs every iteration; lore with tolerance 0 stops only once the
 * inertia no longer falls at all), no rotation, seed 0 and the default training sample of
 * {@code min(rows, 256 * 2^bits)} rows (faiss' {@code max_points_per_centroid * ksub}) unless
 * {@code --training-rows} is given. Each timed run calls {@link ProductQuantizer#quantize} (sample,
 * k-means++ and Lloyd in every sub-space, encoding of every row) and then {@link
 * ProductQuantizedMatrix#encode} alone, so {@code train_s = total_s - encode_s}.
 *
 * <p>Prints JSON lines: one {@code env} (matrix, sizes, {@code sum_f64} to check that the peer read
 * the same bytes, JVM arguments, load average), one {@code result} per timed run and thread count
 * (threads alternate within a round) with {@code total_s}, {@code encode_s}, {@code train_s} and, on
 * the first run of each thread count, {@code rel_err = ||X - decode||_F / ||X||_F} in double.
 */
public final class PqBenchmark {

    private PqBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path npy = null;
        int subspaces = 10;
        int bits = 8;
        int iterations = 25;
        int runs = 3;
        int warmup = 1;
        int trainingRows = 0;
        int[] threads = {1};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--npy" -> npy = Path.of(v);
                case "--subspaces" -> subspaces = Integer.parseInt(v);
                case "--bits" -> bits = Integer.parseInt(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--training-rows" -> trainingRows = Integer.parseInt(v);
                case "--threads" -> threads = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        if (npy == null) {
            throw new IllegalArgumentException("--npy FILE is required");
        }
        INDArray x = Npy.read(npy);
        int n = Math.toIntExact(x.rows());
        int d = Math.toIntExact(x.columns());
        float[] values = x.data().asFloat();
        double sum = 0.0;
        for (float f : values) {
            sum += f;
        }
        ProductQuantizationConfig base = ProductQuantizationConfig.of(subspaces, bits)
                .withIterations(iterations, 0.0).withTrainingRows(trainingRows);
        System.out.println("{\"kind\":\"env\",\"harness\":\"PqBenchmark\",\"matrix\":" + str(npy.getFileName().toString())
                + ",\"rows\":" + n + ",\"d\":" + d + ",\"subspaces\":" + subspaces + ",\"bits\":" + bits
                + ",\"iterations\":" + iterations + ",\"training_rows\":" + base.trainingRowsFor(n)
                + ",\"sum_f64\":" + sum + ",\"java\":" + str(System.getProperty("java.version"))
                + ",\"cpus\":" + Runtime.getRuntime().availableProcessors()
                + ",\"jvm\":" + str(String.join(" ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
                + ",\"loadavg\":" + str(Proc.loadAverage()) + "}");
        for (int w = 0; w < warmup; w++) {
            for (int t : threads) {
                ProductQuantizer.quantize(values, n, d, base.withThreads(t));
            }
        }
        List<Integer> measured = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (int t : threads) {
                ProductQuantizationConfig cfg = base.withThreads(t);
                long t0 = System.nanoTime();
                ProductQuantizedMatrix pq = ProductQuantizer.quantize(values, n, d, cfg);
                long t1 = System.nanoTime();
                pq.encode(x, t);
                long t2 = System.nanoTime();
                double total = (t1 - t0) / 1e9;
                double encode = (t2 - t1) / 1e9;
                String err = "null";
                if (!measured.contains(t)) {
                    measured.add(t);
                    err = String.valueOf(relativeError(values, n, d, pq));
                }
                System.out.println("{\"kind\":\"result\",\"method\":\"lore_pq\",\"threads\":" + t + ",\"rep\":" + r
                        + ",\"total_s\":" + fmt(total) + ",\"encode_s\":" + fmt(encode) + ",\"train_s\":"
                        + fmt(total - encode) + ",\"rel_err\":" + err + ",\"loadavg\":" + str(Proc.loadAverage())
                        + "}");
            }
        }
    }

    private static double relativeError(float[] x, int n, int d, ProductQuantizedMatrix pq) {
        float[] row = new float[d];
        double num = 0.0;
        double den = 0.0;
        for (int i = 0; i < n; i++) {
            pq.decodeRow(i, row, 0);
            for (int j = 0; j < d; j++) {
                double a = x[i * d + j];
                double e = a - row[j];
                num += e * e;
                den += a * a;
            }
        }
        return Math.sqrt(num / den);
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.4f", seconds);
    }
}
