package dev.lore.compress;

import java.util.Locale;

/**
 * A size asked of a compressed embedding: a byte ratio against float32, or a number of bytes. The
 * bytes are those of the stored matrices ({@link CompressedEmbedding#matrixBytes()}: codes,
 * codebooks, scales and offsets, factors, rotation); the vocabulary's strings are not counted. The
 * byte ratio of an embedding of {@code V} words and dimension {@code d} is {@code 4 V d /
 * matrixBytes}.
 *
 * @param targetRatio the smallest byte ratio allowed, finite and {@code >= 1}; or 0 when
 *     {@code maxBytes} is given
 * @param maxBytes the largest number of matrix bytes allowed, {@code >= 1}; or 0 when
 *     {@code targetRatio} is given
 */
public record ByteBudget(double targetRatio, long maxBytes) {

    /**
     * Checks that exactly one of the two is given and in range.
     *
     * @param targetRatio finite and {@code >= 1}, or 0
     * @param maxBytes {@code >= 1}, or 0
     * @throws IllegalArgumentException naming the parameter and value otherwise
     */
    public ByteBudget {
        if ((targetRatio == 0) == (maxBytes == 0)) {
            throw new IllegalArgumentException("exactly one of targetRatio and maxBytes must be given, got "
                    + targetRatio + " and " + maxBytes);
        }
        if (targetRatio != 0 && !(targetRatio >= 1 && Double.isFinite(targetRatio))) {
            throw new IllegalArgumentException("targetRatio must be finite and >= 1, got " + targetRatio);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
    }

    /**
     * A byte ratio to reach.
     *
     * @param ratio finite and {@code >= 1}: the matrices take at most {@code 4 V d / ratio} bytes
     * @return the budget
     * @throws IllegalArgumentException if {@code ratio} is out of range
     */
    public static ByteBudget ratio(double ratio) {
        if (!(ratio >= 1 && Double.isFinite(ratio))) {
            throw new IllegalArgumentException("target ratio must be finite and >= 1, got " + ratio);
        }
        return new ByteBudget(ratio, 0);
    }

    /**
     * A number of bytes not to exceed.
     *
     * @param bytes {@code >= 1}
     * @return the budget
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public static ByteBudget bytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max bytes must be >= 1, got " + bytes);
        }
        return new ByteBudget(0, bytes);
    }

    /**
     * The matrix bytes allowed for a {@code [v, d]} table.
     *
     * @param v words, {@code >= 1}
     * @param d dimension, {@code >= 1}
     * @return {@code maxBytes}, or {@code floor(4 v d / targetRatio)}
     */
    public long bytesFor(int v, int d) {
        if (maxBytes > 0) {
            return maxBytes;
        }
        return (long) Math.floor(4.0 * v * d / targetRatio);
    }

    /**
     * The text form recorded in provenance.
     *
     * @return e.g. {@code ratio 10.0} or {@code bytes 1000000}
     */
    public String describe() {
        return maxBytes > 0 ? "bytes " + maxBytes : "ratio " + String.format(Locale.ROOT, "%s", targetRatio);
    }
}
