package dev.lore.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunLabelsTest {

    @Test
    void compressionIsTheShortestTextAndZeroForNone() {
        assertEquals("0.9", RunLabels.compression(Method.ONLINE, 0.9));
        assertEquals("0.95", RunLabels.compression(Method.QUANTIZED, 0.95));
        assertEquals("0", RunLabels.compression(Method.SVD, 0.0));
        assertEquals("0", RunLabels.compression(Method.NONE, 0.9));
        assertEquals("1.0E-4", RunLabels.compression(Method.OFFLINE, 1e-4));
    }

    @Test
    void storedAsNamesRankOrBits() {
        assertEquals("rank 9 float32", RunLabels.storedAs(9, 32));
        assertEquals("full float32", RunLabels.storedAs(0, 32));
        assertEquals("3-bit", RunLabels.storedAs(0, 3));
        assertEquals("rank 4 8-bit", RunLabels.storedAs(4, 8));
    }

    @Test
    void invalidValuesAreRejected() {
        assertEquals("compression must be in [0, 1), got NaN",
                assertThrows(IllegalArgumentException.class, () -> RunLabels.compression(Method.ONLINE, Double.NaN))
                        .getMessage());
        assertEquals("compression must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> RunLabels.compression(Method.NONE, 1.0)).getMessage());
        assertEquals("rank must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> RunLabels.storedAs(-1, 32)).getMessage());
        assertEquals("bits must be in [1, 32], got 0",
                assertThrows(IllegalArgumentException.class, () -> RunLabels.storedAs(0, 0)).getMessage());
    }
}
