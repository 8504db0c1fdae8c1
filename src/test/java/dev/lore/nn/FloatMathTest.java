package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatMathTest {

    /** Documented bound on |tanh error|, absolute and relative. */
    private static final double TANH_TOL = 4e-7;
    private static final double SIGMOID_TOL = 2e-7;

    @Test
    void tanhIsAccurateEverywhere() {
        for (double x = -20; x <= 20; x += 1e-3) {
            float xf = (float) x;
            double exact = Math.tanh(xf);
            double got = FloatMath.tanh(xf);
            assertEquals(exact, got, TANH_TOL, "x = " + xf);
            if (Math.abs(exact) > 1e-30) {
                assertTrue(Math.abs(got - exact) <= TANH_TOL * Math.abs(exact), "relative error at x = " + xf);
            }
        }
        assertEquals(0f, FloatMath.tanh(0f));
        assertEquals(-FloatMath.tanh(0.3f), FloatMath.tanh(-0.3f));
        assertEquals(1.0, FloatMath.tanh(Float.MAX_VALUE), TANH_TOL);
        assertEquals(-1.0, FloatMath.tanh(Float.NEGATIVE_INFINITY), TANH_TOL);
        assertTrue(Float.isNaN(FloatMath.tanh(Float.NaN)));
    }

    @Test
    void sigmoidIsAccurateEverywhere() {
        for (double x = -40; x <= 40; x += 1e-3) {
            float xf = (float) x;
            assertEquals(1 / (1 + Math.exp(-xf)), FloatMath.sigmoid(xf), SIGMOID_TOL, "x = " + xf);
        }
        assertEquals(0.5f, FloatMath.sigmoid(0f));
    }
}
