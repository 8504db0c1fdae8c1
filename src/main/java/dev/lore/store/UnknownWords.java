package dev.lore.store;

/**
 * What a lookup does with a word that is not in the store's vocabulary.
 *
 * <p>Lower-case fallback uses {@link String#toLowerCase(java.util.Locale)} with {@link java.util.Locale#ROOT}.
 */
public enum UnknownWords {
    /** Throw an {@link IllegalArgumentException} naming the word. */
    REJECT,
    /** A zero vector (its cosine with anything is 0). */
    ZERO,
    /** The lower-cased word if it is known, else {@link #REJECT}. */
    LOWER_CASE_OR_REJECT,
    /** The lower-cased word if it is known, else {@link #ZERO}. */
    LOWER_CASE_OR_ZERO;

    /** Whether the lower-cased word is tried. */
    boolean lowerCase() {
        return this == LOWER_CASE_OR_REJECT || this == LOWER_CASE_OR_ZERO;
    }

    /** Whether an unknown word gives a zero vector rather than an error. */
    boolean zero() {
        return this == ZERO || this == LOWER_CASE_OR_ZERO;
    }
}
