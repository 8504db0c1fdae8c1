package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineWarmRestartsTest {

    private static final double ABS = 1e-12;
    /** (1 + cos(pi/4)) / 2 and (1 - cos(pi/4)) / 2, with cos(pi/4) = sqrt(2)/2 = 0.7071067811865476. */
    private static final double HIGH = 0.8535533905932737;
    private static final double LOW = 0.14644660940672624;

    @Test
    void constantPeriods() {
        CosineWarmRestarts s = new CosineWarmRestarts(1.0, 0.0, 4, 1);
        double[] expected = {1, HIGH, 0.5, LOW, 1, HIGH, 0.5, LOW, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.valueAt(i, 0), ABS, "iteration " + i);
        }
    }

    @Test
    void doublingPeriods() {
        // Periods [0,2), [2,6), [6,14), [14,30).
        CosineWarmRestarts s = new CosineWarmRestarts(1.0, 0.0, 2, 2);
        assertEquals(1.0, s.valueAt(0, 0), ABS);
        assertEquals(0.5, s.valueAt(1, 0), ABS);
        assertEquals(1.0, s.valueAt(2, 0), ABS);
        assertEquals(HIGH, s.valueAt(3, 0), ABS);
        assertEquals(0.5, s.valueAt(4, 0), ABS);
        assertEquals(LOW, s.valueAt(5, 0), ABS);
        assertEquals(1.0, s.valueAt(6, 0), ABS);
        assertEquals(0.5, s.valueAt(10, 0), ABS);
        assertEquals(1.0, s.valueAt(14, 0), ABS);
        assertEquals(0.6, new CosineWarmRestarts(1.1, 0.1, 2, 2).valueAt(1, 0), ABS, "0.1 + 1 * 0.5");
    }

    @Test
    void decreasingWithinEachPeriodAndBounded() {
        CosineWarmRestarts s = new CosineWarmRestarts(1e-3, 1e-6, 139, 2);
        double previous = Double.POSITIVE_INFINITY;
        for (long i = 0; i < 139 * 15; i++) {
            double lr = s.valueAt(i, 0);
            boolean restart = i == 0 || i == 139 || i == 139 * 3 || i == 139 * 7;
            assertTrue(restart ? lr == 1e-3 : lr <= previous, "iteration " + i);
            assertTrue(lr >= 1e-6 && lr <= 1e-3, "iteration " + i);
            previous = lr;
        }
        double far = new CosineWarmRestarts(1.0, 0.5, 1, 3).valueAt(Long.MAX_VALUE, 0);
        assertTrue(far >= 0.5 && far <= 1.0, "huge iteration: " + far);
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("sgdr: t0 must be in [1, 9223372036854775807], got 0", () -> new CosineWarmRestarts(1, 0, 0, 1));
        assertMessage("sgdr: tmult must be in [1, 9223372036854775807], got 0", () -> new CosineWarmRestarts(1, 0, 1, 0));
        assertMessage("sgdr: min must be <= max, got min=2.0, max=1.0", () -> new CosineWarmRestarts(1, 2, 1, 1));
    }

    @Test
    void textForm() {
        assertEquals("sgdr(max=0.001,min=0.0,t0=139,tmult=2)", new CosineWarmRestarts(1e-3, 0, 139, 2).toString());
    }
}
