/**
 * Benchmarks of lore: JMH where a kernel can be timed in isolation ({@link dev.lore.bench.InferenceJmh}), plain harnesses (one {@code main} each) for end-to-end runs
 * measured side by side with the Python peers. Each harness prints JSON lines.
 */
package dev.lore.bench;
