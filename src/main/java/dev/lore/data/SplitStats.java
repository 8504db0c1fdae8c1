package dev.lore.data;

import java.util.Locale;
import java.util.Objects;

/**
 * What encoding a split found, for logs. Token counts are over whole sentences, before truncation.
 *
 * @param name the split's name
 * @param examples number of examples
 * @param tokens number of tokens
 * @param unkTokens tokens mapped to UNK
 * @param truncated examples longer than the maximum length, cut
 * @param truncatedTokens tokens cut off
 * @param empty examples with no token after tokenization, encoded as a single UNK
 */
public record SplitStats(String name, int examples, long tokens, long unkTokens, int truncated,
        long truncatedTokens, int empty) {

    /**
     * Validates the counts.
     *
     * @param name not null
     * @param examples {@code >= 0}
     * @param tokens {@code >= 0}
     * @param unkTokens in {@code [0, tokens]}
     * @param truncated in {@code [0, examples]}
     * @param truncatedTokens in {@code [0, tokens]}
     * @param empty in {@code [0, examples]}
     * @throws IllegalArgumentException if a count is negative or exceeds its whole
     * @throws NullPointerException if {@code name} is null
     */
    public SplitStats {
        Objects.requireNonNull(name, "name");
        if (examples < 0 || tokens < 0 || unkTokens < 0 || truncated < 0 || truncatedTokens < 0
                || empty < 0 || unkTokens > tokens || truncatedTokens > tokens || truncated > examples
                || empty > examples) {
            throw new IllegalArgumentException("inconsistent counts: examples " + examples + ", tokens "
                    + tokens + ", unkTokens " + unkTokens + ", truncated " + truncated
                    + ", truncatedTokens " + truncatedTokens + ", empty " + empty);
        }
    }

    /**
     * Share of tokens mapped to UNK.
     *
     * @return {@code unkTokens / tokens}, in {@code [0, 1]}; 0 if there are no tokens
     */
    public double unkRate() {
        return tokens == 0 ? 0 : unkTokens / (double) tokens;
    }

    /**
     * One line for a log.
     *
     * @return {@code NAME: N examples, N tokens, UNK N (P%), N truncated (N tokens cut), N empty},
     *     counts with thousands separators, {@code P} the UNK rate in percent to 3 decimals
     */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s: %,d examples, %,d tokens, UNK %,d (%.3f%%), %,d truncated (%,d tokens cut), %,d empty",
                name, examples, tokens, unkTokens, 100 * unkRate(), truncated, truncatedTokens, empty);
    }
}
