/**
 * Learning-rate schedules, CALR among them, as pure functions of (iteration, epoch).
 *
 * <p>Depends on the JDK only, so a schedule works in any gradient-descent loop; the ND4J adapter
 * ({@code Nd4jSchedule}) is the one class here that imports ND4J.
 */
package dev.lore.schedule;
