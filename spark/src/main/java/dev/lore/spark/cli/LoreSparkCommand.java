package dev.lore.spark.cli;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Placement;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.spark.BadRowException;
import dev.lore.spark.SparkCompressor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lore-spark}: lore's compression of embedding tables on Apache Spark. One subcommand,
 * {@code compress}, with the rank, method and placement options of {@code lore compress} and the
 * same summary table. Exit codes: 0 success, 1 bad input or failure, 2 usage error.
 */
@Command(name = "lore-spark", mixinStandardHelpOptions = true, subcommands = LoreSparkCommand.Compress.class,
        description = "Compress embedding tables on Apache Spark with lore's Gram route.")
public final class LoreSparkCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: compress");
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code.
     *
     * @param args the arguments
     * @return 0 on success, 1 on bad input or failure, 2 on a usage error
     */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new LoreSparkCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("lore-spark: " + message(e));
            line.getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Exception e) {
        if (e instanceof BadRowException || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException) {
            return e.getMessage();
        }
        return e.toString();
    }

    /** {@code lore-spark compress}. */
    @Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Factorize an embedding table (GloVe or word2vec text files, read in parallel)"
                    + " into a .lore file, or a directory of part files with a manifest.")
    static final class Compress implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "PATH",
                description = "A GloVe or word2vec text file (.gz allowed), a directory of them or a glob, in"
                        + " Hadoop's syntax (a local path, hdfs://...).")
        String input;

        @Option(names = "--output", required = true, paramLabel = "OUT",
                description = "The .lore file, or the parts directory (see --layout).")
        Path output;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "Rank (exactly one):%n")
        RankOptions rank;

        static final class RankOptions {
            @Option(names = "--compression", paramLabel = "P",
                    description = "Parameter compression in [0, 1): r = floor((1 - P) V d / (V + d)).")
            Double compression;

            @Option(names = "--rank", paramLabel = "R", description = "Explicit rank in [1, min(V, d)].")
            Integer rank;

            @Option(names = "--energy", paramLabel = "F",
                    description = "Smallest rank keeping a fraction F in (0, 1] of sum s_i^2.")
            Double energy;
        }

        @Option(names = "--method", paramLabel = "METHOD", defaultValue = "exact",
                description = "exact (the Gram route) or gram(precision=mixed|double). Default: ${DEFAULT-VALUE}.")
        String method;

        @Option(names = "--placement", paramLabel = "right|left|split", defaultValue = "right",
                description = "Where the singular values go. Default: ${DEFAULT-VALUE}.")
        String placement;

        @Option(names = "--quantize-bits", paramLabel = "B",
                description = "Quantize the stored matrices to B bits (not supported on Spark yet).")
        Integer bits;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed recorded in provenance.")
        long seed;

        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[2]; default: spark-submit's, else local[*].")
        String master;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
                description = "At least N input partitions where the files can be split (0: Spark's default"
                        + " parallelism).")
        int partitions;

        @Option(names = "--layout", paramLabel = "auto|file|parts", defaultValue = "auto",
                description = "One .lore file written by the driver (file), a directory of part files and a"
                        + " manifest (parts), or file when the words and A fit in the driver (auto)."
                        + " Default: ${DEFAULT-VALUE}.")
        String layout;

        @Option(names = "--no-cache", description = "Parse the files again for each pass instead of keeping the"
                + " parsed rows in the executors' memory and disks.")
        boolean noCache;

        @Option(names = {"-q", "--quiet"}, description = "No progress messages.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            CompressionSpec cs = compressionSpec();
            SparkCompressor.Layout l = switch (layout.toLowerCase(Locale.ROOT)) {
                case "auto" -> SparkCompressor.Layout.AUTO;
                case "file" -> SparkCompressor.Layout.FILE;
                case "parts" -> SparkCompressor.Layout.PARTS;
                default -> throw usage("--layout must be auto, file or parts, got '" + layout + "'");
            };
            if (partitions < 0) {
                throw usage("--partitions must be >= 0, got " + partitions);
            }
            Path local = localInput();
            if (local != null && Files.exists(local) && Files.exists(output) && Files.isSameFile(local, output)) {
                throw usage("--output " + output + " is the input");
            }
            Path parent = output.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw usage("--output " + output + ": its directory does not exist");
            }
            SparkSession running = SparkSession.getActiveSession().isDefined()
                    ? SparkSession.getActiveSession().get() : null;
            SparkSession session = running != null ? running : newSession();
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
                int n = partitions > 0 ? partitions : sc.defaultParallelism();
                if (!quiet) {
                    System.err.println("lore-spark: compressing " + input + " on " + sc.master() + ", at least " + n
                            + " partitions");
                }
                SparkCompressor.Result r;
                try {
                    r = SparkCompressor.compressText(sc, input, n, !noCache, cs, output,
                            new SparkCompressor.Options(l, 2));
                } catch (IllegalArgumentException e) {
                    String m = String.valueOf(e.getMessage());
                    if (m.startsWith("rank ") || m.startsWith("compression ") || m.startsWith("energy ")) {
                        throw usage(m); // the rank rule, known after the first pass
                    }
                    throw e;
                }
                printSummary(r);
            } finally {
                if (running == null) {
                    session.stop();
                }
            }
            return 0;
        }

        /** A session on {@code --master}, or spark-submit's, or all local cores; local ones on the loopback. */
        private SparkSession newSession() {
            SparkSession.Builder b = SparkSession.builder().appName("lore-spark compress");
            String m = master != null ? master : System.getProperty("spark.master", "local[*]");
            b = b.master(m);
            if (m.startsWith("local")) {
                b = b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false");
            }
            return b.getOrCreate();
        }

        private Path localInput() {
            if (input.contains("://") && !input.startsWith("file:")) {
                return null;
            }
            return Path.of(input.startsWith("file:") ? input.substring(5) : input);
        }

        private CompressionSpec compressionSpec() {
            RankRule rule;
            try {
                if (rank.compression != null) {
                    rule = RankRule.compression(rank.compression);
                } else if (rank.rank != null) {
                    rule = RankRule.rank(rank.rank);
                } else {
                    rule = RankRule.energy(rank.energy);
                }
            } catch (IllegalArgumentException e) {
                throw usage("--" + e.getMessage());
            }
            CompressionSpec s = CompressionSpec.lowRank(rule);
            try {
                s = s.withPlacement(Placement.fromLabel(placement)).withSeed(seed);
            } catch (IllegalArgumentException e) {
                throw usage("--" + e.getMessage());
            }
            try {
                s = s.withMethod(SvdMethod.parse(method));
            } catch (IllegalArgumentException e) {
                throw usage("--method: " + e.getMessage());
            }
            if (bits != null) {
                if (bits < 1 || bits > 16) {
                    throw usage("--quantize-bits must be in [1, 16], got " + bits);
                }
                throw usage("--quantize-bits: lore-spark does not quantize yet; compress with it, then quantize"
                        + " the .lore file's factors with lore");
            }
            String refused = SparkCompressor.unsupported(s);
            if (refused != null) {
                throw usage("--method: " + refused);
            }
            return s;
        }

        private ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        private void printSummary(SparkCompressor.Result res) throws java.io.IOException {
            CompressionReport r = res.report();
            PrintWriter out = spec.commandLine().getOut();
            Table t = new Table();
            t.row("input", input);
            t.row("output", res.parts() ? output + " (" + res.partFiles() + " part files and a manifest)"
                    : output + " (" + Files.size(output) + " bytes)");
            t.row("rows x cols", r.rows() + " x " + r.cols());
            t.row("rank", Integer.toString(r.rank()));
            t.row("method", r.method() + " on Spark, " + res.partitions() + " partitions");
            t.row("kept energy", Table.num(r.keptEnergy()));
            t.row("predicted error", Table.num(r.predictedError()) + " (Eckart-Young, relative Frobenius)");
            t.row("measured error", Table.num(r.relativeError()) + " relative Frobenius, max abs "
                    + Table.num(r.maxAbsError()));
            t.row("parameters", r.originalParameters() + " -> " + r.storedParameters() + " (compression "
                    + Table.num(r.parameterCompression()) + ")");
            t.row("matrix bytes", r.originalBytes() + " -> " + r.storedBytes() + " (ratio "
                    + Table.num(r.compressionRatio()) + ")");
            t.row("seconds", "gram pass " + Table.secs(res.gramSeconds()) + ", duplicate check "
                    + Table.secs(res.duplicateSeconds()) + ", factorize " + Table.secs(r.factorSeconds())
                    + ", project and write " + Table.secs(res.projectSeconds()) + ", compress total "
                    + Table.secs(r.seconds()));
            t.print(out);
            out.flush();
        }
    }

    /** A two-column text table, as lore's command line prints its summaries. */
    static final class Table {
        private final java.util.List<String[]> rows = new java.util.ArrayList<>();

        void row(String label, String value) {
            rows.add(new String[] {label, value});
        }

        void print(PrintWriter out) {
            int width = 0;
            for (String[] r : rows) {
                width = Math.max(width, r[0].length());
            }
            for (String[] r : rows) {
                out.println("  " + r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
            }
        }

        static String num(double v) {
            return String.format(Locale.ROOT, "%.6g", v);
        }

        static String secs(double s) {
            return String.format(Locale.ROOT, "%.3f s", s);
        }
    }
}
