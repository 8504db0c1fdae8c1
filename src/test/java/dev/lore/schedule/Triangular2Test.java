package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Triangular2Test {

    @Test
    void amplitudeHalvesEachCycle() {
        Triangular2 t = new Triangular2(0.0, 1.0, 2);
        double[] expected = {0, 0.5, 1, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.125, 0.25, 0.125};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.valueAt(i, 0), 0.0, "iteration " + i);
        }
        assertEquals(0.55, new Triangular2(0.1, 1.0, 2).valueAt(6, 0), 1e-15, "0.1 + 0.9 * 1 / 2");
    }

    @Test
    void peaksNonIncreasingAndBoundedByLb() {
        Triangular2 t = new Triangular2(1e-6, 1e-3, 3);
        double previousPeak = Double.POSITIVE_INFINITY;
        for (long cycle = 0; cycle < 3000; cycle++) {
            double peak = t.valueAt(cycle * 6 + 3, 0);
            assertTrue(peak <= previousPeak && peak >= 1e-6, "cycle " + cycle);
            previousPeak = peak;
        }
        assertEquals(1e-6, t.valueAt(Long.MAX_VALUE, 0), 0.0, "amplitude underflowed after many cycles");
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("triangular2: ub must be finite and >= 0, got -1.0", () -> new Triangular2(0, -1, 1));
    }

    @Test
    void textForm() {
        assertEquals("triangular2(lb=0.0,ub=1.0,step=2)", new Triangular2(0, 1, 2).toString());
    }
}
