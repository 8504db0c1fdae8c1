package dev.lore.train;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Embeddings;
import dev.lore.io.Vocabulary;
import dev.lore.nn.Embedding;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.QuantizedEmbedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between the embedding layers of {@code dev.lore.nn} and the stored form of
 * {@code dev.lore.compress}: a full {@link Embedding} is a dense float32 {@link CompressedEmbedding},
 * a {@link FactorizedEmbedding} a low-rank float32 one, a {@link QuantizedEmbedding} a dense
 * quantized one.
 */
public final class EmbeddingLayers {

    private EmbeddingLayers() {}

    /**
     * The current table {@code E} of a layer as a new FLOAT {@code [V, d]} 'c' matrix: the table of
     * an {@link Embedding}, the product {@code A B} of a {@link FactorizedEmbedding}, the dequantized
     * matrix of a {@link QuantizedEmbedding}.
     *
     * @throws IllegalArgumentException for any other layer class
     */
    public static INDArray table(EmbeddingLayer layer) {
        Objects.requireNonNull(layer, "layer");
        if (layer instanceof Embedding e) {
            return e.table().value().dup('c');
        }
        if (layer instanceof FactorizedEmbedding f) {
            INDArray out = Nd4j.create(DataType.FLOAT, new long[] {f.vocabularySize(), f.dimension()}, 'c');
            f.a().value().mmul(f.b().value(), out);
            return out;
        }
        if (layer instanceof QuantizedEmbedding q) {
            return q.matrix().dequantize();
        }
        throw new IllegalArgumentException("unknown embedding layer class " + layer.getClass().getName());
    }

    /**
     * The stored form of a layer's current values (copied).
     *
     * @param vocabulary one word per row of the layer
     * @throws IllegalArgumentException if the vocabulary size differs from the layer's, or the layer
     *     class is unknown
     */
    public static CompressedEmbedding toStored(EmbeddingLayer layer, Vocabulary vocabulary, Provenance provenance) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(provenance, "provenance");
        if (vocabulary.size() != layer.vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words but the layer has "
                    + layer.vocabularySize() + " rows");
        }
        if (layer instanceof Embedding e) {
            return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(e.table().value().dup('c')), provenance);
        }
        if (layer instanceof FactorizedEmbedding f) {
            return CompressedEmbedding.lowRank(vocabulary, StoredMatrix.of(f.a().value().dup('c')),
                    StoredMatrix.of(f.b().value().dup('c')), new double[0], provenance);
        }
        if (layer instanceof QuantizedEmbedding q) {
            return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(q.matrix()), provenance);
        }
        throw new IllegalArgumentException("unknown embedding layer class " + layer.getClass().getName());
    }

    /**
     * The layer that reads a stored embedding: {@link Embedding} (dense float32),
     * {@link FactorizedEmbedding} (low-rank float32) or {@link QuantizedEmbedding} (dense quantized).
     * Trainable layers hold copies.
     *
     * @throws IllegalArgumentException for quantized factors, which no layer reads
     */
    public static EmbeddingLayer fromStored(CompressedEmbedding stored) {
        Objects.requireNonNull(stored, "stored");
        if (stored.kind() == CompressedEmbedding.Kind.LOW_RANK) {
            StoredMatrix b = stored.b().orElseThrow();
            if (!(stored.a() instanceof StoredMatrix.Float32) || !(b instanceof StoredMatrix.Float32)) {
                throw new IllegalArgumentException("no embedding layer reads quantized factors ("
                        + stored.a().describe() + " A, " + b.describe() + " B)");
            }
            return FactorizedEmbedding.of(stored.a().toFloat(), b.toFloat());
        }
        if (stored.a() instanceof StoredMatrix.Quantized q) {
            return QuantizedEmbedding.of(q.matrix());
        }
        return Embedding.of(stored.a().toFloat());
    }

    /** The current table of a layer with its vocabulary, as {@link Embeddings}. */
    public static Embeddings embeddings(EmbeddingLayer layer, Vocabulary vocabulary) {
        return new Embeddings(vocabulary, table(layer));
    }

    /** A vocabulary naming rows by index, {@code #0, #1, ...}, for tables that have no words. */
    static Vocabulary indexVocabulary(int size) {
        List<String> words = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            words.add("#" + i);
        }
        return Vocabulary.of(words);
    }
}
