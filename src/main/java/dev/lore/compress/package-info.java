/**
 * Compression of an embedding: low-rank factorization, quantization of the table or of its
 * factors (with the quantizers of {@code dev.lore.quant}), and the compressed embedding file
 * format ({@code .lore}).
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code dev.lore.io}, {@code dev.lore.linalg} and {@code dev.lore.quant}.
 */
package dev.lore.compress;
