package dev.lore.train;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionReport;
import dev.lore.nn.TextClassifier;
import java.util.Objects;

/**
 * A model whose embedding layer was replaced by a compressed one, with what the compression did.
 *
 * @param model the new model: the compressed embedding layer and copies of the original's other
 *     parameters; the original model is unchanged
 * @param embedding the compressed embedding as a {@code .lore} file would hold it, as it was right
 *     after compression (fine-tuning the model later does not change it)
 * @param report the compression's figures: rank, parameter and byte counts, relative error
 */
public record CompressedModel(TextClassifier model, CompressedEmbedding embedding, CompressionReport report) {

    /**
     * Checks the components.
     *
     * @param model not null
     * @param embedding not null
     * @param report not null
     * @throws NullPointerException if a component is null
     */
    public CompressedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(report, "report");
    }
}
