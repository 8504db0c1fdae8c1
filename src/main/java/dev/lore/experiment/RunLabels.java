package dev.lore.experiment;

import java.util.Objects;

/**
 * The labels that name a run in every table lore prints or writes ({@code results.md}, the demo's
 * table, {@code lore train}'s output), so that they read the same everywhere.
 */
public final class RunLabels {

    private RunLabels() {}

    /**
     * The compression column: {@code 0} for {@link Method#NONE}, which removes nothing, otherwise
     * the shortest text of {@code p} ({@code 0.9}, {@code 0.95}, {@code 0} for 0.0).
     *
     * @param method the run's method, not null
     * @param p the target compression, in {@code [0, 1)}
     * @return the label
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1)}
     * @throws NullPointerException if {@code method} is null
     */
    public static String compression(Method method, double p) {
        Objects.requireNonNull(method, "method");
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("compression must be in [0, 1), got " + p);
        }
        if (method == Method.NONE) {
            return "0";
        }
        String s = Double.toString(p);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /**
     * How the embedding is stored: {@code rank R float32} for factors of rank {@code R}
     * ({@code rank R B-bit} for quantized factors), else {@code full float32} for 32 bits and
     * {@code B-bit} for a quantized matrix.
     *
     * @param rank the rank, 0 if not factorized
     * @param bits bits per stored value, in {@code [1, 32]}; 32 is float32
     * @return the label
     * @throws IllegalArgumentException if {@code rank < 0} or {@code bits} is out of range
     */
    public static String storedAs(int rank, int bits) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        }
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("bits must be in [1, 32], got " + bits);
        }
        String values = bits == 32 ? "float32" : bits + "-bit";
        if (rank > 0) {
            return "rank " + rank + " " + values;
        }
        return bits == 32 ? "full float32" : values;
    }
}
