package dev.lore.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Word-similarity evaluation: the Spearman rank correlation between the cosine similarities of a
 * store and human scores, over a file of {@code word1 word2 score} lines (tabs or spaces).
 *
 * <p>Conventions, those of gensim's {@code KeyedVectors.evaluate_word_pairs} with
 * {@code case_insensitive} and of the published benchmarks: words are lower-cased
 * ({@link Locale#ROOT}) and matched exactly; a pair with a word the store does not know is skipped
 * and counted in {@link Result#oov()}; blank lines and lines starting with {@code #} are ignored;
 * ties get their average rank. The file is UTF-8 (malformed bytes read as U+FFFD, a byte-order
 * mark dropped). Stateless and thread-safe.
 */
public final class WordSimilarity {

    private WordSimilarity() {}

    /**
     * The result for one file.
     *
     * @param spearman the Spearman correlation of cosine and score over the pairs evaluated, in
     *     {@code [-1, 1]}; NaN when fewer than two pairs or one side is constant
     * @param pairs pairs evaluated, {@code >= 0}
     * @param oov pairs skipped because a word is unknown, {@code >= 0}
     */
    public record Result(double spearman, int pairs, int oov) {

        /**
         * Validates the counts.
         *
         * @param spearman the correlation, or NaN
         * @param pairs pairs evaluated, {@code >= 0}
         * @param oov pairs skipped, {@code >= 0}
         * @throws IllegalArgumentException if a count is negative
         */
        public Result {
            if (pairs < 0 || oov < 0) {
                throw new IllegalArgumentException("counts must be >= 0, got " + pairs + " and " + oov);
            }
        }
    }

    /**
     * Evaluates {@code store} on one word-similarity file.
     *
     * @param store the embedding
     * @param file lines {@code word1 word2 score}
     * @return the correlation and the counts
     * @throws IOException if the file cannot be read, or a line (named {@code file:line}) has fewer
     *     than three fields or a score that is not a finite number
     * @throws NullPointerException if an argument is null
     */
    public static Result evaluate(EmbeddingStore store, Path file) throws IOException {
        Objects.requireNonNull(store, "store");
        List<String> lines = EvaluationFiles.lines(Objects.requireNonNull(file, "file"));
        double[] gold = new double[lines.size()];
        double[] pred = new double[lines.size()];
        int n = 0;
        int oov = 0;
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            String[] f = EvaluationFiles.fields(line);
            if (f.length == 0 || f[0].startsWith("#")) {
                continue;
            }
            if (f.length < 3) {
                throw new IOException(file + ":" + (l + 1) + ": expected word1 word2 score, got '" + line.strip() + "'");
            }
            double score;
            try {
                score = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                score = Double.NaN;
            }
            if (!Double.isFinite(score)) {
                throw new IOException(file + ":" + (l + 1) + ": the score must be a finite number, got '" + f[2] + "'");
            }
            int i = store.vocabulary().indexOf(f[0].toLowerCase(Locale.ROOT));
            int j = store.vocabulary().indexOf(f[1].toLowerCase(Locale.ROOT));
            if (i < 0 || j < 0) {
                oov++;
                continue;
            }
            gold[n] = score;
            pred[n++] = store.similarity(i, j);
        }
        return new Result(spearman(Arrays.copyOf(gold, n), Arrays.copyOf(pred, n)), n, oov);
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average
     * rank (as {@code scipy.stats.spearmanr}).
     *
     * @param x values, finite
     * @param y as many values, finite
     * @return the correlation, NaN when fewer than two values or a side is constant
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += rx[i];
            my += ry[i];
        }
        mx /= x.length;
        my /= x.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** 1-based ranks, ties averaged. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }
}
