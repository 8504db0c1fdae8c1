package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RandomizedSvdTest {

    private static final RandomizedSvd SVD = new RandomizedSvd(10, 20, 2e-4, 0);

    @Test
    void energySearchAtLeastDoubles() {
        // 14 of 15 captured, 0.25 missing: one more s_k^2 = 1 would do, but the rank still doubles.
        assertEquals(6, SVD.nextEnergyRank(new double[] {3, 2, 1}, 15.0, 0.95, 1000));
    }

    @Test
    void energySearchJumpsByTheMissingEnergyOverTheLastEstimate() {
        // 14 of 100 captured, 90 wanted: at least ceil(76 / 1^2) = 76 more values.
        assertEquals(79, SVD.nextEnergyRank(new double[] {3, 2, 1}, 100.0, 0.9, 1000));
    }

    @Test
    void energySearchTakesTheWholeSpectrumFromHalfOfIt() {
        // 79 + p = 89 >= 150 / 2: a complete sample in one pass.
        assertEquals(150, SVD.nextEnergyRank(new double[] {3, 2, 1}, 100.0, 0.9, 150));
        assertEquals(178, SVD.nextEnergyRank(new double[] {3, 2, 1}, 100.0, 0.9, 178));
        assertEquals(79, SVD.nextEnergyRank(new double[] {3, 2, 1}, 100.0, 0.9, 179));
        // A zero last estimate says nothing about the rest.
        assertEquals(1000, SVD.nextEnergyRank(new double[] {3, 2, 0}, 100.0, 0.9, 1000));
    }
}
