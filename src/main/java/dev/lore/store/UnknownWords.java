package dev.lore.store;

/**
 * What a lookup does with a word that is not in the store's vocabulary: reject it (the word is
 * absent: {@link EmbeddingStore#lookup(String)} gives an empty result), give a zero vector, or give
 * the store's unknown-word row ({@link EmbeddingStore#unknownWord()}, {@code <unk>} unless set by
 * {@link EmbeddingStore#withUnknownWord}); each optionally after trying the lower-cased word.
 *
 * <p>Lower-case fallback uses {@link String#toLowerCase(java.util.Locale)} with {@link java.util.Locale#ROOT}.
 */
public enum UnknownWords {
    /** Throw an {@link IllegalArgumentException} naming the word. */
    REJECT,
    /** A zero vector (its cosine with anything is 0). */
    ZERO,
    /** The row of the store's unknown-word token; an {@link IllegalArgumentException} if the store has none. */
    UNKNOWN_ROW,
    /** The lower-cased word if it is known, else {@link #REJECT}. */
    LOWER_CASE_OR_REJECT,
    /** The lower-cased word if it is known, else {@link #ZERO}. */
    LOWER_CASE_OR_ZERO,
    /** The lower-cased word if it is known, else {@link #UNKNOWN_ROW}. */
    LOWER_CASE_OR_UNKNOWN_ROW;

    /** Whether the lower-cased word is tried. */
    boolean lowerCase() {
        return this == LOWER_CASE_OR_REJECT || this == LOWER_CASE_OR_ZERO || this == LOWER_CASE_OR_UNKNOWN_ROW;
    }

    /** Whether an unknown word gives a zero vector rather than an error. */
    boolean zero() {
        return this == ZERO || this == LOWER_CASE_OR_ZERO;
    }

    /** Whether an unknown word gives the unknown-word row. */
    boolean unknownRow() {
        return this == UNKNOWN_ROW || this == LOWER_CASE_OR_UNKNOWN_ROW;
    }
}
