package dev.lore.cli;

import dev.lore.store.EmbeddingStore;
import dev.lore.store.Neighbour;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lore nearest}: the k words nearest to a word by cosine similarity, exact, over a raw
 * embedding file or a {@code .lore} file (memory-mapped; see {@link EmbeddingStore}).
 *
 * <p>Output: one line per neighbour, {@code WORD<TAB>SIMILARITY}; with {@code --json} one object
 * {@code {"word": W, "k": K, "neighbours": [{"word": ..., "similarity": ...}, ...]}}. Exit codes:
 * 0 success, 1 an unreadable or malformed file or an unknown word, 2 bad arguments.
 */
@Command(name = "nearest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The k nearest words to WORD by cosine similarity (exact), in a raw embedding file or a .lore file.")
final class NearestCommand implements Callable<Integer> {

    /** Largest {@code -k}. */
    static final int MAX_K = 100_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A GloVe/word2vec file or a .lore file.")
    Path file;

    @Parameters(index = "1", paramLabel = "WORD", description = "The query word, matched exactly.")
    String word;

    @Option(names = {"-k", "--k"}, paramLabel = "K", defaultValue = "10",
            description = "Neighbours to show, 1 to " + MAX_K + " (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", description = "Print one JSON object with the list 'neighbours' of {word, similarity}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (k < 1 || k > MAX_K) {
            throw new ParameterException(spec.commandLine(), "-k must be in [1, " + MAX_K + "], got " + k);
        }
        CliFiles.checkInput("FILE", file);
        EmbeddingStore store = EmbeddingStore.open(file).verify();
        if (!store.vocabulary().contains(word)) {
            throw new IllegalArgumentException("word '" + word + "' is not in " + file);
        }
        List<Neighbour> found = store.nearest(word, k);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Neighbour n : found) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("word", n.word());
                m.put("similarity", n.similarity());
                list.add(m);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("word", word);
            o.put("k", k);
            o.put("neighbours", list);
            out.println(Json.of(o));
        } else {
            for (Neighbour n : found) {
                out.println(n.word() + "\t" + String.format(java.util.Locale.ROOT, "%.6f", n.similarity()));
            }
        }
        out.flush();
        return 0;
    }
}
