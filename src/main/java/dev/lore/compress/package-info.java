/**
 * Low-rank factorization of an embedding matrix, fixed-point quantization, and the compressed
 * embedding file format ({@code .lore}).
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code dev.lore.io} and {@code dev.lore.linalg}.
 */
package dev.lore.compress;
