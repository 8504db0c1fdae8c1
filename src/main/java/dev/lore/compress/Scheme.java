package dev.lore.compress;

import java.util.Locale;

/**
 * What a compressed embedding stores (the labels of docs/format.md and {@code lore compress --scheme}).
 * The byte counts are those of {@link CompressedEmbedding#matrixBytes()} for {@code V} words,
 * dimension {@code d}, rank {@code r}, {@code M} sub-spaces and {@code b} bits.
 */
public enum Scheme {
    /** {@code A [V, r]} and {@code B [r, d]} in float32: {@code 4 r (V + d)} bytes. */
    LOWRANK("lowrank"),
    /** The table scalar-quantized at {@code b} bits, one range per row or per matrix. */
    SCALAR("scalar"),
    /** The table product-quantized: codes {@code ceil(V M b / 8)}, codebooks {@code 4 2^b d}, rotation {@code 4 d^2}. */
    PQ("pq"),
    /** {@code A} scalar-quantized, {@code B} float32 ({@code 4 r d} bytes). */
    LOWRANK_SCALAR("lowrank-scalar"),
    /** {@code A} product-quantized (codebooks {@code 4 2^b r}, rotation {@code 4 r^2}), {@code B} float32. */
    LOWRANK_PQ("lowrank-pq");

    private final String label;

    Scheme(String label) {
        this.label = label;
    }

    /**
     * The label.
     *
     * @return e.g. {@code lowrank-pq}
     */
    public String label() {
        return label;
    }

    /**
     * Whether the scheme factorizes the table.
     *
     * @return true for {@link #LOWRANK}, {@link #LOWRANK_SCALAR} and {@link #LOWRANK_PQ}
     */
    public boolean isLowRank() {
        return this == LOWRANK || this == LOWRANK_SCALAR || this == LOWRANK_PQ;
    }

    /**
     * The scheme of a label.
     *
     * @param label one of {@code lowrank}, {@code scalar}, {@code pq}, {@code lowrank-scalar},
     *     {@code lowrank-pq}, any case
     * @return the scheme
     * @throws IllegalArgumentException naming the label otherwise
     */
    public static Scheme fromLabel(String label) {
        for (Scheme s : values()) {
            if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("scheme must be lowrank, scalar, pq, lowrank-scalar or lowrank-pq, got '"
                + label + "'");
    }
}
