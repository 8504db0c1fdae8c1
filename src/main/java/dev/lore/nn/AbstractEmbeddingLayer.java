package dev.lore.nn;

/**
 * What the models of this package use of the embedding layers of this package beyond the public
 * interface: the pooled path written straight into the model's own heap rows, with no ND4J array
 * in between. A layer of another origin is read through {@link EmbeddingLayer#meanPool} and
 * {@link EmbeddingLayer#forward} instead.
 */
abstract class AbstractEmbeddingLayer implements EmbeddingLayer {

    /**
     * The real tokens of {@code batch}, checked against this layer's vocabulary and sizes.
     *
     * @throws IllegalArgumentException if a real id is out of range or the batch is too large
     */
    abstract ActiveTokens tokens(TokenBatch batch);

    /**
     * The masked mean of {@link EmbeddingLayer#meanPool}, row {@code i} into {@code out[i][0, d)}
     * for {@code i < tokens.batch}, computed exactly as {@code meanPool} computes it. Thread-safe:
     * it reads the parameters and writes only {@code out}.
     */
    abstract void meanPoolRows(ActiveTokens tokens, float[][] out);
}
