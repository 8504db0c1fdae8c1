/**
 * Trainable layers and models with hand-written forward and backward passes: full, factorized
 * (two stacked layers) and quantized embeddings, a deep averaging network and an LSTM classifier.
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code dev.lore.io} and {@code dev.lore.compress}.
 */
package dev.lore.nn;
