/**
 * Truncated singular value decomposition (exact and randomized), rank selection and reconstruction
 * error.
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, and the OpenBLAS binding that ND4J's CPU
 * backend itself loads ({@code org.bytedeco.openblas}), called directly on ND4J's memory.
 */
package dev.lore.linalg;
