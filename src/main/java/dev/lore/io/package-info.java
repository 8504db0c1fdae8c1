/**
 * Reading and writing word-embedding files: GloVe text, word2vec/fastText text and word2vec
 * binary, optionally gzipped. {@link dev.lore.io.EmbeddingReader} streams a file into
 * {@link dev.lore.io.WordVectors} (a {@link dev.lore.io.Vocabulary} and a FLOAT matrix), reporting
 * malformed input as {@link dev.lore.io.EmbeddingFileException} with file and line;
 * {@link dev.lore.io.EmbeddingWriter} writes them back atomically, exactly.
 *
 * <p>May import: the JDK, ND4J, SLF4J and {@code dev.lore}. Nothing else of lore.
 */
package dev.lore.io;
