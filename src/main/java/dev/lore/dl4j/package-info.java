/**
 * DeepLearning4J integration: lore's factorized embedding as DL4J layers
 * ({@link dev.lore.dl4j.FactorizedEmbeddingSequenceLayer}, {@link dev.lore.dl4j.FactorizedEmbeddingLayer}),
 * layers that read product-quantization or scalar codes
 * ({@link dev.lore.dl4j.ProductQuantizedEmbeddingSequenceLayer},
 * {@link dev.lore.dl4j.QuantizedFactorEmbeddingSequenceLayer}), online compression to a rank or a
 * byte budget ({@link dev.lore.compress.ByteBudget}),
 * online compression of a trained DL4J network and conversions between DL4J's embedding layers and
 * lore's {@code CompressedEmbedding} ({@link dev.lore.dl4j.LoreDl4j}), labeled text as a DL4J
 * {@code DataSetIterator} ({@link dev.lore.dl4j.TextDataSetIterator}), and the factorized lookup in
 * a SameDiff graph ({@link dev.lore.dl4j.SameDiffEmbeddings}).
 *
 * <p>{@code org.deeplearning4j:deeplearning4j-nn} is an optional dependency of lore: a project that
 * uses this package declares it (version 1.0.0-M2.1, the ND4J version lore is built on). No other
 * package of lore imports this one or DL4J (a rule of {@code ArchitectureTest}), so lore
 * without DL4J on the class path works as before.
 *
 * <p>May import: the JDK, ND4J (SameDiff included), SLF4J, DeepLearning4J ({@code org.deeplearning4j}),
 * {@code dev.lore}, {@code dev.lore.io}, {@code dev.lore.linalg}, {@code dev.lore.quant}, {@code dev.lore.compress} and
 * {@code dev.lore.data} (datasets, labels, encoding, the trainer's batch order).
 */
package dev.lore.dl4j;
