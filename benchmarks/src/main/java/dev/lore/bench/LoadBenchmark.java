package dev.lore.bench;

import dev.lore.ProgressListener;
import dev.lore.io.EmbeddingFormat;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.EmbeddingWriter;
import dev.lore.io.LoadResult;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads an embedding file repeatedly with {@link EmbeddingReader} and reports the time, the
 * throughput on the uncompressed size and the peak Java heap.
 *
 * <pre>
 * LoadBenchmark FILE [--runs N] [--threads T] [--write OUT]
 * </pre>
 *
 * <p>One first load in the fresh JVM (timed and reported as {@code first_load_s}: it includes
 * class loading and JIT compilation, which a one-off command-line load pays), then {@code N}
 * (default 5, may be 0) timed loads, each preceded by a
 * {@code System.gc()} and a reset of the heap pools' peak usage. Prints one JSON line per run and
 * a summary line: the median wall and CPU seconds, MB/s (10^6 bytes of uncompressed text per
 * second of median wall time), words, dimension, the largest peak heap of any run (the sum of
 * the heap pools' peaks: an upper bound, pools peak at different moments), the live heap after a
 * load with the result still referenced, and the sum of all values in double as a checksum. The
 * vectors themselves live off-heap in ND4J and are not part of the heap figures; the summary's
 * {@code vmhwm_mib} (peak resident set size of the process, from {@code /proc/self/status}) counts
 * everything, and {@code rss_baseline_mib} is the resident size after ND4J's initialization, before
 * the first load. For the peak memory of one load, run with {@code --runs 0}.
 *
 * <p>With {@code --write OUT}, the loaded embeddings are then written to {@code OUT} twice
 * (GloVe text in the shortest exact form; word2vec binary if the name ends in {@code .bin};
 * gzipped if it ends in {@code .gz}) and each write's time and size is printed.
 */
public final class LoadBenchmark {

    private static final double MB = 1e6;
    private static final double MIB = 1 << 20;

    private LoadBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: LoadBenchmark FILE [--runs N] [--threads T] [--write OUT]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = intOption(args, "--runs", 5);
        int threads = intOption(args, "--threads", 0);
        ReadOptions options = ReadOptions.defaults().withThreads(threads);
        long bytes = uncompressedSize(file);
        Nd4j.create(DataType.FLOAT, 1, 1).close(); // load the native libraries before the baseline
        double baselineRss = Proc.rssMib();
        long first0 = System.nanoTime();
        LoadResult first = load(file, options); // also the warm-up: class loading, JIT
        double firstSeconds = (System.nanoTime() - first0) / 1e9;
        double firstPeakHeap = Proc.peakHeapMib(); // since the JVM started: nothing was reset yet
        Run last = new Run(firstSeconds, 0, first.vectors().size(), first.vectors().dimension(), 0, 0,
                checksum(first));
        first.vectors().matrix().close();

        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        double peakHeap = firstPeakHeap;
        for (int run = 1; run <= runs; run++) {
            last = measure(file, options);
            seconds.add(last.seconds);
            cpuSeconds.add(last.cpuSeconds);
            peakHeap = Math.max(peakHeap, last.peakHeapMib);
            System.out.println(String.format(Locale.ROOT, "{\"run\":%d,\"seconds\":%.3f,"
                    + "\"cpu_seconds\":%.3f,\"mb_per_s\":%.1f,\"words\":%d,\"dim\":%d,"
                    + "\"peak_heap_mib\":%.1f,\"live_heap_mib\":%.1f,\"checksum\":%.6f}", run,
                    last.seconds, last.cpuSeconds, bytes / MB / last.seconds, last.words, last.dim,
                    last.peakHeapMib, last.liveHeapMib, last.checksum));
        }
        double median = runs > 0 ? median(seconds) : Double.NaN;
        System.out.println(String.format(Locale.ROOT, "{\"summary\":true,\"harness\":\"LoadBenchmark\","
                + "\"file\":\"%s\",\"uncompressed_bytes\":%d,\"runs\":%d,\"threads\":%d,"
                + "\"first_load_s\":%.3f,\"median_seconds\":%.3f,\"min_seconds\":%.3f,"
                + "\"median_cpu_seconds\":%.3f,\"mb_per_s\":%.1f,\"words\":%d,\"dim\":%d,"
                + "\"matrix_mib\":%.1f,\"peak_heap_mib\":%.1f,\"live_heap_mib\":%.1f,"
                + "\"max_heap_mib\":%.1f,%s,%s,\"checksum\":%.6f,\"java\":\"%s\",\"jvm_args\":\"%s\","
                + "\"loadavg\":\"%s\"}", file.getFileName(), bytes, runs, threads, firstSeconds, median,
                runs > 0 ? seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow() : Double.NaN,
                runs > 0 ? median(cpuSeconds) : Double.NaN, bytes / MB / median, last.words, last.dim,
                4.0 * last.words * last.dim / MIB, peakHeap, last.liveHeapMib,
                Runtime.getRuntime().maxMemory() / MIB, Proc.mib("rss_baseline_mib", baselineRss),
                Proc.mib("vmhwm_mib", Proc.peakRssMib()), last.checksum, System.getProperty("java.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), Proc.loadAverage())
                .replace("NaN", "null"));
        String out = stringOption(args, "--write");
        if (out != null) {
            write(file, options, Path.of(out));
        }
    }

    private static void write(Path file, ReadOptions options, Path out) throws IOException {
        WordVectors embeddings = load(file, options).vectors();
        String name = out.getFileName().toString().replaceFirst("\\.gz$", "");
        EmbeddingFormat format = name.endsWith(".bin") ? EmbeddingFormat.WORD2VEC_BINARY
                : EmbeddingFormat.GLOVE_TEXT;
        for (int run = 1; run <= 2; run++) {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            EmbeddingWriter.write(out, embeddings, format);
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            System.out.println(String.format(Locale.ROOT, "{\"write\":\"%s\",\"format\":\"%s\","
                    + "\"run\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"bytes\":%d}",
                    out.getFileName(), format, run, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9,
                    Files.size(out)));
        }
    }

    private record Run(double seconds, double cpuSeconds, long words, int dim, double peakHeapMib,
            double liveHeapMib, double checksum) {}

    private static Run measure(Path file, ReadOptions options) throws IOException {
        List<MemoryPoolMXBean> heap = heapPools();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        LoadResult result = load(file, options);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        double peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / MIB;
        System.gc();
        double live = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum() / MIB;
        Run run = new Run((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, result.vectors().size(),
                result.vectors().dimension(), peak, live, checksum(result));
        result.vectors().matrix().close();
        return run;
    }

    /** Sum of all values in double. */
    private static double checksum(LoadResult result) {
        FloatBuffer values = result.vectors().matrix().data().asNioFloat();
        double sum = 0;
        for (int i = 0; i < values.limit(); i++) {
            sum += values.get(i);
        }
        return sum;
    }

    private static LoadResult load(Path file, ReadOptions options) throws IOException {
        return EmbeddingReader.load(file, options, ProgressListener.none());
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes of the file, decompressed if it is gzipped. */
    private static long uncompressedSize(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 != 0x1f || b1 != 0x8b) {
                return Files.size(file);
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static int intOption(String[] args, String name, int fallback) {
        String value = stringOption(args, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String stringOption(String[] args, String name) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
