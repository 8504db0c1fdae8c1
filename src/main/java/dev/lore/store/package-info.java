/**
 * Serving an embedding: a read-only store opened without decoding its table ({@code .lore}
 * files are memory-mapped and their rows decoded on lookup; raw GloVe and word2vec files are read
 * into memory), similarity queries over it (cosine, exact nearest neighbours, analogies,
 * word-similarity and analogy evaluation) and a text-to-ids encoder for a plain embedding
 * vocabulary. Everything here is safe to share between threads once built.
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code dev.lore.io}, {@code dev.lore.quant},
 * {@code dev.lore.compress}, {@code dev.lore.nn} and {@code dev.lore.data}.
 */
package dev.lore.store;
