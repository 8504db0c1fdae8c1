/**
 * Truncated singular value decomposition (exact and randomized) and rank selection.
 *
 * <p>May import: the JDK, ND4J, SLF4J and {@code dev.lore}.
 */
package dev.lore.linalg;
