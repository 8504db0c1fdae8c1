package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankRuleTest {

    @Test
    void compressionFollowsTheParameterCount() {
        // 0.1 * 1000 * 100 / 1100 = 9.09
        assertEquals(9, RankRule.compression(0.9).resolve(1000, 100));
        // 100000 / 1100 = 90.9
        assertEquals(90, RankRule.compression(0.0).resolve(1000, 100));
        // 341479 x 100 at 0.9: 0.1 * 34147900 / 341579 = 9.997
        assertEquals(9, RankRule.compression(0.9).resolve(341479, 100));
        // 400000 x 300 at 0.9: 0.1 * 1.2e8 / 400300 = 29.98
        assertEquals(29, RankRule.compression(0.9).resolve(400000, 300));
    }

    @Test
    void compressionIsNotHurtByRoundingOfOneMinusP() {
        // 20 x 20: (1 - 0.9) * 400 / 40 = 1 exactly, but 1 - 0.9 = 0.09999999999999998 in double.
        assertEquals(1, RankRule.compression(0.9).resolve(20, 20));
    }

    @Test
    void compressionLeavingRankZeroIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankRule.compression(0.999).resolve(1000, 100));
        assertEquals("compression 0.999 leaves rank 0 for a 1000 x 100 matrix", e.getMessage());
    }

    @Test
    void compressionOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RankRule.compression(1.0));
        assertThrows(IllegalArgumentException.class, () -> RankRule.compression(-0.1));
        assertThrows(IllegalArgumentException.class, () -> RankRule.compression(Double.NaN));
    }

    @Test
    void fixedRankIsCheckedAgainstTheShape() {
        assertEquals(100, RankRule.rank(100).resolve(1000, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankRule.rank(101).resolve(1000, 100));
        assertEquals("rank 101 exceeds min(1000, 100) = 100", e.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> RankRule.rank(0));
        assertEquals("rank must be >= 1, got 0", zero.getMessage());
    }

    @Test
    void energyPicksTheSmallestSufficientRank() {
        double[] s = {3, 2, 1}; // energies 9, 4, 1 of 14
        assertEquals(1, RankRule.energy(0.5).resolve(10, 3, s)); // 9 >= 7
        assertEquals(2, RankRule.energy(0.9).resolve(10, 3, s)); // 9 < 12.6 <= 13
        assertEquals(3, RankRule.energy(0.95).resolve(10, 3, s)); // 13 < 13.3
        assertEquals(3, RankRule.energy(1.0).resolve(10, 3, s));
        assertEquals(1, RankRule.energy(1.0).resolve(10, 3, new double[] {0, 0, 0}));
        assertEquals(2, RankRule.energy(1.0).resolve(10, 3, new double[] {2, 1, 0}));
    }

    @Test
    void energyNeedsTheWholeSpectrum() {
        assertTrue(RankRule.energy(0.9).needsSpectrum());
        assertThrows(IllegalStateException.class, () -> RankRule.energy(0.9).resolve(10, 3));
        assertThrows(IllegalArgumentException.class,
                () -> RankRule.energy(0.9).resolve(10, 3, new double[] {3, 2}));
        assertThrows(IllegalArgumentException.class, () -> RankRule.energy(0.0));
        assertThrows(IllegalArgumentException.class, () -> RankRule.energy(1.01));
    }

    @Test
    void describeNamesTheRule() {
        assertEquals("rank 7", RankRule.rank(7).describe());
        assertEquals("compression 0.9", RankRule.compression(0.9).describe());
        assertEquals("energy 0.95", RankRule.energy(0.95).describe());
    }

    @Test
    void emptyShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RankRule.rank(1).resolve(0, 5));
        assertThrows(IllegalArgumentException.class, () -> RankRule.compression(0.5).resolve(5, 0));
    }
}
