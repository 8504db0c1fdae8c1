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

    /** @throws IllegalArgumentException if {@code maxWords < 0} or {@code threads < 0} */
    public ReadOptions {
        if (maxWords < 0) {
            throw new IllegalArgumentException("maxWords must be >= 0 (0 = all), got " + maxWords);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = automatic), got " + threads);
        }
        keepOnly = keepOnly == null ? null : Set.copyOf(keepOnly);
    }

    /** Options with an automatic number of threads. */
    public ReadOptions(EmbeddingFormat format, int maxWords, Set<String> keepOnly) {
        this(format, maxWords, keepOnly, 0);
    }

    /** Read every word, detecting the format. */
    public static ReadOptions defaults() {
        return new ReadOptions(null, 0, null, 0);
    }

    /** These options with another format ({@code null} = detect). */
    public ReadOptions withFormat(EmbeddingFormat newFormat) {
        return new ReadOptions(newFormat, maxWords, keepOnly, threads);
    }

    /** These options with another {@code maxWords} (0 = all). */
    public ReadOptions withMaxWords(int newMaxWords) {
        return new ReadOptions(format, newMaxWords, keepOnly, threads);
    }

    /** These options with another {@code keepOnly} ({@code null} = all). */
    public ReadOptions withKeepOnly(Set<String> newKeepOnly) {
        return new ReadOptions(format, maxWords, newKeepOnly, threads);
    }

    /** These options with another number of parsing threads (0 = automatic). */
    public ReadOptions withThreads(int newThreads) {
        return new ReadOptions(format, maxWords, keepOnly, newThreads);
    }

    /** The number of parsing threads to use: {@code threads}, or the automatic choice for 0. */
    int effectiveThreads() {
        return threads > 0 ? threads
                : Math.min(MAX_AUTO_THREADS, Runtime.getRuntime().availableProcessors());
    }
}
