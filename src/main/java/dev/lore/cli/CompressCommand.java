package dev.lore.cli;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Placement;
import dev.lore.compress.Source;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lore compress}: Factorize (and optionally quantize) an embedding file into a compact .lore file. */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Factorize (and optionally quantize) an embedding file into a compact .lore file.")
final class CompressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "FullEmbedding file: GloVe or word2vec text, or word2vec binary (.gz allowed).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.lore", description = "The .lore file to write.")
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

        @Option(names = "--full", description = "No factorization: keep the full matrix (with --quantize-bits:"
                + " the fixed-point baseline).")
        boolean full;
    }

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "exact",
            description = "Factorization, with its parameters: exact (the Gram route, V >> d),"
                    + " gram(precision=float|mixed|double), gesvd (LAPACK),"
                    + " randomized or randomized(oversampling=P,iterations=Q,tolerance=T,seed=S) (large d)."
                    + " Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--placement", paramLabel = "right|left|split", defaultValue = "right",
            description = "Where the singular values go: right (B = S V^T, the paper), left (A = U S) or split."
                    + " Default: ${DEFAULT-VALUE}.")
    String placement;

    @Option(names = "--quantize-bits", paramLabel = "B", description = "Quantize every stored matrix to B bits, B in [1, 16].")
    Integer bits;

    @Option(names = "--quantize-scope", paramLabel = "row|matrix",
            description = "One quantization range per row or per matrix. Default: row with --full, matrix for"
                    + " the factors (per-row ranges cost 8 bytes a row: measured on GloVe, worth it for"
                    + " 100-value rows, not for rank-9 factor rows).")
    String scope;

    @Option(names = "--max-words", paramLabel = "N", defaultValue = "0",
            description = "Keep only the first N words of the file (0: all).")
    int maxWords;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the compression's random choices, and of a randomized method given without seed=.")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--streaming", description = "Two passes over the file, never holding the table in memory"
            + " (chosen by itself when the table does not fit the heap): exact Gram method, no quantization.")
    boolean streaming;

    @Override
    public Integer call() throws IOException {
        CompressionSpec compression = compressionSpec();
        CliFiles.checkNotAnInput(spec.commandLine(), "--output", output, CliFiles.inputs("--input", input));
        CliFiles.checkInput("--input", input);
        CliFiles.checkOutputFile("--output", output);
        ConsoleProgress progress = ConsoleProgress.stderr(quiet);
        if (StreamingRoute.chosen(this, compression)) {
            printSummary(StreamingRoute.run(this, compression, progress), 0.0);
            return 0;
        }
        long start = System.nanoTime();
        WordVectors embeddings = EmbeddingReader.load(input, new ReadOptions(null, maxWords, null), progress)
                .vectors();
        double readSeconds = (System.nanoTime() - start) / 1e9;
        if (compression.rank() != null && !compression.rank().needsSpectrum()) {
            try {
                compression.rank().resolve(embeddings.size(), embeddings.dimension());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), rankOption() + ": " + e.getMessage());
            }
        }
        Source source = Source.of(input);
        CompressionResult result = EmbeddingCompressor.compress(embeddings, compression, source, progress);
        LoreFile.write(output, result.embedding());
        printSummary(result.report(), readSeconds);
        return 0;
    }

    /** The spec from the options; bad values are usage errors naming the option. */
    private CompressionSpec compressionSpec() {
        RankRule rule = null;
        try {
            if (rank.compression != null) {
                rule = RankRule.compression(rank.compression);
            } else if (rank.rank != null) {
                rule = RankRule.rank(rank.rank);
            } else if (rank.energy != null) {
                rule = RankRule.energy(rank.energy);
            }
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        CompressionSpec s = rule == null ? CompressionSpec.dense() : CompressionSpec.lowRank(rule);
        try {
            s = s.withPlacement(Placement.fromLabel(placement)).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        try {
            SvdMethod m = SvdMethod.parse(method);
            if (m instanceof SvdMethod.Randomized r && !method.toLowerCase(java.util.Locale.ROOT).contains("seed")) {
                m = new SvdMethod.Randomized(r.oversampling(), r.maxPowerIterations(), r.tolerance(), seed);
            }
            s = s.withMethod(m);
        } catch (IllegalArgumentException e) {
            throw usage("--method: " + e.getMessage());
        }
        if (scope != null && bits == null) {
            throw usage("--quantize-scope needs --quantize-bits");
        }
        if (bits != null) {
            QuantizationScope qs;
            if (scope == null) {
                qs = rule == null ? QuantizationScope.ROW : QuantizationScope.MATRIX;
            } else if (scope.equalsIgnoreCase("row")) {
                qs = QuantizationScope.ROW;
            } else if (scope.equalsIgnoreCase("matrix")) {
                qs = QuantizationScope.MATRIX;
            } else {
                throw usage("--quantize-scope must be row or matrix, got '" + scope + "'");
            }
            try {
                s = s.withQuantization(new QuantizationConfig(bits, qs));
            } catch (IllegalArgumentException e) {
                throw usage("--quantize-" + e.getMessage());
            }
        }
        if (maxWords < 0) {
            throw usage("--max-words must be >= 0 (0 = all), got " + maxWords);
        }
        return s;
    }

    private String rankOption() {
        return rank.compression != null ? "--compression " + rank.compression
                : rank.rank != null ? "--rank " + rank.rank : "--energy " + rank.energy;
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void printSummary(CompressionReport r, double readSeconds) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table();
        t.row("input", input.getFileName().toString());
        t.row("output", output.toString() + " (" + Files.size(output) + " bytes)");
        t.row("rows x cols", r.rows() + " x " + r.cols());
        t.row("rank", r.rank() == 0 ? "full (no factorization)" : Integer.toString(r.rank()));
        t.row("method", r.method());
        if (r.rank() > 0) {
            t.row("kept energy", Table.num(r.keptEnergy()));
            t.row("predicted error", Table.num(r.predictedError()) + " (Eckart-Young, relative Frobenius)");
        }
        t.row("measured error", Table.num(r.relativeError()) + " relative Frobenius, max abs "
                + Table.num(r.maxAbsError()));
        t.row("parameters", r.originalParameters() + " -> " + r.storedParameters() + " (compression "
                + Table.num(r.parameterCompression()) + ")");
        t.row("matrix bytes", r.originalBytes() + " -> " + r.storedBytes() + " (ratio "
                + Table.num(r.compressionRatio()) + ")");
        t.row("seconds", "read " + Table.secs(readSeconds) + ", factorize " + Table.secs(r.factorSeconds())
                + ", compress total " + Table.secs(r.seconds()));
        t.print(out);
        out.flush();
    }
}
