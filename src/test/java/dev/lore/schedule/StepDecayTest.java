package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepDecayTest {

    @Test
    void decaysEveryThreeEpochs() {
        StepDecay s = new StepDecay(1.0, 0.5, 3);
        double[] perEpoch = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
        for (int e = 0; e < perEpoch.length; e++) {
            assertEquals(perEpoch[e], s.valueAt(0, e), 0.0, "epoch " + e);
            assertEquals(perEpoch[e], s.valueAt(1_000_000, e), 0.0, "iteration is unused");
        }
    }

    @Test
    void monotoneNonIncreasing() {
        StepDecay s = new StepDecay(1e-3, 0.7, 2);
        double previous = Double.POSITIVE_INFINITY;
        for (int e = 0; e < 3000; e++) {
            double lr = s.valueAt(0, e);
            assertTrue(lr <= previous && lr >= 0.0, "epoch " + e);
            previous = lr;
        }
    }

    @Test
    void rejectsBadParameters() {
        assertMessage("step: gamma must be in (0, 1], got 1.1", () -> new StepDecay(1, 1.1, 1));
        assertMessage("step: every must be in [1, 9223372036854775807], got 0", () -> new StepDecay(1, 0.5, 0));
        assertMessage("step: lr must be finite and >= 0, got Infinity", () -> new StepDecay(Double.POSITIVE_INFINITY, 0.5, 1));
    }

    @Test
    void textForm() {
        assertEquals("step(lr=0.001,gamma=0.5,every=2)", new StepDecay(1e-3, 0.5, 2).toString());
    }
}
