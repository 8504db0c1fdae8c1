package dev.lore.bench;

import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of {@link TrainedModel#predict(List)} on one model shared by several threads, the way
 * {@code lore predict --threads N} serves it, printed as JSON lines.
 *
 * <pre>
 * PredictBenchmark --model FILE.lorem --texts FILE [--threads 1,2] [--rounds 5] [--passes 2] [--batch 500]
 * </pre>
 *
 * <p>The texts (one per line) are cut into batches of {@code --batch} (default
 * {@link TrainedModel#BATCH_SIZE}, as {@code lore predict} does); a run hands the batches to
 * {@code T} threads through a shared counter, each thread predicting whole batches with the one
 * model, and times {@code --passes} passes over all texts. Rounds interleave the thread counts
 * (1, 2, 1, 2, ... after one untimed warm-up round), so load from other processes falls on each
 * alike; each round gives the ratio of its throughputs to the 1-thread run of the same round.
 *
 * <p>Lines: {@code env} (model, texts, cores, {@code OMP_NUM_THREADS}, load average); one
 * {@code run} per timed run (threads, {@code repeat}: the round within this JVM, seconds, texts per second, CPU seconds of the process
 * over the run, and {@code identical}: whether its labels equal those of the single-thread warm-up
 * run); one {@code summary} per thread count (median texts per second over the rounds, and
 * {@code speedup_median}: the median over rounds of this count's throughput divided by the
 * 1-thread throughput of the same round).
 */
public final class PredictBenchmark {

    private PredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path modelFile = null;
        Path textsFile = null;
        int[] threadCounts = {1, 2};
        int rounds = 5;
        int passes = 2;
        int batch = TrainedModel.BATCH_SIZE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> modelFile = Path.of(args[++i]);
                case "--texts" -> textsFile = Path.of(args[++i]);
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (modelFile == null || textsFile == null) {
            throw new IllegalArgumentException("usage: PredictBenchmark --model FILE.lorem --texts FILE [--threads 1,2]"
                    + " [--rounds 5] [--passes 2] [--batch 500]");
        }
        TrainedModel model = ModelFile.read(modelFile);
        List<String> texts = Files.readAllLines(textsFile, StandardCharsets.UTF_8);
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batch) {
            batches.add(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
        emit(String.format(Locale.ROOT, "{\"kind\":\"env\",\"harness\":\"PredictBenchmark\",\"model\":\"%s\","
                + "\"architecture\":\"%s\",\"embedding\":\"%s\",\"texts\":%d,\"batch\":%d,\"passes\":%d,\"cores\":%d,"
                + "\"OMP_NUM_THREADS\":\"%s\",\"java\":\"%s\",\"loadavg\":%.2f}",
                modelFile.getFileName(), model.architecture().name(), model.network().embedding().getClass().getSimpleName(),
                texts.size(), batch, passes, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        int maxThreads = Arrays.stream(threadCounts).max().orElse(1);
        ExecutorService pool = Executors.newFixedThreadPool(maxThreads);
        try {
            String[] reference = run(model, batches, 1, 1, pool).labels;
            for (int t : threadCounts) {
                run(model, batches, t, 1, pool); // warm-up of every count
            }
            double[][] perSecond = new double[threadCounts.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < threadCounts.length; k++) {
                    Run run = run(model, batches, threadCounts[k], passes, pool);
                    perSecond[k][r] = run.perSecond(texts.size() * (long) passes);
                    emit(String.format(Locale.ROOT, "{\"kind\":\"run\",\"threads\":%d,\"repeat\":%d,\"seconds\":%.4f,"
                            + "\"texts_per_s\":%.1f,\"cpu_s\":%.3f,\"identical\":%s}", threadCounts[k], r + 1, run.seconds,
                            perSecond[k][r], run.cpuSeconds, Arrays.equals(reference, run.labels)));
                }
            }
            for (int k = 0; k < threadCounts.length; k++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = perSecond[k][r] / perSecond[0][r];
                }
                emit(String.format(Locale.ROOT, "{\"kind\":\"summary\",\"threads\":%d,\"texts_per_s_median\":%.1f,"
                        + "\"speedup_median\":%.3f,\"speedup_min\":%.3f,\"speedup_max\":%.3f,\"relative_to_threads\":%d}",
                        threadCounts[k], median(perSecond[k]), median(ratio), Arrays.stream(ratio).min().orElse(Double.NaN),
                        Arrays.stream(ratio).max().orElse(Double.NaN), threadCounts[0]));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One timed run: its wall and CPU seconds and the labels of the last pass. */
    private record Run(double seconds, double cpuSeconds, String[] labels) {
        double perSecond(long texts) {
            return texts / seconds;
        }
    }

    private static Run run(TrainedModel model, List<List<String>> batches, int threads, int passes, ExecutorService pool)
            throws Exception {
        String[][] out = new String[batches.size()][];
        long cpu0 = Proc.cpuNanos();
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
                        out[b] = model.predict(batches.get(b)).toArray(new String[0]);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (Proc.cpuNanos() - cpu0) / 1e9;
        List<String> labels = new ArrayList<>();
        for (String[] b : out) {
            labels.addAll(Arrays.asList(b));
        }
        return new Run(seconds, cpuSeconds, labels.toArray(new String[0]));
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void emit(String json) {
        System.out.println(json);
    }
}
