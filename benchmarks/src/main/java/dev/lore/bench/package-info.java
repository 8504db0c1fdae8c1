/**
 * Benchmarks of lore: JMH for kernels, plain harnesses (one {@code main} each) for end-to-end runs
 * measured side by side with the Python peers. Each harness prints JSON lines.
 */
package dev.lore.bench;
