package dev.lore.linalg;

/**
 * How the Gram matrix {@code G = X^T X} of the exact (Gram) route is accumulated.
 *
 * <p>Measured on the 341,479 x 100 GloVe matrix (docs/design/compress.md): {@link #FLOAT} and
 * {@link #MIXED} take the same time, {@code MIXED}'s entries are about 10x closer to the
 * double-precision Gram matrix (largest error 1.5e-7 against 1.3e-6 of {@code max |G|}), and
 * {@link #DOUBLE} is 2-4x slower.
 */
public enum GramPrecision {
    /** One float {@code ssyrk} over all rows; the float result is widened to double. */
    FLOAT,
    /**
     * A float {@code ssyrk} per block of 32768 rows, each block's Gram matrix
     * added into a double accumulator. The default.
     */
    MIXED,
    /** Each block of rows widened to double, then a double {@code dsyrk}. */
    DOUBLE
}
