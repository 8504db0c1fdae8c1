package dev.lore.data;

import java.util.Locale;

/**
 * What building a {@link ModelVocabulary} found, for logs. "Types" are distinct tokens, "tokens"
 * are occurrences, both in the training split.
 *
 * @param trainTypes distinct training tokens
 * @param trainTokens training tokens
 * @param pretrainedTypes types given their pretrained vector
 * @param lowerCaseMatches of those, types found only through the lower-case fallback
 * @param pretrainedTokens occurrences of the {@code pretrainedTypes}
 * @param randomTypes types without pretrained vector but frequent enough, given a random vector
 * @param unkTypes types mapped to UNK: rare ones and tokens spelled like a special word
 * @param unkTokens occurrences of the {@code unkTypes}
 * @param size vocabulary size: PAD, UNK, the pretrained and the random types
 * @param dimension vector dimension
 * @param oovScale the half-width {@code a} of the uniform distribution of the random vectors
 */
public record VocabularyStats(int trainTypes, long trainTokens, int pretrainedTypes,
        int lowerCaseMatches, long pretrainedTokens, int randomTypes, int unkTypes, long unkTokens,
        int size, int dimension, double oovScale) {

    /**
     * Validates the counts.
     *
     * @param trainTypes {@code pretrainedTypes + randomTypes + unkTypes}
     * @param trainTokens {@code >= pretrainedTokens + unkTokens}
     * @param pretrainedTypes {@code >= 0}
     * @param lowerCaseMatches in {@code [0, pretrainedTypes]}
     * @param pretrainedTokens {@code >= 0}
     * @param randomTypes {@code >= 0}
     * @param unkTypes {@code >= 0}
     * @param unkTokens {@code >= 0}
     * @param size {@code 2 + pretrainedTypes + randomTypes}
     * @param dimension {@code >= 1}
     * @param oovScale finite, {@code > 0}
     * @throws IllegalArgumentException if a count is negative or the counts do not add up
     */
    public VocabularyStats {
        if (trainTypes < 0 || trainTokens < 0 || pretrainedTypes < 0 || lowerCaseMatches < 0
                || pretrainedTokens < 0 || randomTypes < 0 || unkTypes < 0 || unkTokens < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + describe(trainTypes,
                    trainTokens, pretrainedTypes, randomTypes, unkTypes, unkTokens));
        }
        if (trainTypes != (long) pretrainedTypes + randomTypes + unkTypes
                || lowerCaseMatches > pretrainedTypes
                || pretrainedTokens + unkTokens > trainTokens
                || size != 2L + pretrainedTypes + randomTypes) {
            throw new IllegalArgumentException("counts do not add up: " + describe(trainTypes,
                    trainTokens, pretrainedTypes, randomTypes, unkTypes, unkTokens) + ", size " + size);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (!(oovScale > 0 && Double.isFinite(oovScale))) {
            throw new IllegalArgumentException("oovScale must be finite and > 0, got " + oovScale);
        }
    }

    /**
     * Share of training types with a pretrained vector.
     *
     * @return {@code pretrainedTypes / trainTypes}, in {@code [0, 1]}; 0 if there are no types
     */
    public double pretrainedTypeRate() {
        return trainTypes == 0 ? 0 : pretrainedTypes / (double) trainTypes;
    }

    /**
     * Share of training tokens mapped to UNK.
     *
     * @return {@code unkTokens / trainTokens}, in {@code [0, 1]}; 0 if there are no tokens
     */
    public double unkTokenRate() {
        return trainTokens == 0 ? 0 : unkTokens / (double) trainTokens;
    }

    /**
     * One line for a log.
     *
     * @return e.g. {@code vocabulary 14,832 x 100: train types 15,000 ...}
     */
    public String summary() {
        return String.format(Locale.ROOT, "vocabulary %,d x %d: train types %,d, tokens %,d;"
                        + " pretrained %,d types (%.2f%%, %,d by lower-casing), random %,d (a=%.6g),"
                        + " UNK %,d types = %,d tokens (%.3f%%)",
                size, dimension, trainTypes, trainTokens, pretrainedTypes, 100 * pretrainedTypeRate(),
                lowerCaseMatches, randomTypes, oovScale, unkTypes, unkTokens, 100 * unkTokenRate());
    }

    private static String describe(int types, long tokens, int pretrained, int random, int unkTypes,
            long unkTokens) {
        return "trainTypes " + types + ", trainTokens " + tokens + ", pretrainedTypes " + pretrained
                + ", randomTypes " + random + ", unkTypes " + unkTypes + ", unkTokens " + unkTokens;
    }
}
