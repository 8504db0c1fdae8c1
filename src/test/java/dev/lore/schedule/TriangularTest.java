package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TriangularTest {

    private static final double ABS = 1e-15;

    /** Smith's formula as printed in the paper, evaluated in doubles: an independent reference. */
    static double smith(long it, long step, double lb, double ub) {
        double cycle = Math.floor(1 + it / (2.0 * step));
        double x = Math.abs(it / (double) step - 2 * cycle + 1);
        return lb + (ub - lb) * Math.max(0, 1 - x);
    }

    @Test
    void oddStepHandComputed() {
        Triangular t = new Triangular(0.1, 0.4, 3);
        double[] expected = {0.1, 0.2, 0.3, 0.4, 0.3, 0.2, 0.1, 0.2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.valueAt(i, 0), ABS, "iteration " + i);
        }
    }

    @Test
    void evenStepHandComputed() {
        Triangular t = new Triangular(0.1, 0.4, 2);
        double[] expected = {0.1, 0.25, 0.4, 0.25, 0.1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.valueAt(i, 3), ABS, "iteration " + i);
        }
    }

    @Test
    void matchesSmithsFormulaAndNeverLeavesTheBand() {
        for (long step : new long[] {1, 2, 3, 7, 69, 1000, 1001}) {
            Triangular t = new Triangular(1e-6, 1e-3, step);
            for (long i = 0; i < 5000; i++) {
                double lr = t.valueAt(i, 0);
                assertEquals(smith(i, step, 1e-6, 1e-3), lr, 1e-15, "step " + step + " iteration " + i);
                assertTrue(lr >= 1e-6 && lr <= 1e-3, "step " + step + " iteration " + i + ": " + lr);
            }
            assertEquals(1e-3, t.valueAt(step, 0), 0.0, "peak reached exactly, step " + step);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("triangular: step must be in [1, 4611686018427387903], got 0", () -> new Triangular(0, 1, 0));
        assertMessage("triangular: lb must be <= ub, got lb=2.0, ub=1.0", () -> new Triangular(2, 1, 10));
    }

    @Test
    void textForm() {
        assertEquals("triangular(lb=1.0E-6,ub=0.001,step=69)", new Triangular(1e-6, 1e-3, 69).toString());
    }
}
