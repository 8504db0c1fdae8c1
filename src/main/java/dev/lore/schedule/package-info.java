/**
 * Learning-rate schedules, CALR among them, as pure functions of (iteration, epoch).
 *
 * <p>{@link dev.lore.schedule.LearningRateSchedule} is the concept; {@link dev.lore.schedule.Calr}
 * (Acharya et al., AAAI 2019) and the schedules it is compared with ({@code ConstantRate},
 * {@code StepDecay}, {@code ExponentialDecay}, Smith's {@code Triangular}, {@code Triangular2}
 * and {@code ExpRange}, {@code CosineWarmRestarts}, {@code OneCycle}) implement it, immutable and
 * validated at construction. {@link dev.lore.schedule.LearningRateSchedules#parse} reads the
 * text form every schedule prints from {@code toString()}.
 *
 * <p>Depends on the JDK only, so a schedule works in any gradient-descent loop; the ND4J adapter
 * ({@link dev.lore.schedule.Nd4jSchedule}) is the one class here that imports ND4J (and ND4J's
 * shaded Jackson annotations).
 */
package dev.lore.schedule;
