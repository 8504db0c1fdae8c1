package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExponentialDecayTest {

    @Test
    void multipliesByGammaEachEpoch() {
        ExponentialDecay s = new ExponentialDecay(2.0, 0.5);
        assertEquals(2.0, s.valueAt(0, 0), 0.0);
        assertEquals(1.0, s.valueAt(99, 1), 0.0);
        assertEquals(0.25, s.valueAt(7, 3), 0.0);
        assertEquals(0.0, s.valueAt(0, Long.MAX_VALUE), 0.0);
        assertEquals(3.0, new ExponentialDecay(3.0, 1.0).valueAt(5, 1000), 0.0);
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("exp: gamma must be in (0, 1], got 0.0", () -> new ExponentialDecay(1, 0));
        assertMessage("exp: gamma must be in (0, 1], got NaN", () -> new ExponentialDecay(1, Double.NaN));
    }

    @Test
    void textForm() {
        assertEquals("exp(lr=0.01,gamma=0.9)", new ExponentialDecay(0.01, 0.9).toString());
    }
}
