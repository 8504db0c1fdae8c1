package dev.lore.spark;

import dev.lore.compress.GramFactors;
import dev.lore.compress.Placement;
import dev.lore.linalg.RowProjector;
import java.io.Serializable;

/**
 * What the driver broadcasts after the eigen-decomposition: {@code V_r} in float, the kept
 * singular values and the placement, from which every task builds the projector of the driver's
 * {@link GramFactors} ({@link #projector()}), and the text of the provenance each part file
 * records.
 */
record FactorParts(float[] rightVectors, double[] keptSingularValues, double[] singularValues, int dimension,
        Placement placement, String sourceName, String sourceSha256, String method, String rankRule, long seed)
        implements Serializable {

    /**
     * The rows-to-{@code A} map of {@link GramFactors#of}: {@code W = V_r}, each column scaled by
     * {@code 1 / s_j} (0 where {@code s_j = 0}), then by the placement's {@link #leftScale}
     * unless every such factor is 1, each step rounded once, as {@link GramFactors} builds it
     * (the tests hold the two to the same rows).
     */
    RowProjector projector() {
        int r = keptSingularValues.length;
        double[] inverse = new double[r];
        double[] left = new double[r];
        boolean identity = true;
        for (int j = 0; j < r; j++) {
            double s = keptSingularValues[j];
            inverse[j] = s > 0.0 ? 1.0 / s : 0.0;
            left[j] = leftScale(placement, s);
            identity &= left[j] == 1.0;
        }
        RowProjector p = RowProjector.of(rightVectors, dimension, r).scaled(inverse);
        return identity ? p : p.scaled(left);
    }

    /** {@code s^e} for the placement's exponent {@code e} (0, 1 or 1/2), as lore's {@code Placement} scales {@code A}. */
    static double leftScale(Placement placement, double s) {
        return switch (placement) {
            case RIGHT -> 1.0;
            case LEFT -> s;
            case SPLIT -> Math.sqrt(s);
        };
    }

    int rank() {
        return keptSingularValues.length;
    }
}
