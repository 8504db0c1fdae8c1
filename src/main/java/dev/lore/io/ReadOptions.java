package dev.lore.io;

import java.util.Set;

/**
 * What to read from an embedding file.
 *
 * @param format the file format, or {@code null} to detect it from the file
 * @param maxWords keep only the first {@code maxWords} words of the file; 0 keeps all
 * @param keepOnly keep only these words (in file order), or {@code null} to keep all
 */
public record ReadOptions(EmbeddingFormat format, int maxWords, Set<String> keepOnly) {

    /** @throws IllegalArgumentException if {@code maxWords < 0} */
    public ReadOptions {
        if (maxWords < 0) {
            throw new IllegalArgumentException("maxWords must be >= 0 (0 = all), got " + maxWords);
        }
        keepOnly = keepOnly == null ? null : Set.copyOf(keepOnly);
    }

    /** Read every word, detecting the format. */
    public static ReadOptions defaults() {
        return new ReadOptions(null, 0, null);
    }
}
