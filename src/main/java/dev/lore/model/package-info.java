/**
 * Trained models ready to use on raw text ({@link dev.lore.model.TrainedModel}: network,
 * vocabulary, tokenizer, labels and how it was made) and their files
 * ({@link dev.lore.model.ModelFile}, {@code .lorem}, specified in docs/format.md).
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code io}, {@code quant},
 * {@code compress}, {@code nn}, {@code schedule}, {@code data} and {@code train}.
 */
package dev.lore.model;
