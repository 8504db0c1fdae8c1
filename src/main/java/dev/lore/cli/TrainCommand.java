package dev.lore.cli;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.Source;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Tokenizer;
import dev.lore.experiment.Experiment;
import dev.lore.experiment.Method;
import dev.lore.experiment.RunLabels;
import dev.lore.io.WordVectors;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.Architecture;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationConfig;
import dev.lore.train.CompressedModel;
import dev.lore.train.Evaluation;
import dev.lore.train.OnlineCompression;
import dev.lore.train.Trainer;
import dev.lore.train.TrainerConfig;
import dev.lore.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lore train}: trains a classifier on a labeled dataset and saves it; with
 * {@code --compression P}, compresses its embedding online (truncated SVD of the trained
 * embedding, then fine-tuning of the whole model), with {@code --quantize-bits B} quantizes the
 * trained embedding and fine-tunes the other layers. Prints dev and test accuracy of the
 * pre-trained and the final model (the best on dev of each phase).
 *
 * <p>Exit codes: 0 success, 1 a missing or malformed input file or a failed write, 2 bad arguments.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a sentence classifier (optionally compressing its embedding online) and save it.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "PREFIX",
            description = "PREFIX.train.tsv, PREFIX.dev.tsv and PREFIX.test.tsv (label<TAB>text).")
    Path dataset;

    @Option(names = "--embeddings", required = true, paramLabel = "FILE",
            description = "Pretrained vectors (GloVe or word2vec text or binary, .gz allowed).")
    Path embeddings;

    @Option(names = "--output", required = true, paramLabel = "FILE.lorem", description = "The model file to write.")
    Path output;

    @Option(names = "--model", defaultValue = "dan", paramLabel = "dan|lstm", description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @ArgGroup(exclusive = true)
    Compression compression;

    static final class Compression {
        @Option(names = "--compression", paramLabel = "P",
                description = "Online compression: factorize the trained embedding, rank floor((1 - P) V d / (V + d)),"
                        + " then fine-tune.")
        Double p;

        @Option(names = "--quantize-bits", paramLabel = "B",
                description = "Quantize the trained embedding to B bits per value (one range per row), then"
                        + " fine-tune the other layers.")
        Integer bits;
    }

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    TrainingOptions training;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Architecture architecture;
        try {
            architecture = Architecture.named(model);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        architecture = training.architecture(spec, architecture);
        QuantizationConfig quantization = null;
        if (compression != null && compression.p != null && !(compression.p >= 0 && compression.p < 1)) {
            throw usage("--compression must be in [0, 1), got " + compression.p);
        }
        if (compression != null && compression.bits != null) {
            try {
                quantization = QuantizationConfig.perRow(compression.bits);
            } catch (IllegalArgumentException e) {
                throw usage("--quantize-" + e.getMessage());
            }
        }
        encoding.validate(spec);
        TrainerConfig pre = training.pretraining(spec, architecture).withSeed(seed);
        TrainerConfig fine = training.fineTuning(spec, architecture).withSeed(Experiment.fineTuningSeed(seed));
        var placement = training.placement(spec, OnlineCompression.DEFAULT_PLACEMENT);
        CliFiles.checkNotAnInput(spec.commandLine(), "--output", output, CliFiles.inputs("--embeddings", embeddings,
                "--dataset", Dataset.splitFile(dataset, Dataset.TRAIN_SUFFIX), "--dataset", Dataset.splitFile(dataset,
                Dataset.DEV_SUFFIX), "--dataset", Dataset.splitFile(dataset, Dataset.TEST_SUFFIX)));
        CliFiles.checkOutputFile("--output", output);
        Dataset data = DataInputs.dataset(dataset, "");
        ConsoleProgress progress = ConsoleProgress.stderr(quiet);
        Tokenizer tokenizer = Tokenizer.kim();
        WordVectors vectors = DataInputs.embeddings(embeddings, List.of(data), tokenizer, "", progress);
        EncodedDataset enc = encoding.encode(data, tokenizer, vectors);
        var out = spec.commandLine().getOut();
        out.println(enc.vocabulary().stats().summary());
        out.flush();

        TextClassifier net = architecture.create(FullEmbedding.of(enc.vocabulary().initialVectors()), enc.labels().size(), seed);
        TrainingResult r = Trainer.train("pre-training", net, enc.train(), enc.dev(), pre, progress);
        Map<String, String> meta = new TreeMap<>();
        meta.put("dataset", DataInputs.name(dataset));
        meta.put("seed", Long.toString(seed));
        line(out, "pre-trained " + architecture.name(), r, net, enc);
        CompressionReport report = null;
        if (compression != null) {
            CompressedModel c = quantization == null
                    ? OnlineCompression.compress(net, enc.vocabulary().words(), OnlineCompression.spec(compression.p, placement))
                    : OnlineCompression.quantize(net, enc.vocabulary().words(), quantization);
            report = c.report();
            String what = RunLabels.storedAs(report.rank(), quantization == null ? 32 : quantization.bits());
            out.printf(Locale.ROOT, "%-24s dev %.2f%% test %.2f%% (relative error %.4f)%n", "compressed, " + what,
                    100 * Evaluation.accuracy(c.model(), enc.dev()), 100 * Evaluation.accuracy(c.model(), enc.test()),
                    report.relativeError());
            net = c.model();
            r = Trainer.train("fine-tuning", net, enc.train(), enc.dev(), fine, progress);
            line(out, "fine-tuned", r, net, enc);
            meta.put("method", (quantization == null ? Method.ONLINE : Method.QUANTIZED_FT).label());
            meta.put(quantization == null ? "compression" : "bits",
                    quantization == null ? Double.toString(compression.p) : Integer.toString(quantization.bits()));
        } else {
            meta.put("method", Method.NONE.label());
        }
        meta.put("dev_accuracy", Double.toString(Evaluation.accuracy(net, enc.dev())));
        meta.put("test_accuracy", Double.toString(Evaluation.accuracy(net, enc.test())));
        TrainedModel model = TrainedModel.of(net, enc, meta).withPretrainedVectors(Source.of(embeddings))
                .withTraining("pre-training", pre);
        ModelFile.write(output, compression != null ? model.withTraining("fine-tuning", fine) : model);
        long full = (long) enc.vocabulary().size() * vectors.dimension();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes; embedding %,d parameters%s)%n", output, Files.size(output),
                report == null ? full : report.storedParameters(),
                report == null ? "" : String.format(Locale.ROOT, ", %,d bytes against %,d", report.storedBytes(), 4 * full));
        out.flush();
        return 0;
    }

    private static void line(java.io.PrintWriter out, String what, TrainingResult r, TextClassifier net, EncodedDataset enc) {
        out.printf(Locale.ROOT, "%-24s dev %.2f%% test %.2f%% (best epoch %d of %d, %.1f s)%n", what,
                100 * r.bestDevAccuracy(), 100 * Evaluation.accuracy(net, enc.test()), r.bestEpoch(), r.epochs(),
                r.seconds());
        out.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
