package dev.lore.io;

import java.util.Objects;

/**
 * What reading an embedding file produced.
 *
 * @param vectors the vectors read
 * @param duplicates number of lines whose word had already been read (the first is kept)
 * @param lines number of words read from the file: lines (text) or records (binary) holding a
 *     word, duplicates and words not kept included, header and blank lines excluded
 */
public record LoadResult(WordVectors vectors, long duplicates, long lines) {
    /**
     * Validates the counts.
     *
     * @param vectors the vectors read, not null
     * @param duplicates {@code >= 0}
     * @param lines {@code >= 0}
     * @throws IllegalArgumentException if a count is negative
     * @throws NullPointerException if {@code vectors} is null
     */
    public LoadResult {
        Objects.requireNonNull(vectors, "vectors");
        if (duplicates < 0 || lines < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got duplicates=" + duplicates
                    + " lines=" + lines);
        }
    }
}
