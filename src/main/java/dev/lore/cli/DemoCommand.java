package dev.lore.cli;

import dev.lore.compress.Source;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.SequenceEncoder;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.experiment.Experiment;
import dev.lore.experiment.ExperimentPlan;
import dev.lore.experiment.Method;
import dev.lore.experiment.ResultSummary;
import dev.lore.experiment.RunLabels;
import dev.lore.experiment.RunResult;
import dev.lore.io.WordVectors;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.Architecture;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationScope;
import dev.lore.train.OnlineCompression;
import dev.lore.train.TrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lore demo}: the whole pipeline on the data shipped in the repository, in about a minute:
 * pre-train a DAN on the UCI sentiment sentences with the GloVe slice, compress its embedding
 * online (SVD, then fine-tuning) at 90% and 95%, compare with SVD alone, offline SVD, 3- and 1-bit
 * quantization (with and without fine-tuning) and the uncompressed model, print the table, save
 * the online-compressed model, read it back and classify a few sentences.
 *
 * <p>Paths default to the repository that holds the running jar ({@code data/},
 * {@code target/demo}). Exit codes: 0 success, 1 a missing or malformed file, 2 bad arguments.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline on the data shipped in the repository: train a DAN, compress its"
                + " embedding online at 90%% and 95%%, compare with the baselines, save and reload the model."})
final class DemoCommand implements Callable<Integer> {

    static final String DATASET = "uci-sentiment";
    static final String GLOVE_GLOB = "glove.6B.100d.*k.txt.gz";
    static final List<String> EXAMPLES = List.of("The food was wonderful and the staff were friendly.",
            "It broke after two days and nobody answered my emails.", "I loved this movie, the acting was great.");

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "PREFIX",
            description = "PREFIX.train.tsv, .dev.tsv, .test.tsv (default: data/" + DATASET + " in the repository).")
    Path dataset;

    @Option(names = "--embeddings", paramLabel = "FILE",
            description = "Pretrained vectors (default: the GloVe slice data/" + GLOVE_GLOB + " in the repository).")
    Path embeddings;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where results and the model go, replaced if present (default: target/demo in the repository).")
    Path output;

    @Option(names = "--model", defaultValue = "dan", paramLabel = "dan|lstm", description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--compression", split = ",", defaultValue = "0.9,0.95", paramLabel = "P",
            description = "Compressions (default: ${DEFAULT-VALUE}).")
    List<Double> compressions;

    @Option(names = "--ratios", split = ",", defaultValue = "50", paramLabel = "R",
            description = "Byte ratios 4 V d / embedding bytes at which product quantization, pruning and lore's"
                    + " recipe (best) also run, each > 1; 'none' for no ratio runs (default: ${DEFAULT-VALUE}).")
    List<String> ratios;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    TrainingOptions training;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        Architecture architecture;
        try {
            architecture = Architecture.named(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        architecture = training.architecture(spec, architecture);
        for (double p : compressions) {
            if (!(p >= 0 && p <= 31.0 / 32)) {
                throw new ParameterException(spec.commandLine(), "--compression must be in [0, 0.96875], got " + p);
            }
        }
        TrainerConfig pre = training.pretraining(spec, architecture);
        TrainerConfig fine = training.fineTuning(spec, architecture);
        ExperimentPlan plan;
        try {
            plan = new ExperimentPlan(architecture, List.of(Method.values()), compressions, List.of(seed), pre, fine,
                    List.of(fine.schedule()), training.placement(spec, OnlineCompression.DEFAULT_PLACEMENT),
                    QuantizationScope.ROW, ratios());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--compression: " + e.getMessage());
        }
        Path root = repositoryRoot();
        Path prefix = dataset != null ? dataset : root.resolve("data").resolve(DATASET);
        Path vectors = embeddings != null ? embeddings : gloveSlice(root.resolve("data"));
        Path dir = output != null ? output : root.resolve("target").resolve("demo");
        CliFiles.checkNotAnInput(spec.commandLine(), "--output", dir, CliFiles.inputs("--embeddings", embeddings,
                "--dataset", dataset));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("--output " + dir + " is a file, not a directory");
        }
        String hint = dataset != null ? "" : " (the demo data ships in the repository's data/ directory, see"
                + " docs/DATA.md; pass --dataset PREFIX to use other files)";
        Dataset data = DataInputs.dataset(prefix, hint);
        ConsoleProgress progress = ConsoleProgress.stderr(quiet);
        Tokenizer tokenizer = Tokenizer.kim();
        WordVectors glove = DataInputs.embeddings(vectors, List.of(data), tokenizer,
                embeddings != null ? "" : " (pass --embeddings FILE)", progress);
        Source source = Source.of(vectors);
        EncodedDataset enc = DataInputs.encode(data, tokenizer, glove, SequenceEncoder.DEFAULT_MAX_LEN,
                VocabularyConfig.DEFAULT_MIN_COUNT);
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "lore demo: %s (%,d / %,d / %,d sentences), %s (%,d words read), %s, seed %d%n",
                DataInputs.name(prefix), data.train().size(), data.dev().size(), data.test().size(),
                vectors.getFileName(), glove.size(), architecture.name(), seed);
        out.println("  " + enc.vocabulary().stats().summary());
        out.flush();
        double first = compressions.get(0);
        Path modelFile = dir.resolve(String.format(Locale.ROOT, "online-%s.lorem", first));
        ExperimentOutput files = new ExperimentOutput(dir);
        Experiment.Listener listener = new Experiment.Listener() {
            @Override
            public void onModel(RunResult r, TextClassifier m) {
                if (r.method() == Method.ONLINE && r.compression() == first) {
                    save(modelFile, TrainedModel.of(m, enc, Map.of("dataset", r.dataset(), "method", Method.ONLINE.label(),
                            "compression", Double.toString(first), "test_accuracy", Double.toString(r.testAccuracy())))
                            .withPretrainedVectors(source)
                            .withTraining("pre-training", plan.pretraining().withSeed(r.seed()))
                            .withTraining("fine-tuning", Experiment.fineTuningConfig(plan, plan.schedules().get(0),
                                    r.seed())));
                }
            }

            @Override
            public void onRun(RunResult r) {
                files.onRun(r);
            }

            @Override
            public void onTraining(dev.lore.experiment.TrainingRecord t) {
                files.onTraining(t);
            }
        };
        Experiment.run(DataInputs.name(prefix), enc, plan, listener, progress);
        files.finish();
        printTable(out, files.rows());
        TrainedModel back = ModelFile.read(modelFile);
        out.printf(Locale.ROOT, "%nsaved the online model (p = %s) to %s (%,d bytes); read back, it says:%n", first,
                modelFile, Files.size(modelFile));
        for (String s : EXAMPLES) {
            out.printf(Locale.ROOT, "  %s  \"%s\"%n", back.predict(s), s);
        }
        out.printf(Locale.ROOT, "%nresults in %s: %s, %s, %s, %s%ntotal %.1f s%n", dir, ExperimentOutput.CSV,
                ExperimentOutput.MARKDOWN, ExperimentOutput.HISTORIES, ExperimentOutput.PLOT,
                (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }

    /** The byte ratios of {@code --ratios}, checked; none for the word {@code none}. */
    private List<Double> ratios() {
        List<Double> out = new ArrayList<>();
        for (String r : ratios) {
            if (r.equals("none")) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(r);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--ratios must be numbers > 1 or 'none', got " + r);
            }
            if (!(v > 1 && Double.isFinite(v))) {
                throw new ParameterException(spec.commandLine(), "--ratios must be finite and > 1, got " + r);
            }
            out.add(v);
        }
        return out;
    }

    private static void save(Path file, TrainedModel m) {
        try {
            ModelFile.write(file, m);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void printTable(PrintWriter out, List<RunResult> rows) {
        out.println();
        out.printf(Locale.ROOT, "  %-13s %-5s %-15s %12s %12s %7s %7s %7s%n", "method", "p", "stored as", "emb. params",
                "emb. bytes", "ratio", "dev %", "test %");
        List<ResultSummary> summaries = ResultSummary.of(rows);
        long float32 = summaries.stream().filter(s -> s.method() == Method.NONE).mapToLong(ResultSummary::embeddingBytes)
                .findFirst().orElse(0);
        for (ResultSummary s : summaries) {
            String ratio = float32 > 0 && s.embeddingBytes() > 0
                    ? String.format(Locale.ROOT, "%.1fx", (double) float32 / s.embeddingBytes()) : "";
            out.printf(Locale.ROOT, "  %-13s %-5s %-15s %,12d %,12d %7s %7.2f %7.2f%n", s.method().label(),
                    RunLabels.compression(s.method(), s.compression()), RunLabels.storedAs(s.rank(), s.bits()),
                    s.embeddingParameters(), s.embeddingBytes(), ratio, 100 * s.devMean(), 100 * s.testMean());
        }
    }

    /**
     * The directory holding {@code target/} with the running jar (or classes), or the working
     * directory when lore does not run from a build tree.
     */
    static Path repositoryRoot() {
        try {
            Path code = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null) {
                return target.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // Not a build tree (e.g. a jar loaded from elsewhere): the working directory is the guess.
            return Path.of("").toAbsolutePath();
        }
        return Path.of("").toAbsolutePath();
    }

    /** The GloVe slice shipped in {@code data}, the largest if several. */
    static Path gloveSlice(Path data) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(data)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(data, GLOVE_GLOB)) {
                s.forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no GloVe slice " + data.resolve(GLOVE_GLOB) + " found: it ships with lore (see"
                    + " docs/DATA.md; data/make-glove-slice.sh makes it); or pass --embeddings FILE, e.g."
                    + " ../shared/data/glove/glove.6B.100d.341k.txt.gz");
        }
        found.sort(null);
        return found.get(found.size() - 1);
    }
}
