package dev.lore.bench;

import dev.lore.store.EmbeddingStore;
import dev.lore.store.Neighbour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The serving path of {@link EmbeddingStore} on one file, in a fresh JVM, as
 * {@code peers/store_peer.py} measures gensim's {@code KeyedVectors} in a fresh Python process:
 *
 * <ol>
 *   <li>{@code baseline}: the resident set (VmRSS) after a small store was opened and queried, so
 *       that the classes, the JIT and the native libraries the queries need are loaded;
 *   <li>{@code open}: wall time of {@link EmbeddingStore#open} on {@code --store}, and VmRSS after it;
 *   <li>{@code first}: the first nearest-10 query (it also computes the row norms);
 *   <li>{@code single}: nearest-10 of {@code --single} words one at a time, after {@code --warmup}
 *       such queries; median, min and mean milliseconds per query; threads 1 (and each of
 *       {@code --threads} splitting the rows);
 *   <li>{@code batch}: nearest-10 of the first {@code --batch} words in one call, for each of
 *       {@code --threads}; and VmRSS after all of that ({@code rss_after_queries_mib}).
 * </ol>
 *
 * <p>Usage: {@code StoreBenchmark --store F --words F [--small F] [--single N] [--warmup N]
 * [--batch N] [--threads 1,2]}; {@code --words} one query word per line, all in the store.
 * One JSON line per measurement.
 */
public final class StoreBenchmark {

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path store = null;
        Path wordsFile = null;
        Path small = null;
        int single = 200;
        int warmup = 100;
        int batch = 1000;
        int[] threads = {1, 2};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> store = Path.of(args[++i]);
                case "--words" -> wordsFile = Path.of(args[++i]);
                case "--small" -> small = Path.of(args[++i]);
                case "--single" -> single = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (store == null || wordsFile == null) {
            throw new IllegalArgumentException("usage: StoreBenchmark --store F --words F [--small F] ...");
        }
        List<String> words = Files.readAllLines(wordsFile).stream().map(String::strip).filter(w -> !w.isEmpty()).toList();
        if (small != null) {
            EmbeddingStore s = EmbeddingStore.open(small);
            for (int i = 0; i < 200; i++) {
                s.nearest(s.vocabulary().word(i % s.size()), 10);
            }
            s.nearest(List.of(s.vocabulary().word(0), s.vocabulary().word(1)), 10, 2);
        }
        System.gc();
        double baseline = Proc.rssMib();
        System.out.println("{\"kind\":\"baseline\",\"file\":\"" + store + "\"," + Proc.mib("rss_mib", baseline)
                + ",\"loadavg\":\"" + Proc.loadAverage() + "\"}");

        long t0 = System.nanoTime();
        EmbeddingStore s = EmbeddingStore.open(store);
        double openMs = (System.nanoTime() - t0) / 1e6;
        double afterOpen = Proc.rssMib();
        System.out.println(String.format(Locale.ROOT, "{\"kind\":\"open\",\"store\":\"%s\",\"ms\":%.2f,%s,%s,"
                + "\"stored_mib\":%.1f,\"heap_mib\":%.1f}", s, openMs, Proc.mib("rss_mib", afterOpen),
                Proc.mib("rss_over_baseline_mib", afterOpen - baseline), Files.size(store) / 1048576.0,
                s.heapBytes() / 1048576.0));

        t0 = System.nanoTime();
        List<Neighbour> first = s.nearest(words.get(0), 10);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        System.out.println(String.format(Locale.ROOT, "{\"kind\":\"first\",\"ms\":%.2f,\"top\":\"%s\"}", firstMs,
                first.get(0).word()));

        for (int i = 0; i < warmup; i++) {
            s.nearest(words.get((i + 7) % words.size()), 10);
        }
        List<Integer> singleThreads = new ArrayList<>();
        singleThreads.add(1);
        for (int t : threads) {
            if (t > 1) {
                singleThreads.add(t);
            }
        }
        for (int t : singleThreads) {
            double[] ms = new double[Math.min(single, words.size())];
            for (int i = 0; i < ms.length; i++) {
                List<String> one = List.of(words.get(i));
                long a = System.nanoTime();
                s.nearest(one, 10, t);
                ms[i] = (System.nanoTime() - a) / 1e6;
            }
            System.out.println(String.format(Locale.ROOT, "{\"kind\":\"single\",\"threads\":%d,\"queries\":%d,"
                    + "\"median_ms\":%.3f,\"min_ms\":%.3f,\"mean_ms\":%.3f,\"loadavg\":\"%s\"}", t, ms.length,
                    median(ms), Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).average().orElse(0),
                    Proc.loadAverage()));
        }
        List<String> batchWords = words.subList(0, Math.min(batch, words.size()));
        for (int t : threads) {
            long cpu = Proc.cpuNanos();
            long a = System.nanoTime();
            s.nearest(batchWords, 10, t);
            double ms = (System.nanoTime() - a) / 1e6;
            System.out.println(String.format(Locale.ROOT, "{\"kind\":\"batch\",\"threads\":%d,\"queries\":%d,"
                    + "\"ms\":%.1f,\"cpu_ms\":%.1f,\"loadavg\":\"%s\"}", t, batchWords.size(), ms,
                    (Proc.cpuNanos() - cpu) / 1e6, Proc.loadAverage()));
        }
        double after = Proc.rssMib();
        System.out.println(String.format(Locale.ROOT, "{\"kind\":\"memory\",%s,%s,%s}", Proc.mib("rss_after_queries_mib",
                after), Proc.mib("rss_after_queries_over_baseline_mib", after - baseline),
                Proc.mib("peak_rss_mib", Proc.peakRssMib())));
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
