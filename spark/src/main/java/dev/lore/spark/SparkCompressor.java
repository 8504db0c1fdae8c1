package dev.lore.spark;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.GramFactors;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StreamingLoreWriter;
import dev.lore.linalg.GramPrecision;
import dev.lore.linalg.GramSpectrum;
import dev.lore.linalg.ReconstructionError;
import dev.lore.linalg.ReconstructionErrorAccumulator;
import dev.lore.linalg.SvdMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Compresses an embedding table held by Spark with lore's Gram route, in two passes over the rows
 * (docs/design/spark.md):
 *
 * <ol>
 *   <li>one {@code treeAggregate} of a {@link dev.lore.linalg.GramAccumulator} per partition gives
 *       {@code G = E^T E} in double and the rows of each partition; a second, light job checks that
 *       no word occurs twice (64-bit hashes shuffled in buckets and sorted, candidates verified);
 *       the driver decomposes {@code G} ({@link GramSpectrum}) and chooses the rank;
 *   <li>{@code V_r} and the singular values are broadcast; each task maps its rows to their rows of
 *       {@code A} exactly as the driver's {@link GramFactors} would, measures the error
 *       ({@link ReconstructionErrorAccumulator}) and writes its part file, or sends its rows to the
 *       driver, which writes one {@code .lore} file ({@link Layout}).
 * </ol>
 *
 * <p>The result is that of lore's streaming and in-memory routes on the same rows, with one
 * difference: the Gram matrix is summed over the partitions' blocks, not the in-memory route's, so
 * it agrees with theirs to rounding, not bit for bit (docs/design/spark.md gives the measured
 * agreement). With {@code gram(precision=double)} the sums are double throughout and the result
 * does not depend on the partitioning to about 1e-13.
 *
 * <p>Supported: the Gram method (precision mixed or double), float32 factors. A part file or the
 * single file is written with java.nio, so on a cluster the output must be on a file system that
 * every executor and the driver see at the same path. Stateless; concurrent calls on one Spark
 * context run as separate jobs.
 */
public final class SparkCompressor {

    /** Driver memory share that the single-file layout may use for the words and {@code A}. */
    static final double DRIVER_SHARE = 0.25;

    private SparkCompressor() {}

    /** Where the compressed table goes. */
    public enum Layout {
        /** One {@code .lore} file when the words and {@code A} fit in the driver, otherwise parts. */
        AUTO,
        /** One {@code .lore} file, written by the driver. */
        FILE,
        /** A directory of part files and a manifest ({@link LoreParts}). */
        PARTS
    }

    /**
     * How to run.
     *
     * @param layout the output layout, not null
     * @param treeDepth the depth of the {@code treeAggregate}, {@code >= 1}
     */
    public record Options(Layout layout, int treeDepth) {
        /**
         * Validates.
         *
         * @param layout not null
         * @param treeDepth {@code >= 1}
         */
        public Options {
            Objects.requireNonNull(layout, "layout");
            if (treeDepth < 1) {
                throw new IllegalArgumentException("treeDepth must be >= 1, got " + treeDepth);
            }
        }

        /**
         * Automatic layout, depth 2.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(Layout.AUTO, 2);
        }

        /**
         * A copy with another layout.
         *
         * @param l the layout
         * @return the options
         */
        public Options withLayout(Layout l) {
            return new Options(l, treeDepth);
        }
    }

    /**
     * What a compression did.
     *
     * @param report the figures, as lore's own routes report them
     * @param output the file or directory written
     * @param parts whether {@code output} is a parts directory
     * @param partFiles the part files written (0 for one file)
     * @param partitions the input's partitions
     * @param gramSeconds wall time of the first pass (the Gram matrix)
     * @param duplicateSeconds wall time of the duplicate check
     * @param projectSeconds wall time of the second pass and the writing
     */
    public record Result(CompressionReport report, Path output, boolean parts, int partFiles, int partitions,
            double gramSeconds, double duplicateSeconds, double projectSeconds) {
    }

    /**
     * Why {@code spec} cannot be run here, or null if it can.
     *
     * @param spec the compression
     * @return the reason, naming the option, or null
     */
    public static String unsupported(CompressionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.isDense()) {
            return "lore-spark factorizes; keeping the full matrix (--full) is not supported";
        }
        if (spec.quantization() != null) {
            return "lore-spark does not quantize yet (--quantize-bits)";
        }
        if (!(spec.method() instanceof SvdMethod.Gram g) || g.precision() == GramPrecision.FLOAT) {
            return "lore-spark uses the Gram method with precision mixed or double, got " + spec.method();
        }
        return null;
    }

    /**
     * Compresses the rows of a {@code Dataset}.
     *
     * @param table the table (cache it if computing it is costly: it is read two or three times)
     * @param wordColumn its {@code string} column of words
     * @param vectorColumn its {@code array<float>}, {@code array<double>} or ML {@code Vector} column
     * @param spec the compression; see {@link #unsupported}
     * @param source recorded in provenance
     * @param output the {@code .lore} file or parts directory
     * @param options how to run
     * @return what it did
     * @throws IllegalArgumentException if a column is missing or of another type, the table is
     *     empty, or {@code spec} is not supported
     * @throws BadRowException if a row is bad (named by its word)
     * @throws IOException if writing fails
     */
    public static Result compress(Dataset<Row> table, String wordColumn, String vectorColumn, CompressionSpec spec,
            Source source, Path output, Options options) throws IOException {
        int d;
        try {
            d = DatasetEmbeddings.firstDimension(table, wordColumn, vectorColumn);
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw rethrown(e);
        }
        if (d == 0) {
            throw new IllegalArgumentException("the table has no rows to compress");
        }
        JavaRDD<RowBlock> rows = DatasetEmbeddings.read(table, wordColumn, vectorColumn, d);
        return compress(rows, d, spec, source, output, options);
    }

    /**
     * Compresses embedding text files (GloVe or word2vec text, gzip or not), read in parallel.
     *
     * @param sc the Spark context
     * @param input a file, a directory of files or a glob, in Hadoop's syntax
     * @param minPartitions at least this many partitions where the files can be split
     * @param cache whether to keep the parsed rows in the executors' memory (spilled to their disks)
     *     between the passes, instead of parsing the files again for each
     * @param spec the compression
     * @param output the {@code .lore} file or parts directory
     * @param options how to run
     * @return what it did
     * @throws IllegalArgumentException if there is no input or {@code spec} is not supported
     * @throws BadRowException if a line is bad (named by file and line)
     * @throws IOException if reading the input's digest or writing fails
     */
    public static Result compressText(JavaSparkContext sc, String input, int minPartitions, boolean cache,
            CompressionSpec spec, Path output, Options options) throws IOException {
        TextEmbeddings.Layout layout = TextEmbeddings.layout(sc.hadoopConfiguration(), input);
        Source source;
        String only = layout.files().size() == 1 ? layout.files().get(0) : null;
        if (only != null && only.startsWith("file:")) {
            source = Source.of(Path.of(TextEmbeddings.display(only)));
        } else {
            source = new Source(new org.apache.hadoop.fs.Path(input).getName(), "");
        }
        JavaRDD<RowBlock> rows = TextEmbeddings.read(sc, layout, minPartitions);
        if (cache) {
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            return compress(rows, layout.dimension(), spec, source, output, options);
        } finally {
            if (cache) {
                rows.unpersist(false);
            }
        }
    }

    /**
     * Compresses rows given as blocks.
     *
     * @param rows the rows, in order; read two or three times, so they must give the same rows each
     *     time (cache them if computing them is costly)
     * @param dimension {@code d}, the values per row
     * @param spec the compression; see {@link #unsupported}
     * @param source recorded in provenance
     * @param output the {@code .lore} file (its directory must exist) or parts directory (created;
     *     an existing one is replaced only if it is a parts directory)
     * @param options how to run
     * @return what it did
     * @throws IllegalArgumentException if there are no rows, more than {@code Integer.MAX_VALUE},
     *     {@code spec} is not supported or its rank rule gives no valid rank, or {@code output}
     *     cannot be replaced
     * @throws BadRowException if a row is bad
     * @throws IOException if writing fails; the output is then unchanged
     */
    public static Result compress(JavaRDD<RowBlock> rows, int dimension, CompressionSpec spec, Source source,
            Path output, Options options) throws IOException {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(options, "options");
        String refused = unsupported(spec);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        long start = System.nanoTime();
        GramPrecision precision = ((SvdMethod.Gram) spec.method()).precision();
        int d = dimension;

        // Pass 1: the Gram matrix and the rows of every partition.
        PassOne one;
        try {
            one = rows.treeAggregate(new PassOne(d, precision),
                    (acc, block) -> acc.add(block, TaskContext.getPartitionId()), PassOne::merge,
                    options.treeDepth());
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw rethrown(e);
        }
        long v = one.rows();
        if (v == 0) {
            throw new IllegalArgumentException("no rows to compress");
        }
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a table of " + v + " rows: lore's files hold at most "
                    + Integer.MAX_VALUE);
        }
        double gramSeconds = seconds(start);
        long dupStart = System.nanoTime();
        try {
            checkDuplicates(rows); // a .lore file holds each word once
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw rethrown(e);
        }
        double dupSeconds = seconds(dupStart);

        GramSpectrum spectrum = GramSpectrum.of(one.gram());
        int r = spectrum.rank(spec.rank());
        float[] w = spectrum.rightVectors(r);
        double[] kept = Arrays.copyOf(spectrum.singularValues(), r);
        GramFactors factors = GramFactors.of(spectrum, r, spec.placement());
        float[] b = factors.b();
        String method = spec.method().algorithm().name();
        double factorSeconds = seconds(start);
        long projectStart = System.nanoTime();

        boolean parts = chooseParts(options.layout(), rows.context().getConf(), v, r, one.vocabularyBytes());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        FactorParts fp = new FactorParts(w, kept, spectrum.singularValues(), d, spec.placement(), source.name(),
                source.sha256(), method, spec.rank().describe(), spec.seed());
        Broadcast<FactorParts> bc = sc.broadcast(fp);
        Broadcast<float[]> bcB = sc.broadcast(b);
        TreeMap<Integer, long[]> counts = one.partitions();
        Map<Integer, long[]> firstRows = new HashMap<>();
        long next = 0;
        for (Map.Entry<Integer, long[]> en : counts.entrySet()) {
            firstRows.put(en.getKey(), new long[] {en.getValue()[0], en.getValue()[1], next});
            next += en.getValue()[0];
        }
        Broadcast<Map<Integer, long[]>> bcRows = sc.broadcast(firstRows);
        long tableRows = v;
        Path tmp = null;
        if (parts) {
            checkPartsTarget(output);
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = parent.resolve("." + output.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.createDirectory(tmp);
        } else if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("the output " + output + " is a directory; a single .lore file was asked");
        }
        String dir = tmp == null ? null : tmp.toString();
        List<PartOut> outs;
        try {
            try {
                outs = new ArrayList<>(rows.mapPartitionsWithIndex((idx, it) -> {
                    long[] c = bcRows.value().getOrDefault(idx, new long[3]);
                    return PassTwo.run(idx, it, bc.value(), bcB.value(), c[0], c[1], c[2], tableRows, dir);
                }, true).collect());
            } catch (Exception e) { // Spark throws its checked SparkException undeclared
                throw rethrown(e);
            }
            outs.sort(Comparator.comparingInt(PartOut::partition));
            long total = outs.stream().mapToLong(PartOut::rows).sum();
            if (total != v) {
                throw new IOException("the second pass read " + total + " rows, the first " + v
                        + ": the input changed between the passes");
            }
            ReconstructionErrorAccumulator error = ReconstructionErrorAccumulator.create(b, r, d);
            for (PartOut o : outs) {
                error.merge(ReconstructionErrorAccumulator.of(b, r, d, o.rows(), o.squaredResidual(), o.squaredNorm(),
                        o.maxAbsError()));
            }
            ReconstructionError measured = error.result();
            int partFiles = 0;
            if (parts) {
                List<LoreParts.Part> list = new ArrayList<>();
                long first = 0;
                for (PartOut o : outs) {
                    if (o.rows() > 0) {
                        list.add(new LoreParts.Part(o.file(), first, o.rows(), o.fileBytes(), o.crc32c()));
                        first += o.rows();
                    }
                }
                LoreParts.writeManifest(tmp, new LoreParts.Manifest(v, d, r, measured.relativeError(),
                        measured.maxAbsError(), list));
                replaceDirectory(tmp, output);
                tmp = null;
                partFiles = list.size();
            } else {
                Provenance p = Provenance.of(source, method, spec.rank().describe(), spec.placement().label(),
                                spec.seed())
                        .withExtra("error.relative", Double.toString(measured.relativeError()))
                        .withExtra("error.predicted", Double.toString(spectrum.predictedRelativeError(r)))
                        .withExtra("energy.kept", Double.toString(spectrum.keptEnergy(r)))
                        .withExtra("route", "spark");
                try (StreamingLoreWriter writer = StreamingLoreWriter.create(output, (int) v, d, r,
                        one.vocabularyBytes())) {
                    for (PartOut o : outs) {
                        writer.rows(o.words(), o.a(), Math.toIntExact(o.rows()));
                    }
                    writer.finish(spectrum.singularValues(), p, b);
                }
            }
            long original = Math.multiplyExact(v, (long) d);
            long stored = (long) r * (v + d);
            CompressionReport report = new CompressionReport((int) v, d, r, spectrum.singularValues(), true,
                    spectrum.keptEnergy(r), measured.relativeError(), measured.maxAbsError(),
                    spectrum.predictedRelativeError(r), original, stored, 4 * original, 4 * stored, method,
                    factorSeconds, seconds(start));
            return new Result(report, output, parts, partFiles, rows.getNumPartitions(), gramSeconds, dupSeconds,
                    seconds(projectStart));
        } finally {
            bc.destroy();
            bcB.destroy();
            bcRows.destroy();
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Whether the parts layout is taken. */
    static boolean chooseParts(Layout layout, org.apache.spark.SparkConf conf, long v, int r, long vocabularyBytes) {
        if (layout != Layout.AUTO) {
            return layout == Layout.PARTS;
        }
        // On the driver: A (4 r bytes a row) and the words as Java strings (about 48 bytes plus two a char).
        double need = v * (4.0 * r + 48) + 2.0 * vocabularyBytes;
        double heap = Runtime.getRuntime().maxMemory();
        long maxResult = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
        double limit = Math.min(DRIVER_SHARE * heap, maxResult == 0 ? Double.MAX_VALUE : 0.5 * maxResult);
        return need > limit;
    }

    /**
     * Fails with a {@link BadRowException} naming the first duplicate word: the 64-bit hashes of the
     * words shuffled into buckets as primitive arrays, each bucket sorted to find the hashes seen
     * twice, then the rows of those hashes looked at (few, unless duplicates abound) to tell a
     * duplicate from a collision and name both rows.
     */
    static void checkDuplicates(JavaRDD<RowBlock> rows) {
        int buckets = Math.max(1, rows.getNumPartitions());
        // Per partition, its hashes in one primitive array per bucket: a few records a partition to
        // shuffle, not one a row.
        List<Long> suspects = rows.mapPartitionsToPair(it -> {
            long[][] lists = new long[buckets][16];
            int[] sizes = new int[buckets];
            while (it.hasNext()) {
                RowBlock b = it.next();
                for (int i = 0; i < b.count(); i++) {
                    long h = hash(b.words()[i]);
                    int k = (int) Math.floorMod(h, (long) buckets);
                    if (sizes[k] == lists[k].length) {
                        lists[k] = Arrays.copyOf(lists[k], 2 * lists[k].length);
                    }
                    lists[k][sizes[k]++] = h;
                }
            }
            List<Tuple2<Integer, long[]>> out = new ArrayList<>();
            for (int k = 0; k < buckets; k++) {
                if (sizes[k] > 0) {
                    out.add(new Tuple2<>(k, Arrays.copyOf(lists[k], sizes[k])));
                }
            }
            return out.iterator();
        }).groupByKey(buckets).flatMap(t -> {
            int n = 0;
            for (long[] x : t._2()) {
                n += x.length;
            }
            long[] all = new long[n];
            int at = 0;
            for (long[] x : t._2()) {
                System.arraycopy(x, 0, all, at, x.length);
                at += x.length;
            }
            Arrays.sort(all);
            List<Long> twice = new ArrayList<>();
            for (int i = 1; i < n && twice.size() < 64; i++) {
                if (all[i] == all[i - 1] && (twice.isEmpty() || twice.get(twice.size() - 1) != all[i])) {
                    twice.add(all[i]);
                }
            }
            return twice.iterator();
        }).take(64);
        if (suspects.isEmpty()) {
            return;
        }
        Set<Long> s = new HashSet<>(suspects);
        List<String[]> hits = rows.flatMap(b -> {
            List<String[]> out = new ArrayList<>();
            for (int i = 0; i < b.count(); i++) {
                if (s.contains(hash(b.words()[i]))) {
                    out.add(new String[] {b.words()[i], b.where(i)});
                }
            }
            return out.iterator();
        }).collect();
        Map<String, String> seen = new HashMap<>();
        for (String[] h : hits) {
            String before = seen.putIfAbsent(h[0], h[1]);
            if (before != null) {
                throw new BadRowException("duplicate word '" + dev.lore.QuotedText.of(h[0]) + "': " + before
                        + " and " + h[1]);
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then the SplitMix64 finalizer. */
    static long hash(String word) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < word.length(); i++) {
            h ^= word.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A failure of a Spark job as the caller should see it: the bad row's own exception if there is one. */
    static RuntimeException rethrown(Exception e) {
        BadRowException bad = BadRowException.find(e);
        if (bad != null) {
            return bad;
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }

    private static void checkPartsTarget(Path output) throws IOException {
        if (Files.isRegularFile(output)) {
            throw new IllegalArgumentException("the output " + output + " is a file; a parts directory was asked");
        }
        if (Files.isDirectory(output) && !Files.exists(output.resolve(LoreParts.MANIFEST))) {
            try (Stream<Path> s = Files.list(output)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("the output " + output
                            + " is a directory that is not a lore parts directory; not replacing it");
                }
            }
        }
    }

    /** Moves {@code tmp} to {@code output}, replacing an old parts directory there. */
    private static void replaceDirectory(Path tmp, Path output) throws IOException {
        Path old = null;
        if (Files.exists(output)) {
            old = output.toAbsolutePath().getParent().resolve("." + output.getFileName() + "." + UUID.randomUUID()
                    + ".old");
            Files.move(output, old);
        }
        try {
            Files.move(tmp, output);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, output);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
