/**
 * Reading and writing word-embedding files (GloVe text, word2vec/fastText text and binary): {@link dev.lore.io.Vocabulary} and {@link dev.lore.io.Embeddings}.
 *
 * <p>May import: the JDK, ND4J, SLF4J and {@code dev.lore}. Nothing else of lore.
 */
package dev.lore.io;
