package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpRangeTest {

    private static final double ABS = 1e-15;

    @Test
    void amplitudeScaledByGammaToTheIteration() {
        ExpRange s = new ExpRange(0.1, 1.1, 2, 0.5);
        assertEquals(0.1, s.valueAt(0, 0), ABS);
        assertEquals(0.35, s.valueAt(1, 0), ABS, "0.1 + 1 * 0.5 * 0.5");
        assertEquals(0.35, s.valueAt(2, 0), ABS, "0.1 + 1 * 1 * 0.25");
        assertEquals(0.1625, s.valueAt(3, 0), ABS, "0.1 + 1 * 0.5 * 0.125");
        assertEquals(0.115625, s.valueAt(6, 0), ABS, "0.1 + 1 * 1 * 0.5^6");
    }

    @Test
    void gammaOneIsTriangular() {
        ExpRange s = new ExpRange(1e-6, 1e-3, 7, 1.0);
        Triangular t = new Triangular(1e-6, 1e-3, 7);
        for (long i = 0; i < 200; i++) {
            assertEquals(TriangularTest.smith(i, 7, 1e-6, 1e-3), s.valueAt(i, 0), 1e-15);
            assertEquals(t.valueAt(i, 0), s.valueAt(i, 0), 1e-15);
        }
    }

    @Test
    void peaksNonIncreasing() {
        ExpRange s = new ExpRange(1e-6, 1e-3, 69, 0.998);
        double previous = Double.POSITIVE_INFINITY;
        for (long cycle = 0; cycle < 100; cycle++) {
            double peak = s.valueAt(cycle * 138 + 69, 0);
            assertTrue(peak <= previous && peak >= 1e-6, "cycle " + cycle);
            previous = peak;
        }
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("exp_range: gamma must be in (0, 1], got 1.01", () -> new ExpRange(0, 1, 1, 1.01));
    }

    @Test
    void textForm() {
        assertEquals("exp_range(lb=0.0,ub=1.0,step=5,gamma=0.99)", new ExpRange(0, 1, 5, 0.99).toString());
    }
}
