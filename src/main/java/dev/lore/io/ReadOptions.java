package dev.lore.io;

import java.util.Set;

/**
 * What to read from an embedding file.
 *
 * @param format the file format, or {@code null} to detect it from the file (see
 *     {@link EmbeddingReader} for the rule)
 * @param maxWords keep at most this many words: the first {@code maxWords} distinct words of the
 *     file that pass {@code keepOnly}; reading stops there. 0 keeps all
 * @param keepOnly keep only these words (in file order), or {@code null} to keep all
 * @param threads threads parsing text, {@code >= 1}, or 0 to choose from the number of processors
 *     (the calling thread reads and decompresses meanwhile)
 */
public record ReadOptions(EmbeddingFormat format, int maxWords, Set<String> keepOnly, int threads) {

    /** Most parsing threads chosen automatically; beyond a few, reading the file is the limit. */
    static final int MAX_AUTO_THREADS = 4;

    /**
     * Validates the counts and copies {@code keepOnly}.
     *
     * @param format the file format, or {@code null} to detect it
     * @param maxWords at most this many words, {@code >= 0}; 0 keeps all
     * @param keepOnly the words to keep, or {@code null} for all; copied into an unmodifiable set
     * @param threads parsing threads, {@code >= 0}; 0 chooses from the number of processors
     * @throws IllegalArgumentException if {@code maxWords < 0} or {@code threads < 0}
     * @throws NullPointerException if {@code keepOnly} contains null
     */
    public ReadOptions {
        if (maxWords < 0) {
            throw new IllegalArgumentException("maxWords must be >= 0 (0 = all), got " + maxWords);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = automatic), got " + threads);
        }
        keepOnly = keepOnly == null ? null : Set.copyOf(keepOnly);
    }

    /**
     * Options with an automatic number of threads.
     *
     * @param format the file format, or {@code null} to detect it
     * @param maxWords at most this many words, {@code >= 0}; 0 keeps all
     * @param keepOnly the words to keep, or {@code null} for all; copied
     * @throws IllegalArgumentException if {@code maxWords < 0}
     */
    public ReadOptions(EmbeddingFormat format, int maxWords, Set<String> keepOnly) {
        this(format, maxWords, keepOnly, 0);
    }

    /**
     * Read every word, detecting the format.
     *
     * @return options with no format, {@code maxWords = 0}, no {@code keepOnly} and automatic
     *     threads
     */
    public static ReadOptions defaults() {
        return new ReadOptions(null, 0, null, 0);
    }

    /**
     * These options with another format.
     *
     * @param newFormat the format, or {@code null} to detect it
     * @return new options; this instance is unchanged
     */
    public ReadOptions withFormat(EmbeddingFormat newFormat) {
        return new ReadOptions(newFormat, maxWords, keepOnly, threads);
    }

    /**
     * These options with another {@code maxWords}.
     *
     * @param newMaxWords at most this many words, {@code >= 0}; 0 keeps all
     * @return new options; this instance is unchanged
     * @throws IllegalArgumentException if {@code newMaxWords < 0}
     */
    public ReadOptions withMaxWords(int newMaxWords) {
        return new ReadOptions(format, newMaxWords, keepOnly, threads);
    }

    /**
     * These options with another {@code keepOnly}.
     *
     * @param newKeepOnly the words to keep, or {@code null} for all; copied
     * @return new options; this instance is unchanged
     */
    public ReadOptions withKeepOnly(Set<String> newKeepOnly) {
        return new ReadOptions(format, maxWords, newKeepOnly, threads);
    }

    /**
     * These options with another number of parsing threads.
     *
     * @param newThreads parsing threads, {@code >= 0}; 0 chooses from the number of processors
     * @return new options; this instance is unchanged
     * @throws IllegalArgumentException if {@code newThreads < 0}
     */
    public ReadOptions withThreads(int newThreads) {
        return new ReadOptions(format, maxWords, keepOnly, newThreads);
    }

    /** The number of parsing threads to use: {@code threads}, or the automatic choice for 0. */
    int effectiveThreads() {
        return threads > 0 ? threads
                : Math.min(MAX_AUTO_THREADS, Runtime.getRuntime().availableProcessors());
    }
}
