package dev.lore.dl4j;

/**
 * A byte budget for an embedding, as a target byte ratio: {@code ratio = (V d 4) / embedding_bytes},
 * where {@code embedding_bytes} counts every stored matrix of the embedding exactly (packed codes,
 * codebooks, scales and offsets, a float32 factor {@code B}); the vocabulary's strings are not in
 * it. A budget of ratio {@code rho} allows {@code floor(V d 4 / rho)} bytes.
 *
 * @param ratio the target byte ratio, finite and {@code >= 1} (1: the float32 table itself)
 */
public record ByteBudget(double ratio) {

    /**
     * Checks the ratio.
     *
     * @param ratio finite, {@code >= 1}
     * @throws IllegalArgumentException if it is not
     */
    public ByteBudget {
        if (!(ratio >= 1.0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("the byte ratio must be finite and >= 1, got " + ratio);
        }
    }

    /**
     * A budget of byte ratio {@code ratio}.
     *
     * @param ratio finite, {@code >= 1}
     * @return the budget
     * @throws IllegalArgumentException if {@code ratio} is not finite or below 1
     */
    public static ByteBudget of(double ratio) {
        return new ByteBudget(ratio);
    }

    /**
     * The bytes this budget allows for a {@code [v, d]} table.
     *
     * @param v rows, {@code >= 1}
     * @param d columns, {@code >= 1}
     * @return {@code floor(v d 4 / ratio)}
     * @throws ArithmeticException if {@code v d 4} overflows a {@code long}
     */
    public long bytes(long v, long d) {
        return (long) Math.floor(Math.multiplyExact(Math.multiplyExact(v, d), 4L) / ratio);
    }
}
