/**
 * Labeled text and its encoding for a model: datasets and their files
 * ({@link dev.lore.data.Dataset}, {@code label<TAB>text} splits), tokenizers
 * ({@link dev.lore.data.Tokenizer}), a model's vocabulary built from the training split with its
 * initial vectors ({@link dev.lore.data.ModelVocabulary}), encoded splits
 * ({@link dev.lore.data.EncodedDataset}) and their mini-batches ({@link dev.lore.data.MiniBatches}).
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code dev.lore.io} (vocabularies and
 * pretrained vectors) and {@code dev.lore.nn} (the {@code TokenBatch} models read).
 */
package dev.lore.data;
