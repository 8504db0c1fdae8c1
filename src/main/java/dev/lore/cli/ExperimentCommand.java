package dev.lore.cli;

import dev.lore.AtomicFiles;
import dev.lore.LoreVersion;
import dev.lore.compress.Source;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Tokenizer;
import dev.lore.experiment.Experiment;
import dev.lore.experiment.ExperimentPlan;
import dev.lore.experiment.Method;
import dev.lore.experiment.ResultsMarkdown;
import dev.lore.experiment.RunResult;
import dev.lore.experiment.TrainingRecord;
import dev.lore.io.WordVectors;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.Architecture;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.train.OnlineCompression;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.TrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lore experiment}: runs a grid of compression experiments (methods x compressions x seeds,
 * optionally x fine-tuning schedules) on labeled datasets and writes {@code results.csv},
 * {@code results.md}, {@code histories.jsonl}, {@code accuracy-vs-compression.png} and
 * {@code experiment.txt} (how the results were made) to the output directory.
 *
 * <p>Exit codes: 0 success, 1 a missing or malformed input file or a failed write, 2 bad arguments.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of compression experiments on labeled datasets: train, compress, fine-tune,"
                + " and write results.csv, results.md, histories.jsonl and accuracy-vs-compression.png.",
            "Methods: online (SVD of the trained embedding, then fine-tuning), svd (the same without"
                + " fine-tuning), offline (SVD of the pretrained vectors, then training), quantized (b-bit"
                + " copy of the trained embedding, b/32 <= 1 - p), quantized-ft (the same, then fine-tuning"
                + " of the other layers), none (no compression, same total budget as online); at --ratios:"
                + " pq (product quantization of the trained embedding), pq-ft (the same, then fine-tuning"
                + " through the codes), lowrank-q-ft (A B with A product-quantized, then fine-tuning),"
                + " pruned-ft (the most frequent words' rows kept, then fine-tuning), best (the fine-tuned"
                + " candidate of best dev accuracy)."})
final class ExperimentCommand implements Callable<Integer> {

    static final String CONFIG = "experiment.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, split = ",", paramLabel = "PREFIX",
            description = "Dataset(s): PREFIX.train.tsv, PREFIX.dev.tsv and PREFIX.test.tsv (label<TAB>text).")
    List<Path> datasets;

    @Option(names = "--embeddings", required = true, paramLabel = "FILE",
            description = "Pretrained vectors (GloVe or word2vec text or binary, .gz allowed).")
    Path embeddings;

    @Option(names = "--model", split = ",", defaultValue = "dan", paramLabel = "dan|lstm",
            description = "Model(s) (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--methods", split = ",", defaultValue = "online,svd,offline,quantized,none", paramLabel = "M",
            description = "Methods (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--compression", split = ",", defaultValue = "0.5,0.8,0.9,0.95", paramLabel = "P",
            description = "Target compressions in [0, 1) (default: ${DEFAULT-VALUE}).")
    List<Double> compressions;

    @Option(names = "--ratios", split = ",", paramLabel = "R",
            description = "Target byte ratios 4 V d / embedding bytes, each > 1 (e.g. 10,20,50,100): the methods pq,"
                    + " pq-ft, lowrank-q-ft, pruned-ft and best run at these, quantized and quantized-ft at these too"
                    + " (the fewest bits reaching the budget). With --ratios and no --compression, the methods at"
                    + " compressions (online, svd, offline) do not run.")
    List<Double> ratios;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Number of seeds: runs use seeds S, S+1, ..., S+N-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "S", description = "First seed (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--schedules", paramLabel = "S[,S...]",
            description = "Fine-tuning schedules to compare: calr, constant, triangular, triangular2, exp_range,"
                    + " sgdr (all from the same --ub, --lb, --step-epochs, --decay), or full text forms such as"
                    + " \"calr(ub=0.01,lb=1e-6,step=69)\" (default: calr).")
    String schedules;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path output;

    @Option(names = "--force", description = "Overwrite the result files of a non-empty output directory.")
    boolean force;

    @Option(names = "--quantize-scope", defaultValue = "row", paramLabel = "row|matrix",
            description = "One quantization range per row or per matrix (default: ${DEFAULT-VALUE}).")
    String quantizeScope;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    TrainingOptions training;

    @Option(names = "--save-models", paramLabel = "DIR",
            description = "Save the final model of every best and none row as DIR/DATASET-MODEL-METHOD-RATIO-seedS.lorem"
                    + " (RATIO the target ratio, or p=P at a compression; DIR created).")
    Path saveModels;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        CliFiles.checkNotAnInput(spec.commandLine(), "--output", output, CliFiles.inputs("--embeddings", embeddings));
        List<Architecture> architectures = architectures();
        List<Method> methodList = methodList();
        List<Long> seedList = seedList();
        QuantizationScope scope = scope();
        List<Double> ratioList = ratioList(methodList);
        checkCompressions(methodList);
        checkLengths();
        List<ExperimentPlan> plans = new ArrayList<>();
        for (Architecture a : architectures) {
            TrainerConfig pre = training.pretraining(spec, a);
            TrainerConfig fine = training.fineTuning(spec, a);
            plans.add(new ExperimentPlan(a, methodList, compressions, seedList, pre, fine,
                    scheduleList((ScheduleSpec.Family) fine.schedule()),
                    training.placement(spec, OnlineCompression.DEFAULT_PLACEMENT), scope, ratioList));
        }
        prepareOutput();
        ConsoleProgress progress = ConsoleProgress.stderr(quiet);
        List<Dataset> data = new ArrayList<>();
        for (Path prefix : datasets) {
            data.add(DataInputs.dataset(prefix, ""));
        }
        Tokenizer tokenizer = Tokenizer.kim();
        WordVectors vectors = DataInputs.embeddings(embeddings, data, tokenizer, "", progress);
        writeConfig(plans);
        ExperimentOutput out = new ExperimentOutput(output);
        if (saveModels != null) {
            Files.createDirectories(saveModels);
        }
        for (int i = 0; i < data.size(); i++) {
            EncodedDataset enc = encoding.encode(data.get(i), tokenizer, vectors);
            Experiment.Listener listener = saveModels == null ? out : new ModelSaver(out, enc, saveModels);
            for (ExperimentPlan plan : plans) {
                Experiment.run(DataInputs.name(datasets.get(i)), enc, plan, listener, progress);
            }
        }
        out.finish();
        PrintWriter pw = spec.commandLine().getOut();
        pw.print(ResultsMarkdown.format(out.rows()));
        pw.println();
        pw.println("wrote " + output.resolve(ExperimentOutput.CSV) + ", " + ExperimentOutput.MARKDOWN + ", "
                + ExperimentOutput.HISTORIES + ", " + ExperimentOutput.PLOT + " and " + CONFIG);
        pw.flush();
        return 0;
    }

    private List<Architecture> architectures() {
        List<Architecture> out = new ArrayList<>();
        for (String m : new LinkedHashSet<>(models)) {
            try {
                out.add(training.architecture(spec, Architecture.named(m)));
            } catch (IllegalArgumentException e) {
                throw usage("--" + e.getMessage());
            }
        }
        return out;
    }

    private List<Method> methodList() {
        List<Method> out = new ArrayList<>();
        for (String m : methods) {
            Method method;
            try {
                method = Method.fromLabel(m);
            } catch (IllegalArgumentException e) {
                throw usage("--methods: " + e.getMessage());
            }
            if (out.contains(method)) {
                throw usage("--methods lists '" + m.strip() + "' twice");
            }
            out.add(method);
        }
        return out;
    }

    /** The ratios, checked; with ratios and no explicit --compression, the compressions are dropped. */
    private List<Double> ratioList(List<Method> methodList) {
        if (ratios == null || ratios.isEmpty()) {
            for (Method m : methodList) {
                if (m.atRatios()) {
                    throw usage("--methods " + m.label() + " runs at byte ratios: give --ratios (e.g. --ratios 50)");
                }
            }
            return List.of();
        }
        List<Double> seen = new ArrayList<>();
        for (double r : ratios) {
            if (!(r > 1 && Double.isFinite(r))) {
                throw usage("--ratios must be finite and > 1, got " + r);
            }
            if (seen.contains(r)) {
                throw usage("--ratios lists " + r + " twice");
            }
            seen.add(r);
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--compression")) {
            compressions = new ArrayList<>();
        }
        return seen;
    }

    private List<Long> seedList() {
        if (seeds < 1 || seeds > 1000) {
            throw usage("--seeds must be in [1, 1000], got " + seeds);
        }
        if (firstSeed > Long.MAX_VALUE - (seeds - 1)) {
            throw usage("--first-seed must be <= " + (Long.MAX_VALUE - (seeds - 1)) + " with --seeds " + seeds
                    + " (the last seed would overflow), got " + firstSeed);
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            out.add(firstSeed + i);
        }
        return out;
    }

    private QuantizationScope scope() {
        return switch (quantizeScope.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "row" -> QuantizationScope.ROW;
            case "matrix" -> QuantizationScope.MATRIX;
            default -> throw usage("--quantize-scope must be row or matrix, got '" + quantizeScope + "'");
        };
    }

    private void checkCompressions(List<Method> methodList) {
        List<Double> seen = new ArrayList<>();
        for (double p : compressions) {
            if (!(p >= 0 && p < 1)) {
                throw usage("--compression must be in [0, 1), got " + p);
            }
            if (methodList.stream().anyMatch(Method::quantizes) && p > 31.0 / 32) {
                throw usage("--compression " + p + " leaves less than 1 bit for quantization (at most 0.96875 with"
                        + " the methods quantized or quantized-ft)");
            }
            if (seen.contains(p)) {
                throw usage("--compression lists " + p + " twice");
            }
            seen.add(p);
        }
        if (methodList.stream().anyMatch(Method::quantizes)) {
            compressions.forEach(QuantizationConfig::bitsForCompression);
        }
    }

    private void checkLengths() {
        encoding.validate(spec);
    }

    private List<ScheduleSpec> scheduleList(ScheduleSpec.Family base) {
        if (schedules == null) {
            return List.of(base);
        }
        List<ScheduleSpec> out = new ArrayList<>();
        for (String s : splitTopLevel(schedules)) {
            ScheduleSpec parsed;
            try {
                parsed = ScheduleSpec.parse(s, base);
            } catch (IllegalArgumentException e) {
                throw usage("--schedules '" + s.strip() + "': " + e.getMessage());
            }
            if (out.contains(parsed)) {
                throw usage("--schedules lists '" + s.strip() + "' twice");
            }
            out.add(parsed);
        }
        return out;
    }

    /** Splits on commas outside parentheses: {@code calr,constant(lr=1e-3)} has two parts. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private void prepareOutput() throws IOException {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IOException("--output " + output + " is a file, not a directory");
        }
        if (Files.isDirectory(output) && !force) {
            try (Stream<Path> s = Files.list(output)) {
                if (s.findAny().isPresent()) {
                    throw usage("--output " + output + " is not empty; use --force to overwrite its result files");
                }
            }
        }
        Files.createDirectories(output);
    }

    private void writeConfig(List<ExperimentPlan> plans) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("lore ").append(LoreVersion.get()).append(" experiment, started ").append(Instant.now()).append('\n');
        sb.append("arguments: ").append(String.join(" ", spec.commandLine().getParseResult().originalArgs())).append('\n');
        sb.append("java: ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors\n");
        for (Path prefix : datasets) {
            for (String suffix : List.of(Dataset.TRAIN_SUFFIX, Dataset.DEV_SUFFIX, Dataset.TEST_SUFFIX)) {
                describe(sb, "dataset", Dataset.splitFile(prefix, suffix));
            }
        }
        describe(sb, "embeddings", embeddings);
        sb.append("max length: ").append(encoding.maxLength).append(", min count: ").append(encoding.minCount)
                .append(", tokenizer: kim\n");
        for (ExperimentPlan p : plans) {
            sb.append("plan: ").append(p).append('\n');
            sb.append("offline training: ").append(p.offlineTraining()).append('\n');
        }
        sb.append("defaults: docs/design/train.md; fine-tuning batch seed = mix64(seed)\n");
        AtomicFiles.write(output.resolve(CONFIG), sb.toString());
    }

    private static void describe(StringBuilder sb, String what, Path file) throws IOException {
        Source s = Source.of(file);
        sb.append(what).append(": ").append(file).append(" (").append(Files.size(file)).append(" bytes, sha256 ")
                .append(s.sha256()).append(")\n");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Passes everything to the output and saves the final models of the best and none rows. */
    private static final class ModelSaver implements Experiment.Listener {
        private final Experiment.Listener out;
        private final EncodedDataset data;
        private final Path dir;

        ModelSaver(Experiment.Listener out, EncodedDataset data, Path dir) {
            this.out = out;
            this.data = data;
            this.dir = dir;
        }

        @Override
        public void onRun(RunResult result) {
            out.onRun(result);
        }

        @Override
        public void onTraining(TrainingRecord record) {
            out.onTraining(record);
        }

        @Override
        public void onModel(RunResult r, TextClassifier model) {
            out.onModel(r, model);
            if (r.method() != Method.BEST && r.method() != Method.NONE) {
                return;
            }
            String at = r.method() == Method.NONE ? "" : Double.isNaN(r.targetRatio())
                    ? "-p=" + r.compression() : "-" + (long) r.targetRatio() + "x";
            Path file = dir.resolve(r.dataset() + "-" + r.model() + "-" + r.method().label() + at + "-seed" + r.seed()
                    + ".lorem");
            try {
                ModelFile.write(file, TrainedModel.of(model, data, java.util.Map.of("recipe", r.recipe().isEmpty()
                        ? r.method().label() : r.recipe())));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("--save-models: cannot write " + file, e);
            }
        }
    }
}
