/**
 * lore on Apache Spark: factorizes an embedding table spread over a cluster with lore's Gram
 * route, in two passes over the distributed rows (docs/design/spark.md).
 *
 * <ol>
 *   <li>one {@code treeAggregate} of a {@link dev.lore.linalg.GramAccumulator} per partition gives
 *       {@code G = E^T E} in double; the driver decomposes it with
 *       {@link dev.lore.linalg.GramSpectrum} and chooses the rank;
 *   <li>{@code V_r} is broadcast, and {@code mapPartitions} maps every row to its row of
 *       {@code A = E V_r} ({@link dev.lore.linalg.RowProjector}, optionally to scalar codes),
 *       measures the error and writes a part file, or sends the rows to the driver, which writes
 *       one {@code .lore} file.
 * </ol>
 *
 * <p>Entry points: {@link dev.lore.spark.SparkCompressor} (a {@code Dataset<Row>}, or
 * {@link dev.lore.spark.TextEmbeddings text files}), {@link dev.lore.spark.LoreParts} (the
 * directory of part files and its manifest) and {@code dev.lore.spark.cli} (the command line).
 * Imports: lore's public API, Spark and the JDK.
 */
package dev.lore.spark;
