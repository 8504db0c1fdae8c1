/**
 * Training a text classifier: the loop with best-on-dev selection and early stopping
 * ({@link dev.lore.train.Trainer}, {@link dev.lore.train.TrainerConfig}), learning-rate schedules
 * bound to a run ({@link dev.lore.train.ScheduleSpec}), the measured defaults
 * ({@link dev.lore.train.TrainingDefaults}), evaluation ({@link dev.lore.train.Evaluation}) and
 * online compression of a trained model's embedding ({@link dev.lore.train.OnlineCompression}).
 *
 * <p>May import: the JDK, ND4J, SLF4J, {@code dev.lore}, {@code io}, {@code linalg},
 * {@code quant}, {@code compress}, {@code nn}, {@code schedule} and {@code data}.
 */
package dev.lore.train;
