package dev.lore.spark;

import java.io.Serializable;

/**
 * What the second pass returns for one partition: its rows, the error sums of its rows
 * ({@link dev.lore.linalg.ReconstructionErrorAccumulator}'s state), and either its words and rows
 * of {@code A} (sent to the driver, which writes one file) or the part file it wrote.
 */
record PartOut(int partition, long rows, double squaredResidual, double squaredNorm, double maxAbsError,
        String[] words, float[] a, String file, long fileBytes, long crc32c) implements Serializable {
}
