package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneCycleTest {

    private static final double ABS = 1e-12;

    @Test
    void warmUpAndAnnealHandComputed() {
        // initial = 1/4, floor = 1/8; a = 0.375 * 8 - 1 = 2; anneal span = 7 - 2 = 5.
        OneCycle s = new OneCycle(1.0, 8, 0.375, 4.0, 2.0);
        assertEquals(0.25, s.valueAt(0, 0), ABS, "starts at max / div");
        assertEquals(0.625, s.valueAt(1, 0), ABS, "1 - 0.375 * (cos(pi/2) + 1)");
        assertEquals(1.0, s.valueAt(2, 0), ABS, "peak at the end of the warm-up");
        assertEquals(0.125, s.valueAt(7, 0), ABS, "floor at the last iteration");
        assertEquals(0.125, s.valueAt(100, 0), ABS, "held at the floor afterwards");
        // a = 0.25 * 8 - 1 = 1; anneal span 6; s = 4 is half-way: 0.125 + 0.4375 * 1.
        assertEquals(0.5625, new OneCycle(1.0, 8, 0.25, 4.0, 2.0).valueAt(4, 0), ABS);
    }

    @Test
    void pytorchDefaults() {
        OneCycle s = new OneCycle(1e-3, 1390, OneCycle.DEFAULT_PCT, OneCycle.DEFAULT_DIV, OneCycle.DEFAULT_FINAL_DIV);
        assertEquals(4e-5, s.valueAt(0, 0), 1e-18, "1e-3 / 25");
        assertEquals(4e-9, s.valueAt(1389, 0), 1e-20, "1e-3 / 25 / 1e4");
    }

    @Test
    void risesThenFalls() {
        OneCycle s = new OneCycle(1e-3, 1000, 0.3, 25, 1e4);
        for (long i = 1; i < 1000; i++) {
            double previous = s.valueAt(i - 1, 0);
            double lr = s.valueAt(i, 0);
            assertTrue(i <= 299 ? lr >= previous : lr <= previous, "iteration " + i);
        }
    }

    @Test
    void rejectsAWarmUpOfOneIteration() {
        assertMessage("onecycle: pct * total must be > 1 (a warm-up of at least two iterations), got pct=0.5, total=2",
                () -> new OneCycle(1, 2, 0.5, 25, 1e4));
        assertMessage("onecycle: pct must be in (0, 1), got 1.0", () -> new OneCycle(1, 10, 1.0, 25, 1e4));
        assertMessage("onecycle: total must be in [2, 9223372036854775807], got 1", () -> new OneCycle(1, 1, 0.5, 25, 1e4));
        assertMessage("onecycle: div must be finite and >= 1.0, got 0.5", () -> new OneCycle(1, 10, 0.3, 0.5, 1e4));
        assertMessage("onecycle: final_div must be finite and >= 1.0, got NaN", () -> new OneCycle(1, 10, 0.3, 25, Double.NaN));
    }

    @Test
    void textForm() {
        assertEquals("onecycle(max=0.001,total=1390,pct=0.3,div=25.0,final_div=10000.0)",
                new OneCycle(1e-3, 1390, 0.3, 25, 1e4).toString());
    }
}
