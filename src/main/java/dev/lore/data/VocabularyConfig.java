package dev.lore.data;

import java.util.Objects;

/**
 * How the model vocabulary is built from the training split; see {@link ModelVocabulary#build}.
 *
 * @param minCount a training word without a pretrained vector gets its own (random) vector if it
 *     occurs at least {@code minCount} times in the training split, else it maps to UNK; in
 *     {@code [1, Integer.MAX_VALUE]}. Words with a pretrained vector are always kept.
 * @param oovInit how random vectors are drawn
 * @param seed seed of the random vectors
 * @param lowerCaseFallback whether a word missing from the pretrained vocabulary takes the vector
 *     of its lower-cased form ({@link java.util.Locale#ROOT}) when that one is present; it matters
 *     only with a cased tokenizer ({@code What} gets {@code what}'s vector)
 */
public record VocabularyConfig(int minCount, OovInit oovInit, long seed, boolean lowerCaseFallback) {

    /** Default {@link #minCount}. */
    public static final int DEFAULT_MIN_COUNT = 2;
    /** Default {@link #seed}. */
    public static final long DEFAULT_SEED = 1L;

    /**
     * Validates the configuration.
     *
     * @param minCount {@code >= 1}
     * @param oovInit not null
     * @param seed any value
     * @param lowerCaseFallback whether to fall back to the lower-cased form's vector
     * @throws IllegalArgumentException if {@code minCount < 1}
     * @throws NullPointerException if {@code oovInit} is null
     */
    public VocabularyConfig {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        Objects.requireNonNull(oovInit, "oovInit");
    }

    /**
     * minCount 2, variance-matched uniform random vectors, seed 1, lower-case fallback on.
     *
     * @return the default configuration
     */
    public static VocabularyConfig defaults() {
        return new VocabularyConfig(DEFAULT_MIN_COUNT, OovInit.matchVariance(), DEFAULT_SEED, true);
    }

    /**
     * This configuration with another {@code minCount}; this one is unchanged.
     *
     * @param newMinCount {@code >= 1}
     * @return the new configuration
     * @throws IllegalArgumentException if {@code newMinCount < 1}
     */
    public VocabularyConfig withMinCount(int newMinCount) {
        return new VocabularyConfig(newMinCount, oovInit, seed, lowerCaseFallback);
    }

    /**
     * This configuration with another {@code seed}; this one is unchanged.
     *
     * @param newSeed seed of the random vectors
     * @return the new configuration
     */
    public VocabularyConfig withSeed(long newSeed) {
        return new VocabularyConfig(minCount, oovInit, newSeed, lowerCaseFallback);
    }

    /**
     * This configuration with another {@code oovInit}; this one is unchanged.
     *
     * @param newOovInit how random vectors are drawn, not null
     * @return the new configuration
     * @throws NullPointerException if {@code newOovInit} is null
     */
    public VocabularyConfig withOovInit(OovInit newOovInit) {
        return new VocabularyConfig(minCount, newOovInit, seed, lowerCaseFallback);
    }
}
