package dev.lore.spark;

import dev.lore.compress.GramFactors;
import dev.lore.compress.Placement;
import java.io.Serializable;

/**
 * What the driver broadcasts after the eigen-decomposition: {@code V_r} in float, the kept
 * singular values and the placement, from which every task builds the driver's
 * {@link GramFactors} exactly ({@link GramFactors#of(float[], double[], int, Placement)}), and the
 * text of the provenance each part file records.
 */
record FactorParts(float[] rightVectors, double[] keptSingularValues, double[] singularValues, int dimension,
        Placement placement, String sourceName, String sourceSha256, String method, String rankRule, long seed)
        implements Serializable {

    /** The factors, as the driver computed them. */
    GramFactors factors() {
        return GramFactors.of(rightVectors, keptSingularValues, dimension, placement);
    }

    int rank() {
        return keptSingularValues.length;
    }
}
