package dev.lore.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Analogy evaluation on a file of questions {@code a b c d} ("a is to b as c is to d"; lines
 * starting with {@code :} name sections and are skipped, as in Mikolov et al.'s
 * {@code questions-words.txt}): a question is answered correctly when the best 3CosAdd answer
 * ({@link EmbeddingStore#analogies}) among the {@code limit} first (most frequent) words is
 * {@code d}. Words are lower-cased; a question with a word outside the first {@code limit} rows is
 * skipped and counted, as gensim's {@code evaluate_word_analogies(restrict_vocab=limit)} does.
 * Stateless and thread-safe.
 */
public final class WordAnalogies {

    /** Rows searched by default: the 30,000 most frequent words. */
    public static final int DEFAULT_LIMIT = 30_000;

    private WordAnalogies() {}

    /**
     * The result for one file.
     *
     * @param accuracy correct answers over questions evaluated, in {@code [0, 1]}; NaN when none
     * @param questions questions evaluated, {@code >= 0}
     * @param correct questions answered correctly, in {@code [0, questions]}
     * @param oov questions skipped because a word is outside the searched rows, {@code >= 0}
     */
    public record Result(double accuracy, int questions, int correct, int oov) {

        /**
         * Validates the counts.
         *
         * @param accuracy the accuracy, or NaN
         * @param questions questions evaluated
         * @param correct answered correctly
         * @param oov questions skipped
         * @throws IllegalArgumentException if a count is out of range
         */
        public Result {
            if (questions < 0 || correct < 0 || correct > questions || oov < 0) {
                throw new IllegalArgumentException("inconsistent counts: " + questions + ", " + correct + ", " + oov);
            }
        }
    }

    /**
     * Evaluates {@code store} on a questions file.
     *
     * @param store the embedding
     * @param file the questions
     * @param limit rows searched and allowed in questions, in {@code [1, store.size()]}
     * @param threads threads, in {@code [1, 256]}
     * @return the accuracy and the counts
     * @throws IOException if the file cannot be read or a question line (named {@code file:line})
     *     does not have four words
     * @throws IllegalArgumentException if {@code limit} or {@code threads} is out of range
     */
    public static Result evaluate(EmbeddingStore store, Path file, int limit, int threads) throws IOException {
        Objects.requireNonNull(store, "store");
        if (limit < 1 || limit > store.size()) {
            throw new IllegalArgumentException("limit must be in [1, " + store.size() + "], got " + limit);
        }
        List<String> lines = EvaluationFiles.lines(Objects.requireNonNull(file, "file"));
        List<String[]> questions = new ArrayList<>();
        List<Integer> answers = new ArrayList<>();
        int oov = 0;
        for (int l = 0; l < lines.size(); l++) {
            String[] f = EvaluationFiles.fields(lines.get(l));
            if (f.length == 0 || f[0].startsWith(":")) {
                continue;
            }
            if (f.length != 4) {
                throw new IOException(file + ":" + (l + 1) + ": expected 4 words, got " + f.length);
            }
            int[] ids = new int[4];
            boolean known = true;
            for (int j = 0; j < 4; j++) {
                f[j] = f[j].toLowerCase(Locale.ROOT);
                ids[j] = store.vocabulary().indexOf(f[j]);
                known &= ids[j] >= 0 && ids[j] < limit;
            }
            if (!known) {
                oov++;
                continue;
            }
            questions.add(new String[] {f[0], f[1], f[2]});
            answers.add(ids[3]);
        }
        int correct = 0;
        if (!questions.isEmpty()) {
            List<List<Neighbour>> got = store.analogies(questions, 1, limit, threads);
            for (int q = 0; q < got.size(); q++) {
                if (!got.get(q).isEmpty() && got.get(q).get(0).index() == answers.get(q)) {
                    correct++;
                }
            }
        }
        int n = questions.size();
        return new Result(n == 0 ? Double.NaN : (double) correct / n, n, correct, oov);
    }
}
