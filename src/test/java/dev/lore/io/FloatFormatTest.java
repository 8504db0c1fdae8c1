package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatFormatTest {

    private static final long SEED = 77L;
    private static final int RANDOM_CASES = 200_000;

    @Test
    void shortestFormsOfSimpleValues() {
        assertShortest("0", 0f);
        assertShortest("-0", -0f);
        assertShortest("1", 1f);
        assertShortest("-2.5", -2.5f);
        assertShortest("0.1", 0.1f);
        assertShortest("100", 100f);
        assertShortest("1234567", 1234567f);
        assertShortest("1e7", 1e7f);
        assertShortest("1.5e8", 1.5e8f);
        assertShortest("0.001", 0.001f);
        assertShortest("0.00123", 0.00123f);
        assertShortest("1e-4", 1e-4f);
        assertShortest("-0.038194", -0.038194f);
        assertShortest("0.72812", 0.72812f);
        assertShortest("3.4028235E38", Float.MAX_VALUE); // beyond exact scaling: Float.toString
        assertShortest("1.4E-45", Float.MIN_VALUE); // beyond exact scaling: Float.toString
        assertShortest("1.17549435E-38", Float.MIN_NORMAL);
        assertShortest("1.6777216e7", 16777216f);
        assertShortest("0.33333334", 1f / 3);
    }

    /** Every finite float reads back to itself, with no more digits than Float.toString uses. */
    @Test
    void shortestRoundTripsEveryRandomFloat() {
        Random random = new Random(SEED);
        byte[] out = new byte[FloatFormat.MAX_SHORTEST_CHARS];
        for (int i = 0; i < RANDOM_CASES; i++) {
            float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt())
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
            if (!Float.isFinite(f)) {
                continue;
            }
            int end = FloatFormat.shortest(f, out, 0);
            String text = new String(out, 0, end, StandardCharsets.US_ASCII);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(text)),
                    () -> f + " written as " + text);
            assertTrue(significantDigits(text) <= significantDigits(Float.toString(f)),
                    () -> f + " written as " + text + ", longer than " + Float.toString(f));
        }
    }

    @Test
    void shortestRoundTripsSubnormalsAndPowers() {
        byte[] out = new byte[FloatFormat.MAX_SHORTEST_CHARS];
        for (int bits = 1; bits < 5000; bits++) {
            assertRoundTrip(Float.intBitsToFloat(bits), out);
        }
        for (int e = -149; e <= 127; e++) {
            float p = Math.scalb(1f, e);
            assertRoundTrip(p, out);
            assertRoundTrip(Math.nextUp(p), out);
            assertRoundTrip(Math.nextDown(p), out);
        }
        for (int e = -45; e <= 38; e++) {
            float p = Float.parseFloat("1e" + e);
            assertRoundTrip(p, out);
            assertRoundTrip(Math.nextUp(p), out);
            assertRoundTrip(Math.nextDown(p), out);
        }
    }

    /** Fixed decimals equal BigDecimal's half-even rounding of the exact value, as text. */
    @Test
    void fixedEqualsExactHalfEvenRounding() {
        Random random = new Random(SEED + 1);
        byte[] out = new byte[64];
        for (int i = 0; i < RANDOM_CASES / 4; i++) {
            float f = i % 3 == 0 ? Float.intBitsToFloat(random.nextInt())
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 8));
            if (!Float.isFinite(f)) {
                continue;
            }
            int decimals = random.nextInt(FloatFormat.MAX_DECIMALS + 1);
            String expected = new BigDecimal(f).setScale(decimals, RoundingMode.HALF_EVEN)
                    .toPlainString();
            int end = FloatFormat.fixed(f, decimals, out, 0);
            assertEquals(expected, new String(out, 0, end, StandardCharsets.US_ASCII),
                    () -> f + " to " + decimals + " decimals");
        }
    }

    @Test
    void fixedRoundsTheBinaryValueNotItsShortestForm() {
        // 0.125f is exact: a tie, rounded to even; 0.15f is 0.1500000059604644775390625
        assertFixed("0.12", 0.125f, 2);
        assertFixed("0.2", 0.15f, 1);
        assertFixed("0.000000", -1e-7f, 6);
        assertFixed("-0.000001", -6e-7f, 6);
        assertFixed("-0.038194", -0.038194f, 6);
        assertFixed("3", 2.5f + 0.5f, 0);
        assertFixed("2", 2.5f, 0);
        assertFixed("340282346638528859811704183484516925440.00", Float.MAX_VALUE, 2);
    }

    private static void assertShortest(String expected, float f) {
        byte[] out = new byte[FloatFormat.MAX_SHORTEST_CHARS];
        int end = FloatFormat.shortest(f, out, 0);
        assertEquals(expected, new String(out, 0, end, StandardCharsets.US_ASCII));
    }

    private static void assertFixed(String expected, float f, int decimals) {
        byte[] out = new byte[64];
        int end = FloatFormat.fixed(f, decimals, out, 0);
        assertEquals(expected, new String(out, 0, end, StandardCharsets.US_ASCII));
    }

    private static void assertRoundTrip(float f, byte[] out) {
        int end = FloatFormat.shortest(f, out, 0);
        String text = new String(out, 0, end, StandardCharsets.US_ASCII);
        assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(text)),
                () -> f + " written as " + text);
    }

    /** Digits of the mantissa without leading or trailing zeros: "0.00120E5" has 2. */
    private static int significantDigits(String s) {
        String mantissa = s.replaceFirst("[eE].*", "").replace("-", "").replace(".", "");
        mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, mantissa.length());
    }
}
