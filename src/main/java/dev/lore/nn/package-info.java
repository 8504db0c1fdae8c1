/**
 * Trainable layers and models with hand-written forward and backward passes: full, factorized
 * (two stacked layers) and quantized embeddings ({@link dev.lore.nn.EmbeddingLayer}), a deep
 * averaging network and an LSTM classifier ({@link dev.lore.nn.TextClassifier}), parameters and
 * optimizers ({@link dev.lore.nn.Parameter}, {@link dev.lore.nn.Optimizer}).
 *
 * <p>Parameters are ND4J arrays; the small kernels run as Java loops over their float buffers and
 * the large matrix products call OpenBLAS through ND4J's own JavaCPP binding
 * ({@code org.bytedeco.openblas}), because ND4J's fixed cost per operation (tens of
 * microseconds) would dominate these models. docs/design/nn.md records the measurements.
 *
 * <p>May import: the JDK, ND4J (with its JavaCPP and OpenBLAS bindings), SLF4J, {@code dev.lore},
 * {@code dev.lore.io}, {@code dev.lore.quant}, {@code dev.lore.compress} (the stored form of a layer) and
 * {@code dev.lore.schedule} (learning rates).
 */
package dev.lore.nn;
