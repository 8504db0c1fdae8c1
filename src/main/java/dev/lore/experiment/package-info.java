/**
 * The experiment grids that compare online compression with its baselines
 * ({@link dev.lore.experiment.Experiment}, {@link dev.lore.experiment.ExperimentPlan},
 * {@link dev.lore.experiment.Method}), their per-run results and the files written from them
 * ({@code results.csv}, {@code results.md}, {@code histories.jsonl}).
 *
 * <p>May import: everything in lore except {@code dev.lore.cli}.
 */
package dev.lore.experiment;
