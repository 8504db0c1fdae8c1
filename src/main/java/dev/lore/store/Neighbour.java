package dev.lore.store;

import java.util.Objects;

/**
 * One result of a nearest-neighbour or analogy query.
 *
 * @param word the word, not null
 * @param index its row in the store, {@code >= 0}
 * @param similarity the cosine similarity to the query, in {@code [-1, 1]} up to rounding, computed in
 *     double from the stored rows
 */
public record Neighbour(String word, int index, double similarity) {

    /**
     * Validates the fields.
     *
     * @param word the word, not null
     * @param index its row, {@code >= 0}
     * @param similarity the cosine, finite
     * @throws IllegalArgumentException if {@code index < 0} or {@code similarity} is not finite
     * @throws NullPointerException if {@code word} is null
     */
    public Neighbour {
        Objects.requireNonNull(word, "word");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (!Double.isFinite(similarity)) {
            throw new IllegalArgumentException("similarity must be finite, got " + similarity);
        }
    }
}
