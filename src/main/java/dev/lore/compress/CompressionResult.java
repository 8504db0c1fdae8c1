package dev.lore.compress;

import java.util.Objects;

/**
 * The outcome of {@link EmbeddingCompressor#compress}.
 *
 * @param embedding the compressed embedding, ready for {@link LoreFile#write}
 * @param report what it cost
 */
public record CompressionResult(CompressedEmbedding embedding, CompressionReport report) {
    public CompressionResult {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(report, "report");
    }
}
