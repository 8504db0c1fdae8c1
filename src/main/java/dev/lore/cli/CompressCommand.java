package dev.lore.cli;

import dev.lore.compress.ByteBudget;
import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Placement;
import dev.lore.compress.Scheme;
import dev.lore.compress.Source;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.quant.PqRotation;
import dev.lore.quant.ProductQuantizationConfig;
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

/** {@code lore compress}: Compress an embedding file into a compact .lore file, to a byte budget or by an explicit scheme. */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compress an embedding file into a compact .lore file: to a byte budget (--target-ratio,"
                + " --max-bytes: the scheme and its parameters chosen by measured reconstruction error), by an"
                + " explicit --scheme, or by a rank (factorization, optionally quantized).",
            "Bytes are those of the stored matrices (codes, codebooks, scales, factors, rotation); the ratio is"
                + " 4 V d / bytes."})
final class CompressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "FullEmbedding file: GloVe or word2vec text, or word2vec binary (.gz allowed).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.lore", description = "The .lore file to write.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Size (one of them, unless --scheme pq or scalar):%n")
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

        @Option(names = "--target-ratio", paramLabel = "R",
                description = "Byte budget: the matrices take at most 4 V d / R bytes, R >= 1; lore picks the scheme"
                        + " (lowrank, scalar, pq, lowrank-scalar, lowrank-pq) and its parameters of least"
                        + " measured reconstruction error.")
        Double targetRatio;

        @Option(names = "--max-bytes", paramLabel = "N",
                description = "Byte budget: the matrices take at most N bytes; the scheme is chosen as for --target-ratio.")
        Long maxBytes;
    }

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "Explicit scheme: lowrank (with a rank option), scalar (--bits, --quantize-scope), pq"
                    + " (--subspaces, --bits, --rotate), lowrank-scalar (a rank option, --bits; B float32) or"
                    + " lowrank-pq (a rank option, --subspaces, --bits, --rotate; A = U S, B float32).")
    String scheme;

    @Option(names = "--subspaces", paramLabel = "M",
            description = "Product quantization: M sub-spaces, dividing d (pq) or the rank (lowrank-pq).")
    Integer subspaces;

    @Option(names = "--bits", paramLabel = "B",
            description = "Bits per code: in [1, 8] for pq and lowrank-pq (2^B centroids per sub-space), in [1, 16]"
                    + " for scalar and lowrank-scalar.")
    Integer schemeBits;

    @Option(names = "--rotate", paramLabel = "pca|opq", arity = "0..1", fallbackValue = "pca",
            description = "Product quantization: rotate the rows first, by the principal axes balanced over the"
                    + " sub-spaces (pca, the default when given without a value) or by OPQ's alternation (opq).")
    String rotate;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "exact",
            description = "Factorization, with its parameters: exact (the Gram route, V >> d),"
                    + " gram(precision=float|mixed|double), gesvd (LAPACK),"
                    + " randomized or randomized(oversampling=P,iterations=Q,tolerance=T,seed=S) (large d)."
                    + " Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--placement", paramLabel = "right|left|split",
            description = "Where the singular values go: right (B = S V^T, the paper), left (A = U S) or split."
                    + " Default: left for lowrank-pq, right otherwise.")
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

    @Option(names = "--train-head", paramLabel = "N",
            description = "Product quantization: learn the rotation and codebooks on the first N rows (in a"
                    + " frequency-ordered file such as GloVe's, the most frequent words), then encode every row;"
                    + " 0: a uniform sample of all rows. Default: 30000 with --target-ratio or --max-bytes, else 0.")
    Integer trainHead;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Threads of the product quantizer's k-means, in [1, 256]. Default: ${DEFAULT-VALUE}.")
    int threads;

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
        int resolvedRank = 0;
        if (compression.rank() != null && !compression.rank().needsSpectrum()) {
            try {
                resolvedRank = compression.rank().resolve(embeddings.size(), embeddings.dimension());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), rankOption() + ": " + e.getMessage());
            }
        }
        checkAgainstTable(compression, embeddings, resolvedRank);
        Source source = Source.of(input);
        CompressionResult result;
        try {
            result = EmbeddingCompressor.compress(embeddings, compression, source, progress);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("budget: ")) {
                throw usage((targetRatio() ? "--target-ratio" : "--max-bytes") + ": " + m.substring("budget: ".length()));
            }
            if (m.startsWith("subspaces ") || m.startsWith("bits: ")) {
                throw usage("--" + m);
            }
            throw e;
        }
        LoreFile.write(output, result.embedding());
        String choice = result.embedding().provenance().extra().get("budget.choice");
        printSummary(result.report(), readSeconds, choice != null ? choice + " (chosen for "
                + result.embedding().provenance().extra().get("budget") + ")" : result.embedding().scheme());
        return 0;
    }

    private boolean targetRatio() {
        return rank != null && rank.targetRatio != null;
    }

    /** The spec from the options; bad values are usage errors naming the option. */
    private CompressionSpec compressionSpec() {
        if (maxWords < 0) {
            throw usage("--max-words must be >= 0 (0 = all), got " + maxWords);
        }
        if (threads < 1 || threads > 256) {
            throw usage("--threads must be in [1, 256], got " + threads);
        }
        if (trainHead != null && trainHead < 0) {
            throw usage("--train-head must be >= 0 (0 = a uniform sample), got " + trainHead);
        }
        if (rank != null && (rank.targetRatio != null || rank.maxBytes != null)) {
            CompressionSpec b = budgetSpec();
            return trainHead == null ? b : b.withTrainingHead(trainHead);
        }
        if (scheme != null) {
            return schemeSpec();
        }
        if (subspaces != null || schemeBits != null || rotate != null || trainHead != null) {
            throw usage("--subspaces, --bits, --rotate and --train-head need --scheme");
        }
        if (rank == null) {
            throw usage("one of --compression, --rank, --energy, --full, --target-ratio, --max-bytes or --scheme"
                    + " is required");
        }
        if (placement == null) {
            placement = "right";
        }
        return legacySpec();
    }

    private CompressionSpec budgetSpec() {
        if (scheme != null || subspaces != null || schemeBits != null || rotate != null || bits != null
                || scope != null || placement != null) {
            throw usage((targetRatio() ? "--target-ratio" : "--max-bytes") + " chooses the scheme and its parameters:"
                    + " it excludes --scheme, --subspaces, --bits, --rotate, --quantize-bits, --quantize-scope and"
                    + " --placement");
        }
        ByteBudget budget;
        try {
            budget = targetRatio() ? ByteBudget.ratio(rank.targetRatio) : ByteBudget.bytes(rank.maxBytes);
        } catch (IllegalArgumentException e) {
            throw usage(targetRatio() ? "--target-ratio must be finite and >= 1, got " + rank.targetRatio
                    : "--max-bytes must be >= 1, got " + rank.maxBytes);
        }
        return CompressionSpec.forBudget(budget).withSeed(seed).withMethod(parseMethod());
    }

    private CompressionSpec schemeSpec() {
        Scheme sc;
        try {
            sc = Scheme.fromLabel(scheme);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        if (bits != null) {
            throw usage("--scheme takes --bits, not --quantize-bits");
        }
        boolean pq = sc == Scheme.PQ || sc == Scheme.LOWRANK_PQ;
        boolean scalar = sc == Scheme.SCALAR || sc == Scheme.LOWRANK_SCALAR;
        if (sc.isLowRank() && (rank == null || rank.full)) {
            throw usage("--scheme " + sc.label() + " needs --rank, --compression or --energy");
        }
        if (!sc.isLowRank() && rank != null) {
            throw usage("--scheme " + sc.label() + " keeps the full table: it excludes " + rankOption());
        }
        if (!pq && (subspaces != null || rotate != null || trainHead != null)) {
            throw usage("--subspaces, --rotate and --train-head need --scheme pq or lowrank-pq");
        }
        if (!scalar && scope != null) {
            throw usage("--quantize-scope needs --scheme scalar or lowrank-scalar");
        }
        if ((pq || scalar) && schemeBits == null) {
            throw usage("--scheme " + sc.label() + " needs --bits");
        }
        if (!pq && !scalar && schemeBits != null) {
            throw usage("--bits needs --scheme scalar, pq, lowrank-scalar or lowrank-pq");
        }
        if (pq && subspaces == null) {
            throw usage("--scheme " + sc.label() + " needs --subspaces");
        }
        if (placement == null) {
            placement = sc == Scheme.LOWRANK_PQ ? "left" : "right";
        }
        CompressionSpec s = sc.isLowRank() ? CompressionSpec.lowRank(rankRule()) : CompressionSpec.dense();
        try {
            s = s.withPlacement(Placement.fromLabel(placement)).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        s = s.withMethod(parseMethod());
        if (scalar) {
            QuantizationScope qs = parseScope(sc == Scheme.SCALAR ? QuantizationScope.ROW : QuantizationScope.MATRIX);
            QuantizationConfig q;
            try {
                q = new QuantizationConfig(schemeBits, qs);
            } catch (IllegalArgumentException e) {
                throw usage("--" + e.getMessage());
            }
            return sc == Scheme.SCALAR ? s.withQuantization(q) : s.withFactorQuantization(q);
        }
        if (pq) {
            if (schemeBits < ProductQuantizationConfig.MIN_BITS || schemeBits > ProductQuantizationConfig.MAX_BITS) {
                throw usage("--bits must be in [" + ProductQuantizationConfig.MIN_BITS + ", "
                        + ProductQuantizationConfig.MAX_BITS + "] for --scheme " + sc.label() + ", got " + schemeBits);
            }
            if (subspaces < 1 || subspaces > ProductQuantizationConfig.MAX_SUBSPACES) {
                throw usage("--subspaces must be in [1, " + ProductQuantizationConfig.MAX_SUBSPACES + "], got "
                        + subspaces);
            }
            PqRotation rot = PqRotation.NONE;
            if (rotate != null) {
                if (rotate.equalsIgnoreCase("pca")) {
                    rot = PqRotation.PCA;
                } else if (rotate.equalsIgnoreCase("opq")) {
                    rot = PqRotation.OPQ;
                } else {
                    throw usage("--rotate must be pca or opq, got '" + rotate + "'");
                }
            }
            return s.withProductQuantization(ProductQuantizationConfig.of(subspaces, schemeBits).withRotation(rot)
                    .withSeed(seed).withThreads(threads)).withTrainingHead(trainHead == null ? 0 : trainHead);
        }
        return s;
    }

    /** Checks what needs the table's shape: M dividing d (pq) or the rank (lowrank-pq), 2^b rows. */
    private void checkAgainstTable(CompressionSpec c, WordVectors table, int resolvedRank) {
        ProductQuantizationConfig pq = c.productQuantization();
        if (pq == null) {
            return;
        }
        int width = c.rank() == null ? table.dimension() : resolvedRank;
        String what = c.rank() == null ? "the dimension" : "the rank";
        if (width > 0 && (pq.subspaces() > width || width % pq.subspaces() != 0)) {
            throw usage("--subspaces must divide " + what + " " + width + ", got " + pq.subspaces());
        }
        if (table.size() < pq.centroids()) {
            throw usage("--bits " + pq.bits() + " needs at least 2^" + pq.bits() + " = " + pq.centroids()
                    + " rows, the table has " + table.size());
        }
    }

    private QuantizationScope parseScope(QuantizationScope fallback) {
        if (scope == null) {
            return fallback;
        }
        if (scope.equalsIgnoreCase("row")) {
            return QuantizationScope.ROW;
        }
        if (scope.equalsIgnoreCase("matrix")) {
            return QuantizationScope.MATRIX;
        }
        throw usage("--quantize-scope must be row or matrix, got '" + scope + "'");
    }

    private RankRule rankRule() {
        try {
            if (rank.compression != null) {
                return RankRule.compression(rank.compression);
            } else if (rank.rank != null) {
                return RankRule.rank(rank.rank);
            } else if (rank.energy != null) {
                return RankRule.energy(rank.energy);
            }
            return null;
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
    }

    private SvdMethod parseMethod() {
        try {
            SvdMethod m = SvdMethod.parse(method);
            if (m instanceof SvdMethod.Randomized r && !method.toLowerCase(java.util.Locale.ROOT).contains("seed")) {
                m = new SvdMethod.Randomized(r.oversampling(), r.maxPowerIterations(), r.tolerance(), seed);
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw usage("--method: " + e.getMessage());
        }
    }

    /** The spec of the rank options with --quantize-bits (both factors quantized). */
    private CompressionSpec legacySpec() {
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
        return s;
    }

    private String rankOption() {
        return rank.compression != null ? "--compression " + rank.compression
                : rank.rank != null ? "--rank " + rank.rank : rank.energy != null ? "--energy " + rank.energy : "--full";
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void printSummary(CompressionReport r, double readSeconds) throws IOException {
        printSummary(r, readSeconds, "lowrank");
    }

    void printSummary(CompressionReport r, double readSeconds, String scheme) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table();
        t.row("input", input.getFileName().toString());
        t.row("output", output.toString() + " (" + Files.size(output) + " bytes)");
        t.row("rows x cols", r.rows() + " x " + r.cols());
        t.row("scheme", scheme);
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
