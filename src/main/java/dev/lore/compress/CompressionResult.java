package dev.lore.compress;

import java.util.Objects;

/**
 * The outcome of {@link EmbeddingCompressor#compress}.
 *
 * @param embedding the compressed embedding, ready for {@link LoreFile#write}
 * @param report what it cost
 */
public record CompressionResult(CompressedEmbedding embedding, CompressionReport report) {
    /**
     * Checks the components.
     *
     * @param embedding the compressed embedding, not null
     * @param report what it cost, not null
     * @throws NullPointerException if a component is null
     */
    public CompressionResult {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(report, "report");
    }
}
