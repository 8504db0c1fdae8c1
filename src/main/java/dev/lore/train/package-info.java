/**
 * Labeled text datasets, tokenization, the training loop, and the experiments that compare
 * compression methods (online, offline, SVD only, quantized).
 *
 * <p>May import: everything in lore except {@code dev.lore.cli}.
 */
package dev.lore.train;
