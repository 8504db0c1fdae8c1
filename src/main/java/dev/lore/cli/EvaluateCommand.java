package dev.lore.cli;

import dev.lore.data.DatasetSplit;
import dev.lore.data.Example;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.store.EmbeddingStore;
import dev.lore.store.WordAnalogies;
import dev.lore.store.WordSimilarity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lore evaluate}: intrinsic evaluation of an embedding (word similarity, analogies) or the
 * accuracy of a trained model on a labelled split.
 *
 * <p>Embedding ({@code FILE} a raw embedding file or {@code .lore}): for each {@code --wordsim}
 * file (or each {@code *.txt} of a directory), the Spearman correlation of cosine similarity with
 * the human scores ({@link WordSimilarity}: words lower-cased, pairs with an unknown word skipped
 * and counted); with {@code --analogies}, 3CosAdd accuracy over the {@code --restrict} most
 * frequent words ({@link WordAnalogies}). {@code --json}: {@code {"wordsim": {STEM: {"spearman",
 * "pairs", "oov", "skipped"}}, "analogy": {"file", "accuracy", "questions", "correct", "oov",
 * "skipped"}}}, STEM the file name without its extension, {@code "analogy"} present with
 * {@code --analogies}; {@code skipped} repeats {@code oov}.
 *
 * <p>Model ({@code FILE} a {@code .lorem}): with {@code --dataset PREFIX} the split
 * {@code PREFIX.SPLIT.tsv} ({@code --split}, default test), or {@code --test FILE}: accuracy,
 * per-class precision, recall and F1, and the confusion matrix (rows the true label).
 *
 * <p>Exit codes: 0 success, 1 an unreadable or malformed file, 2 bad arguments.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate an embedding (--wordsim Spearman, --analogies accuracy) or a trained .lorem model"
                + " (--dataset PREFIX or --test FILE: accuracy, per-class precision/recall/F1, confusion matrix).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "An embedding file (raw or .lore) or a model (.lorem).")
    Path file;

    @Option(names = "--wordsim", arity = "1..*", paramLabel = "FILE_OR_DIR",
            description = "Word-similarity files (word1 word2 score), or directories of *.txt files.")
    List<Path> wordsim = new ArrayList<>();

    @Option(names = "--analogies", paramLabel = "FILE", description = "Analogy questions (a b c d; ': section' lines).")
    Path analogies;

    @Option(names = "--restrict", paramLabel = "N", defaultValue = "30000",
            description = "Analogies: search and allow the N first (most frequent) words (default: ${DEFAULT-VALUE}).")
    int restrict;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Threads for the analogies, 1 to 64.")
    int threads;

    @Option(names = "--dataset", paramLabel = "PREFIX", description = "Model: read PREFIX.SPLIT.tsv.")
    Path dataset;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test", description = "Model: train, dev or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--test", paramLabel = "FILE", description = "Model: a labelled file (LABEL<TAB>text).")
    Path test;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliFiles.checkInput("FILE", file);
        if (threads < 1 || threads > 64) {
            throw new ParameterException(spec.commandLine(), "--threads must be in [1, 64], got " + threads);
        }
        if (restrict < 1) {
            throw new ParameterException(spec.commandLine(), "--restrict must be >= 1, got " + restrict);
        }
        if (ModelFile.isModelFile(file)) {
            return model();
        }
        if (dataset != null || test != null) {
            throw new ParameterException(spec.commandLine(), "--dataset and --test need a .lorem model, got " + file);
        }
        if (wordsim.isEmpty() && analogies == null) {
            throw new ParameterException(spec.commandLine(), "an embedding needs --wordsim or --analogies");
        }
        List<Path> files = new ArrayList<>();
        for (Path p : wordsim) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f))
                            .sorted().forEach(files::add);
                }
            } else {
                CliFiles.checkInput("--wordsim", p);
                files.add(p);
            }
        }
        if (analogies != null) {
            CliFiles.checkInput("--analogies", analogies);
        }
        EmbeddingStore store = EmbeddingStore.open(file).verify();
        Map<String, Object> ws = new LinkedHashMap<>();
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table();
        for (Path f : files) {
            WordSimilarity.Result r = WordSimilarity.evaluate(store, f);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spearman", r.spearman());
            m.put("pairs", r.pairs());
            m.put("oov", r.oov());
            m.put("skipped", r.oov());
            ws.put(stem(f), m);
            t.row(stem(f), String.format(Locale.ROOT, "Spearman %.4f over %d pairs (%d skipped: unknown word)",
                    r.spearman(), r.pairs(), r.oov()));
        }
        Map<String, Object> an = null;
        if (analogies != null) {
            int limit = Math.min(restrict, store.size());
            WordAnalogies.Result r = WordAnalogies.evaluate(store, analogies, limit, threads);
            an = new LinkedHashMap<>();
            an.put("file", stem(analogies));
            an.put("accuracy", r.accuracy());
            an.put("questions", r.questions());
            an.put("correct", r.correct());
            an.put("oov", r.oov());
            an.put("skipped", r.oov());
            t.row(stem(analogies), String.format(Locale.ROOT, "accuracy %.4f (%d of %d questions; %d skipped:"
                    + " a word outside the first %d)", r.accuracy(), r.correct(), r.questions(), r.oov(), limit));
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("wordsim", ws);
            if (an != null) {
                o.put("analogy", an);
            }
            out.println(Json.of(o));
        } else {
            t.print(out);
        }
        out.flush();
        return 0;
    }

    private int model() throws IOException {
        if (!wordsim.isEmpty() || analogies != null) {
            throw new ParameterException(spec.commandLine(), "--wordsim and --analogies need an embedding, not a model");
        }
        if ((dataset == null) == (test == null)) {
            throw new ParameterException(spec.commandLine(), "a model needs exactly one of --dataset PREFIX and --test FILE");
        }
        if (!List.of("train", "dev", "test").contains(split)) {
            throw new ParameterException(spec.commandLine(), "--split must be train, dev or test, got '" + split + "'");
        }
        Path data = test != null ? test : Path.of(dataset + "." + split + ".tsv");
        CliFiles.checkInput(test != null ? "--test" : "--dataset", data);
        TrainedModel m = ModelFile.read(file);
        DatasetSplit s = DatasetSplit.read(data);
        List<String> labels = m.labels().labels();
        List<String> texts = new ArrayList<>(s.size());
        for (Example e : s.examples()) {
            texts.add(e.text());
        }
        List<String> predicted = m.predict(texts);
        int c = labels.size();
        int[][] confusion = new int[c][c];
        for (int i = 0; i < s.size(); i++) {
            int truth = labels.indexOf(s.example(i).label());
            if (truth < 0) {
                throw new IOException(data + ":" + s.line(i) + ": label '" + s.example(i).label()
                        + "' is not one of the model's labels " + labels);
            }
            confusion[truth][labels.indexOf(predicted.get(i))]++;
        }
        long correct = 0;
        for (int i = 0; i < c; i++) {
            correct += confusion[i][i];
        }
        double accuracy = s.size() == 0 ? Double.NaN : (double) correct / s.size();
        Map<String, Object> perClass = new LinkedHashMap<>();
        Table t = new Table();
        t.row("data", data + " (" + s.size() + " examples)");
        t.row("accuracy", String.format(Locale.ROOT, "%.4f (%d of %d)", accuracy, correct, s.size()));
        List<Object> matrix = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            long tp = confusion[k][k];
            long predictedK = 0;
            long actualK = 0;
            List<Object> row = new ArrayList<>();
            for (int j = 0; j < c; j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
                row.add(confusion[k][j]);
            }
            matrix.add(row);
            double p = predictedK == 0 ? 0 : (double) tp / predictedK;
            double r = actualK == 0 ? 0 : (double) tp / actualK;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            Map<String, Object> pc = new LinkedHashMap<>();
            pc.put("precision", p);
            pc.put("recall", r);
            pc.put("f1", f1);
            pc.put("support", actualK);
            perClass.put(labels.get(k), pc);
            t.row("class " + labels.get(k), String.format(Locale.ROOT, "precision %.4f, recall %.4f, F1 %.4f (%d examples)",
                    p, r, f1, actualK));
        }
        t.row("confusion", "rows true, columns predicted, in the order " + labels + ": " + matrix);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("examples", s.size());
            o.put("accuracy", accuracy);
            o.put("classes", perClass);
            o.put("labels", new ArrayList<Object>(labels));
            o.put("confusion", matrix);
            out.println(Json.of(o));
        } else {
            t.print(out);
        }
        out.flush();
        return 0;
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
