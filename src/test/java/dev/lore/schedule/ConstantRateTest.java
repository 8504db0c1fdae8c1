package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConstantRateTest {

    @Test
    void sameValueEverywhere() {
        ConstantRate c = new ConstantRate(0.01);
        assertEquals(0.01, c.valueAt(0, 0), 0.0);
        assertEquals(0.01, c.valueAt(123_456, 78), 0.0);
        assertEquals(0.01, c.valueAt(Long.MAX_VALUE, Long.MAX_VALUE), 0.0);
        assertEquals(0.0, new ConstantRate(0.0).valueAt(5, 5), 0.0);
    }

    @Test
    void rejectsBadRate() {
        assertMessage("constant: lr must be finite and >= 0, got -0.1", () -> new ConstantRate(-0.1));
        assertMessage("constant: lr must be finite and >= 0, got NaN", () -> new ConstantRate(Double.NaN));
        assertMessage("iteration must be >= 0, got -1", () -> new ConstantRate(1).valueAt(-1, 0));
    }

    @Test
    void textForm() {
        assertEquals("constant(lr=0.001)", new ConstantRate(1e-3).toString());
    }
}
