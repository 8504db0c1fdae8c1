package dev.lore.data;

/**
 * How a training split is cut into mini-batches; see {@link MiniBatches#shuffled}.
 *
 * @param batchSize examples per batch, in {@code [1, 1_000_000]}
 * @param seed seed of the per-epoch shuffles
 * @param dropLast whether a last batch smaller than {@code batchSize} is dropped (else kept)
 * @param trimToLongest whether a batch's {@code seqLen} is the longest length in it instead of the
 *     split's {@code maxLen} (less work for models whose cost grows with {@code seqLen}; the ids
 *     seen by a model that masks by length are the same)
 */
public record BatchConfig(int batchSize, long seed, boolean dropLast, boolean trimToLongest) {

    /** Default {@link #batchSize}, as in Kim (2014). */
    public static final int DEFAULT_BATCH_SIZE = 50;

    /**
     * Validates the batch size.
     *
     * @param batchSize in {@code [1, 1_000_000]}
     * @param seed any value
     * @param dropLast whether a last partial batch is dropped
     * @param trimToLongest whether {@code seqLen} is the longest length in each batch
     * @throws IllegalArgumentException if {@code batchSize} is out of range
     */
    public BatchConfig {
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 1000000], got " + batchSize);
        }
    }

    /**
     * Batches of 50, the given seed, last partial batch kept, fixed {@code seqLen}.
     *
     * @param seed seed of the per-epoch shuffles
     * @return the configuration
     */
    public static BatchConfig defaults(long seed) {
        return new BatchConfig(DEFAULT_BATCH_SIZE, seed, false, false);
    }
}
