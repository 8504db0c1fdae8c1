package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FloatParser} against {@link Float#parseFloat}, the reference, bit for bit. */
class FloatParserTest {

    private static final long SEED = 20240611L;
    private static final int RANDOM_CASES = 100_000;
    /** Padding after a token so that the 8-bytes-at-a-time path may read past it. */
    private static final String PADDING = " ".repeat(24);

    private static final String[] EDGE = {
        "0", "-0", "+0", "0.0", "-0.0", "0e10", "-0e-10", "0.000", "00000", ".5", "5.", "-.5", "+.5",
        "-5.", "00012", "000.000123", "1e0", "1E+2", "1e-0", "1.5E-3", "+1", "+0.25", "12345678",
        "1234567", "0.1234567", "0.12345678", "99999999", "9999999.9999999", "16777216", "16777217",
        "16777218", "16777219", "-16777217", "16777217.0", "1.6777217e7", "33554433", "1e10", "1e11",
        "1e-10", "1e-11", "1e22", "1e23", "1e-22", "1e-23", "3.4028235e38", "3.4028236e38",
        "3.40282357e38", "3.5e38", "1e39", "-1e39", "1.17549435e-38", "1.1754942e-38", "1.4e-45",
        "1e-45", "7e-46", "7.1e-46", "1e-46", "2.8e-45", "4.2e-45", "0.1", "0.2", "0.3", "0.7",
        "-0.038194", "0.72812", "-0.24487", "0.27062", "1e-5", "1.0129e-05", "123456789012345678",
        "1234567890123456789", "0.1234567890123456789012345", "123456789012345678901234567890",
        "0.00000000000000000000000000000000000000000000000000001", "1" + "0".repeat(40),
        "0." + "0".repeat(40) + "1", "1e100000000000", "1e-100000000000", "9.999999e37",
        "0.000000059604645", "0.000000059604646", "4.9406564584124654e-324", "2.7182817",
        "3.14159265358979323846", "100000000", "0.5e1", "50e-1", "1.00000017881393432617187499",
        "1.000000178813934326171875", "1.00000017881393432617187501",
    };

    @Test
    void edgeCasesMatchParseFloat() {
        for (String s : EDGE) {
            assertMatches(s);
        }
    }

    @Test
    void randomDecimalStringsMatchParseFloat() {
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            assertMatches(randomDecimal(random));
        }
    }

    @Test
    void printedFloatsAndDoublesMatchParseFloat() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < RANDOM_CASES / 4; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            assertMatches(Float.toString(f));
            assertMatches(Double.toString(random.nextGaussian()));
            assertMatches(String.format("%.6f", random.nextGaussian()));
            assertMatches(new BigDecimal(f).toString());
        }
    }

    /** Decimal strings exactly at, or a hair around, midpoints between neighbouring floats. */
    @Test
    void midpointsRoundHalfEvenLikeParseFloat() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < RANDOM_CASES / 10; i++) {
            float f = Math.abs(Float.intBitsToFloat(random.nextInt()));
            if (!Float.isFinite(f) || f == Float.MAX_VALUE) {
                continue;
            }
            BigDecimal mid = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f)))
                    .divide(BigDecimal.valueOf(2));
            assertMatches(mid.toPlainString());
            assertMatches(mid.toString());
            assertMatches(mid.toString() + "1");
        }
        // integers that are float midpoints and fit the double path (m <= 2^53)
        for (long m = (1L << 24) + 1; m < (1L << 24) + 2001; m += 2) {
            assertMatches(Long.toString(m));
            assertMatches(m + ".0");
            assertMatches("-" + m);
        }
    }

    @Test
    void invalidStartsGiveNaNAndWhereScanningStopped() {
        assertInvalid("", 0);
        assertInvalid("-", 1);
        assertInvalid("+", 1);
        assertInvalid(".", 1);
        assertInvalid("-.", 2);
        assertInvalid("e5", 0);
        assertInvalid("abc", 0);
        assertInvalid("nan", 0);
        assertInvalid("NaN", 0);
        assertInvalid("inf", 0);
        assertInvalid("-Infinity", 1);
        assertInvalid("--1", 1);
        assertInvalid("1e", 2);
        assertInvalid("1e+", 3);
        assertInvalid("1.5e-x", 5);
    }

    @Test
    void scanningStopsAtTheFirstByteThatCannotContinueTheNumber() {
        assertStop("1.5x", 3, 1.5f);
        assertStop("2.5.1", 3, 2.5f);
        assertStop("-7,5", 2, -7f);
        assertStop("3f", 1, 3f);
        assertStop("0x10", 1, 0f);
        assertStop("1e5e", 3, 1e5f);
        assertStop("12\t", 2, 12f);
    }

    @Test
    void digitRunCountsLeadingAsciiDigitsOfAWord() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < RANDOM_CASES; i++) {
            byte[] b = new byte[8];
            random.nextBytes(b);
            int digits = random.nextInt(9);
            for (int k = 0; k < digits; k++) {
                b[k] = (byte) ('0' + random.nextInt(10));
            }
            int expected = 0;
            while (expected < 8 && b[expected] >= '0' && b[expected] <= '9') {
                expected++;
            }
            assertEquals(expected, FloatParser.digitRun(littleEndian(b)));
            if (expected > 0) {
                String text = new String(b, 0, expected, StandardCharsets.US_ASCII);
                assertEquals(Long.parseLong(text), FloatParser.digitsValue(littleEndian(b), expected),
                        text);
            }
        }
    }

    private static long littleEndian(byte[] b) {
        long w = 0;
        for (int k = 7; k >= 0; k--) {
            w = (w << 8) | (b[k] & 0xff);
        }
        return w;
    }

    /** Checks the token alone (scalar path), padded (8-byte path) and through parseGeneral. */
    private static void assertMatches(String s) {
        int expected = Float.floatToRawIntBits(Float.parseFloat(s));
        for (String text : List.of(s, s + PADDING, "x" + s + PADDING)) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            int start = text.startsWith("x") ? 1 : 0;
            long parsed = FloatParser.parse(b, start, b.length);
            assertEquals(expected, Float.floatToRawIntBits(FloatParser.value(parsed)),
                    () -> "parse '" + s + "'");
            assertEquals(start + s.length(), FloatParser.stop(parsed), () -> "stop of '" + s + "'");
            long general = FloatParser.parseGeneral(b, start, b.length);
            assertEquals(expected, Float.floatToRawIntBits(FloatParser.value(general)),
                    () -> "parseGeneral '" + s + "'");
        }
    }

    private static void assertInvalid(String s, int stop) {
        for (String text : List.of(s, s + PADDING)) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            long parsed = FloatParser.parse(b, 0, b.length);
            assertTrue(Float.isNaN(FloatParser.value(parsed)), () -> "'" + s + "' is not a number");
            assertEquals(stop, FloatParser.stop(parsed), () -> "stop of '" + s + "'");
        }
    }

    private static void assertStop(String s, int stop, float value) {
        for (String text : List.of(s, s + PADDING)) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            long parsed = FloatParser.parse(b, 0, b.length);
            assertEquals(value, FloatParser.value(parsed), () -> "value of '" + s + "'");
            assertEquals(stop, FloatParser.stop(parsed), () -> "stop of '" + s + "'");
        }
    }

    /** Sign, 0-12 integer digits, 0-12 fraction digits (at least one digit), optional exponent. */
    private static String randomDecimal(Random random) {
        StringBuilder sb = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> sb.append('-');
            case 1 -> sb.append('+');
            default -> { }
        }
        int integer = random.nextInt(13);
        int fraction = random.nextInt(13);
        if (integer + fraction == 0) {
            integer = 1;
        }
        List<Character> digits = new ArrayList<>();
        for (int k = 0; k < integer + fraction; k++) {
            // skew towards zeros to produce leading and trailing zeros often
            digits.add(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
        for (int k = 0; k < integer; k++) {
            sb.append(digits.get(k));
        }
        if (fraction > 0 || random.nextBoolean()) {
            sb.append('.');
        }
        for (int k = integer; k < integer + fraction; k++) {
            sb.append(digits.get(k));
        }
        if (random.nextInt(4) == 0) {
            sb.append(random.nextBoolean() ? 'e' : 'E');
            switch (random.nextInt(3)) {
                case 0 -> sb.append('-');
                case 1 -> sb.append('+');
                default -> { }
            }
            sb.append(random.nextInt(random.nextBoolean() ? 50 : 12));
        }
        return sb.toString();
    }
}
