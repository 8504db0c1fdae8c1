package dev.lore.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuantizationConfigTest {

    @Test
    void bitsForCompressionByHand() {
        assertEquals(3, QuantizationConfig.bitsForCompression(0.9)); // 32 * 0.1 = 3.2
        assertEquals(8, QuantizationConfig.bitsForCompression(0.75)); // exactly 8
        assertEquals(16, QuantizationConfig.bitsForCompression(0.5)); // exactly 16
        assertEquals(16, QuantizationConfig.bitsForCompression(0.0)); // 32, capped at 16
        assertEquals(1, QuantizationConfig.bitsForCompression(31.0 / 32.0));
        assertEquals(6, QuantizationConfig.bitsForCompression(0.8)); // 6.4
    }

    @Test
    void bitsForCompressionRejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.bitsForCompression(0.97));
        assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.bitsForCompression(-0.01));
        assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.bitsForCompression(Double.NaN));
    }

    @Test
    void bitsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.perRow(0));
        assertEquals("bits must be in [1, 16], got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.perMatrix(17));
        assertThrows(NullPointerException.class, () -> new QuantizationConfig(8, null));
    }
}
