package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.schedule.PlateauConfig.Mode;
import dev.lore.schedule.PlateauConfig.ThresholdMode;
import org.junit.jupiter.api.Test;

class PlateauControllerTest {

    @Test
    void reducesAfterPatienceIsExceeded() {
        PlateauController c = new PlateauController(new PlateauConfig(Mode.MIN, 0.5, 2, 0.0, ThresholdMode.ABSOLUTE, 0, 0.0));
        assertFalse(c.report(1.0));
        assertFalse(c.report(0.9));
        assertFalse(c.report(0.95)); // 1 bad
        assertFalse(c.report(0.95)); // 2 bad
        assertEquals(1.0, c.scale(), 0.0);
        assertTrue(c.report(0.95)); // 3 bad > patience 2
        assertEquals(0.5, c.scale(), 0.0);
        assertFalse(c.report(0.91)); // count restarted at 0 -> 1 bad
        assertFalse(c.report(0.8)); // improvement resets
        assertEquals(0.8, c.best(), 0.0);
        assertEquals(1, c.reductions());
        assertEquals(0.5 * 0.01, c.learningRate(new ConstantRate(0.01), 3, 1), 0.0);
    }

    @Test
    void cooldownIgnoresBadReports() {
        PlateauController c = new PlateauController(new PlateauConfig(Mode.MIN, 0.5, 0, 0.0, ThresholdMode.ABSOLUTE, 2, 0.0));
        assertFalse(c.report(1.0));
        assertTrue(c.report(1.0)); // 1 bad > 0 -> 0.5, cooldown 2
        assertFalse(c.report(1.0)); // cooldown 2 -> 1
        assertFalse(c.report(1.0)); // cooldown 1 -> 0
        assertTrue(c.report(1.0)); // counts again -> 0.25
        assertEquals(0.25, c.scale(), 0.0);
    }

    @Test
    void relativeThresholdInMaxMode() {
        PlateauController c = new PlateauController(new PlateauConfig(Mode.MAX, 0.1, 0, 1e-3, ThresholdMode.RELATIVE, 0, 0.0));
        assertFalse(c.report(0.8));
        assertTrue(c.report(0.8007)); // needs > 0.8 * 1.001 = 0.8008
        assertEquals(0.1, c.scale(), 1e-15);
        assertFalse(c.report(0.81)); // improvement
        assertEquals(0.81, c.best(), 0.0);
    }

    @Test
    void minScaleIsAFloor() {
        PlateauController c = new PlateauController(new PlateauConfig(Mode.MIN, 0.1, 0, 0.0, ThresholdMode.ABSOLUTE, 0, 0.05));
        c.report(1.0);
        assertTrue(c.report(1.0));
        assertEquals(0.1, c.scale(), 1e-15);
        assertTrue(c.report(1.0));
        assertEquals(0.05, c.scale(), 0.0);
        assertFalse(c.report(1.0), "already at the floor");
        assertEquals(0.05, c.scale(), 0.0);
        assertEquals(2, c.reductions());
    }

    @Test
    void defaultsAreTorchDefaults() {
        PlateauConfig d = PlateauConfig.defaults(Mode.MIN);
        assertEquals(new PlateauConfig(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0.0), d);
        assertEquals(3, d.withPatience(3).patience());
        assertEquals(0.5, d.withFactor(0.5).factor(), 0.0);
    }

    @Test
    void rejectsBadInput() {
        PlateauController c = new PlateauController(PlateauConfig.defaults(Mode.MIN));
        assertMessage("metric must be finite, got NaN", () -> c.report(Double.NaN));
        assertMessage("factor must be in (0, 1), got 1.0", () -> PlateauConfig.defaults(Mode.MIN).withFactor(1.0));
        assertMessage("patience must be >= 0, got -1", () -> PlateauConfig.defaults(Mode.MIN).withPatience(-1));
        assertMessage("threshold must be finite and >= 0, got -0.1",
                () -> new PlateauConfig(Mode.MIN, 0.1, 1, -0.1, ThresholdMode.RELATIVE, 0, 0));
        assertMessage("cooldown must be >= 0, got -1", () -> new PlateauConfig(Mode.MIN, 0.1, 1, 0, ThresholdMode.RELATIVE, -1, 0));
        assertMessage("minScale must be in [0, 1], got 2.0", () -> new PlateauConfig(Mode.MIN, 0.1, 1, 0, ThresholdMode.RELATIVE, 0, 2));
        assertThrows(NullPointerException.class, () -> new PlateauConfig(null, 0.1, 1, 0, ThresholdMode.RELATIVE, 0, 0));
    }
}
