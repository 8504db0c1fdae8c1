package dev.lore.data;

import dev.lore.Seeds;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's vocabulary, built from the training split only, with the initial embedding matrix.
 *
 * <p>Layout: index {@link #PAD} ({@value #PAD_WORD}) is padding, its vector zero (models also
 * mask it by length); index {@link #UNK} ({@value #UNK_WORD}) stands for every token without a row,
 * its vector random like an out-of-vocabulary word's, and trained. Then the training words, by
 * descending training frequency, ties by {@link String#compareTo}. A token spelled {@code <pad>} or
 * {@code <unk>} in the data cannot have a row of its own (the names are taken): it maps to UNK,
 * never to PAD. Dev and test words never enter the vocabulary, even when pretrained vectors exist
 * for them: they are UNK unless they occur in training, the standard setting in which the test
 * set tells nothing about the model.
 *
 * @param initialVectors the words and their initial FLOAT {@code [size, d]} matrix
 * @param stats what building found
 */
public record ModelVocabulary(WordVectors initialVectors, VocabularyStats stats) {

    /** Index of the padding word. */
    public static final int PAD = 0;
    /** Index of the unknown word. */
    public static final int UNK = 1;
    /** The padding word. */
    public static final String PAD_WORD = "<pad>";
    /** The unknown word. */
    public static final String UNK_WORD = "<unk>";

    /**
     * Checks the layout against the statistics.
     *
     * @param initialVectors word 0 {@value #PAD_WORD} with a zero vector, word 1 {@value
     *     #UNK_WORD}; held, not copied
     * @param stats with the size and dimension of {@code initialVectors}
     * @throws IllegalArgumentException unless word 0 is {@value #PAD_WORD}, word 1 is
     *     {@value #UNK_WORD}, the PAD row is zero and the sizes agree with {@code stats}
     * @throws NullPointerException if a component is null
     */
    public ModelVocabulary {
        Objects.requireNonNull(initialVectors, "initialVectors");
        Objects.requireNonNull(stats, "stats");
        Vocabulary v = initialVectors.vocabulary();
        if (v.size() < 2 || !v.word(PAD).equals(PAD_WORD) || !v.word(UNK).equals(UNK_WORD)) {
            throw new IllegalArgumentException(
                    "the vocabulary must start with " + PAD_WORD + ", " + UNK_WORD);
        }
        if (v.size() != stats.size() || initialVectors.dimension() != stats.dimension()) {
            throw new IllegalArgumentException("initial vectors are " + v.size() + " x " + initialVectors.dimension()
                    + " but stats say " + stats.size() + " x " + stats.dimension());
        }
        if (initialVectors.matrix().getRow(PAD).amaxNumber().doubleValue() != 0) {
            throw new IllegalArgumentException("the PAD vector must be zero");
        }
    }

    /**
     * Builds the vocabulary of a training split and its initial vectors.
     *
     * <p>Each distinct training token {@code w} (counted over all training tokens, before any
     * truncation), in the vocabulary order above: if {@code w} is in {@code pretrained} (or, with
     * {@link VocabularyConfig#lowerCaseFallback}, its lower-cased form is), it gets a row holding that
     * vector, copied exactly, whatever its count; otherwise, if it occurs at least
     * {@link VocabularyConfig#minCount} times, it gets a row with a random vector; otherwise it maps
     * to UNK. Random vectors (UNK's too) have components drawn from {@code U[-a, a]} with {@code a}
     * from {@link VocabularyConfig#oovInit}, from a generator seeded by the config's seed and the
     * word itself: a word's vector depends on (seed, word, a, d) only, not on the rest of the
     * vocabulary. The matrix is newly allocated and shared with nothing: a model may train it in
     * place.
     *
     * @param trainTokens the tokenized training texts
     * @param pretrained pretrained vectors; its dimension becomes the model's; not modified
     * @param config minimum count, random-vector rule, seed and lower-case fallback
     * @return the vocabulary, with a new initial matrix
     * @throws IllegalArgumentException if a copied pretrained vector holds NaN or an infinity, if
     *     {@link OovInit.MatchVariance} finds fewer than 2 training words with pretrained vectors or
     *     a zero variance, or if {@code size x d} exceeds {@code Integer.MAX_VALUE}
     */
    public static ModelVocabulary build(Iterable<List<String>> trainTokens, WordVectors pretrained,
            VocabularyConfig config) {
        Objects.requireNonNull(trainTokens, "trainTokens");
        Objects.requireNonNull(pretrained, "pretrained");
        Objects.requireNonNull(config, "config");
        Map<String, int[]> counts = new HashMap<>();
        long tokens = 0;
        for (List<String> sentence : trainTokens) {
            for (String t : sentence) {
                counts.computeIfAbsent(t, k -> new int[1])[0]++;
                tokens++;
            }
        }
        List<Map.Entry<String, int[]>> types = new ArrayList<>(counts.entrySet());
        types.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                ? Integer.compare(y.getValue()[0], x.getValue()[0])
                : x.getKey().compareTo(y.getKey()));

        Vocabulary pv = pretrained.vocabulary();
        List<String> words = new ArrayList<>(List.of(PAD_WORD, UNK_WORD));
        List<Integer> source = new ArrayList<>(List.of(-1, -1)); // pretrained row, or -1: random
        int found = 0;
        int lowerCased = 0;
        int random = 0;
        int unkTypes = 0;
        long foundTokens = 0;
        long unkTokens = 0;
        for (Map.Entry<String, int[]> e : types) {
            String w = e.getKey();
            int count = e.getValue()[0];
            if (w.equals(PAD_WORD) || w.equals(UNK_WORD)) {
                unkTypes++;
                unkTokens += count;
                continue;
            }
            int row = pv.indexOf(w);
            if (row < 0 && config.lowerCaseFallback()) {
                String lower = w.toLowerCase(Locale.ROOT);
                if (!lower.equals(w)) {
                    row = pv.indexOf(lower);
                    if (row >= 0) {
                        lowerCased++;
                    }
                }
            }
            if (row >= 0) {
                found++;
                foundTokens += count;
            } else if (count >= config.minCount()) {
                random++;
            } else {
                unkTypes++;
                unkTokens += count;
                continue;
            }
            words.add(w);
            source.add(row);
        }

        int d = pretrained.dimension();
        int size = words.size();
        float[] data = new float[Math.multiplyExact(size, d)];
        FloatBuffer pvData = floats(pretrained.matrix());
        for (int i = 2; i < size; i++) {
            int row = source.get(i);
            if (row >= 0) {
                copyRow(pvData, row, d, data, i, words.get(i));
            }
        }
        if (config.oovInit() instanceof OovInit.MatchVariance && found < 2) {
            throw new IllegalArgumentException("matching the variance of the pretrained vectors needs"
                    + " at least 2 training words with a pretrained vector, found " + found
                    + "; use OovInit.uniform(a)");
        }
        double meanVariance = meanColumnVariance(data, size, d, source);
        double a = config.oovInit().scale(meanVariance);
        if (!(a > 0 && Double.isFinite(a))) {
            throw new IllegalArgumentException("random-vector scale must be finite and > 0, got " + a
                    + " (mean column variance of the pretrained vectors " + meanVariance + ")");
        }
        for (int i = UNK; i < size; i++) {
            if (source.get(i) < 0) {
                randomVector(words.get(i), config.seed(), a, data, i * d, d);
            }
        }
        INDArray vectors = Nd4j.create(data, new long[] {size, d}, DataType.FLOAT);
        VocabularyStats stats = new VocabularyStats(counts.size(), tokens, found, lowerCased, foundTokens,
                random, unkTypes, unkTokens, size, d, a);
        return new ModelVocabulary(new WordVectors(Vocabulary.of(words), vectors), stats);
    }

    /**
     * The vocabulary.
     *
     * @return the words, {@value #PAD_WORD} and {@value #UNK_WORD} first
     */
    public Vocabulary words() {
        return initialVectors.vocabulary();
    }

    /**
     * Number of words, PAD and UNK included.
     *
     * @return at least 2
     */
    public int size() {
        return initialVectors.size();
    }

    /**
     * The id of a token.
     *
     * @param token a token, not null
     * @return its index, or {@link #UNK} if it has none or is spelled like a special word; never
     *     {@link #PAD}
     */
    public int id(String token) {
        return idIn(initialVectors.vocabulary(), token);
    }

    static int idIn(Vocabulary vocabulary, String token) {
        int i = vocabulary.indexOf(token);
        return i > UNK ? i : UNK;
    }

    private static FloatBuffer floats(INDArray m) {
        // WordVectors guarantees a contiguous 'c' FLOAT matrix; the NIO view avoids copying a 341k x d file.
        INDArray c = m.offset() == 0 ? m : m.dup('c');
        return c.data().asNioFloat();
    }

    private static void copyRow(FloatBuffer src, int row, int d, float[] dst, int dstRow, String word) {
        int from = row * d;
        for (int j = 0; j < d; j++) {
            float x = src.get(from + j);
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("pretrained vector of '" + word + "' (row " + row
                        + ") holds " + x + " at component " + j);
            }
            dst[dstRow * d + j] = x;
        }
    }

    /**
     * {@code s2 = (1/d) sum_j var_j}, {@code var_j} the population variance of column {@code j}
     * over the pretrained rows; 0 when no vector is pretrained (only {@link OovInit.MatchVariance}
     * needs it, and it rejects that case).
     */
    private static double meanColumnVariance(float[] data, int size, int d, List<Integer> source) {
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        for (int i = 2; i < size; i++) {
            if (source.get(i) < 0) {
                continue;
            }
            n++;
            for (int j = 0; j < d; j++) { // Welford
                double x = data[i * d + j];
                double delta = x - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (x - mean[j]);
            }
        }
        if (n < 2) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += m2[j] / n;
        }
        return sum / d;
    }

    /** Fills {@code dst[offset, offset + d)} with {@code U[-a, a]} values seeded by (seed, word). */
    static void randomVector(String word, long seed, double a, float[] dst, int offset, int d) {
        SplittableRandom r = new SplittableRandom(Seeds.mix64(seed) ^ fnv1a64(word));
        for (int j = 0; j < d; j++) {
            dst[offset + j] = (float) (a * (2 * r.nextDouble() - 1));
        }
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

}
