package dev.lore.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Writes floats as ASCII decimals into byte arrays: the shortest form that reads back to the same
 * float, or a fixed number of decimals.
 *
 * <p>Shortest form: the float {@code f} is read back as {@code f} from any decimal strictly
 * between the midpoints {@code lo} and {@code hi} separating it from its neighbours (the rounding
 * of {@link Float#parseFloat}). For {@code p} digits, the candidate is {@code n / 10^s}, {@code n}
 * the integer nearest to {@code f * 10^s}, and it is accepted when {@code lo * 10^s < n <
 * hi * 10^s}. The midpoints are exact doubles and each product (or quotient, for {@code s < 0}) is
 * one correctly rounded operation on exact operands; rounding is monotonic and {@code n} is a
 * double, so the computed comparison holding proves the exact one does. The round trip is
 * therefore exact for every float. Since {@code p} digits sufficing implies {@code p + 1} do, the
 * smallest {@code p} is found by bisection over 1 to 10 (four steps); the length is minimal
 * except where a bound lands within one rounding of {@code n}, where one more digit may be used.
 * Floats whose scaling is not one exact-operand operation (magnitudes below about 1e-13 or from
 * about 1e22) use {@link Float#toString}, which also round-trips.
 */
final class FloatFormat {

    /** Longest output of {@link #shortest}, e.g. {@code -1.2345679e-38} or {@code -1.17549435E-38}. */
    static final int MAX_SHORTEST_CHARS = 16;
    /** Largest number of decimals {@link #fixed} takes: {@code f * 10^12} is exact in double. */
    static final int MAX_DECIMALS = 12;
    private static final int MAX_FLOAT_DIGITS = 9;
    private static final int EXACT_POWERS = 22;
    /** Decimal points printed without {@code e}: from {@code 0.00ddd} to 7 integer digits. */
    private static final int MIN_PLAIN_POINT = -2;
    private static final int MAX_PLAIN_POINT = 7;
    private static final double[] POW10 = new double[EXACT_POWERS + 1];
    private static final long[] POW10_L = new long[19];
    private static final double LOG10_2 = 0.30102999566398120;

    static {
        double d = 1;
        for (int i = 0; i <= EXACT_POWERS; i++) {
            POW10[i] = d;
            d *= 10;
        }
        long l = 1;
        for (int i = 0; i < POW10_L.length; i++) {
            POW10_L[i] = l;
            l *= 10;
        }
    }

    private FloatFormat() {}

    /**
     * Writes the shortest decimal that reads back to {@code f} at {@code out[pos]}; needs
     * {@link #MAX_SHORTEST_CHARS} bytes of room.
     *
     * @param f a finite float
     * @return the index after the last byte written
     */
    static int shortest(float f, byte[] out, int pos) {
        if (f == 0) {
            if (Float.floatToRawIntBits(f) != 0) {
                out[pos++] = '-';
            }
            out[pos++] = '0';
            return pos;
        }
        float a = Math.abs(f);
        double d = a;
        int e10 = (int) Math.floor(Math.getExponent(d) * LOG10_2); // floor(log10 d) or one less
        if (e10 > EXACT_POWERS || MAX_FLOAT_DIGITS - e10 > EXACT_POWERS) {
            return toString(f, out, pos);
        }
        double lo = (d + Math.nextDown(a)) / 2;
        double hi = (d + Math.nextUp(a)) / 2;
        long best = 0;
        int bestScale = 0;
        // p digits suffice => p + 1 digits suffice, so search p in [1, 10] by bisection
        int low = 1;
        int high = MAX_FLOAT_DIGITS + 1;
        while (low <= high) {
            int p = (low + high) >>> 1;
            int s = p - 1 - e10; // d * 10^s has p (or p + 1) integer digits
            double x;
            double l;
            double h;
            if (s >= 0) {
                x = d * POW10[s];
                l = lo * POW10[s];
                h = hi * POW10[s];
            } else {
                x = d / POW10[-s];
                l = lo / POW10[-s];
                h = hi / POW10[-s];
            }
            long n = (long) (x + 0.5);
            if (l < n && n < h) {
                best = n;
                bestScale = s;
                high = p - 1;
            } else {
                low = p + 1;
            }
        }
        if (best == 0) {
            return toString(f, out, pos);
        }
        if (f < 0) {
            out[pos++] = '-';
        }
        return decimal(best, -bestScale, out, pos);
    }

    private static int toString(float f, byte[] out, int pos) {
        byte[] text = Float.toString(f).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, pos, text.length);
        return pos + text.length;
    }

    /**
     * Writes {@code n * 10^exponent}, {@code n > 0}, without trailing zeros: plainly when the
     * point falls between {@code 0.00ddd} and 7 integer digits, else as {@code d.ddde-X}.
     */
    private static int decimal(long n, int exponent, byte[] out, int pos) {
        while (n > Integer.MAX_VALUE && n % 10 == 0) {
            n /= 10;
            exponent++;
        }
        if (n <= Integer.MAX_VALUE) { // int division by a constant compiles to a multiplication
            int m = (int) n;
            while (m % 10 == 0) {
                m /= 10;
                exponent++;
            }
            n = m;
        }
        int digits = digitCount(n);
        int point = digits + exponent; // digits before the decimal point
        if (point > MAX_PLAIN_POINT || point < MIN_PLAIN_POINT) {
            pos = digits(n, digits, out, pos, 1);
            out[pos++] = 'e';
            return integer(point - 1, out, pos);
        }
        if (point <= 0) {
            out[pos++] = '0';
            out[pos++] = '.';
            for (int i = point; i < 0; i++) {
                out[pos++] = '0';
            }
            return digits(n, digits, out, pos, 0);
        }
        if (point >= digits) {
            pos = digits(n, digits, out, pos, 0);
            for (int i = digits; i < point; i++) {
                out[pos++] = '0';
            }
            return pos;
        }
        return digits(n, digits, out, pos, point);
    }

    /** Writes the {@code digits} digits of {@code n}, with a point after {@code point} of them (0: none). */
    private static int digits(long n, int digits, byte[] out, int pos, int point) {
        int end = pos + digits + (point > 0 && point < digits ? 1 : 0);
        int i = end;
        int k = digits;
        for (; n > Integer.MAX_VALUE; k--) {
            if (k == point && point < digits) {
                out[--i] = '.';
            }
            out[--i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        for (int m = (int) n; k > 0; k--) {
            if (k == point && point < digits) {
                out[--i] = '.';
            }
            out[--i] = (byte) ('0' + m % 10);
            m /= 10;
        }
        return end;
    }

    private static int integer(int v, byte[] out, int pos) {
        if (v < 0) {
            out[pos++] = '-';
            v = -v;
        }
        return digits(v, digitCount(v), out, pos, 0);
    }

    /** Decimal digits of {@code n >= 0} (1 for 0), without a loop of comparisons. */
    private static int digitCount(long n) {
        int t = (Long.SIZE - Long.numberOfLeadingZeros(n)) * 1233 >>> 12; // ~ bits * log10(2)
        return Math.max(1, t + 1 - (n < POW10_L[t] ? 1 : 0));
    }

    /**
     * Writes {@code f} rounded half-even to {@code decimals} places, like C's {@code %.6f} for 6:
     * the exact binary value is rounded, so reading the text back gives {@code f} rounded to that
     * many decimals. A result of zero is written without a sign.
     *
     * @param f a finite float
     * @param decimals in {@code [0, MAX_DECIMALS]}
     * @return the index after the last byte written; needs {@code 42 + decimals} bytes of room
     */
    static int fixed(float f, int decimals, byte[] out, int pos) {
        double scaled = Math.rint(Math.abs((double) f) * POW10[decimals]); // exact product
        if (scaled >= 0x1p63) {
            String text = new BigDecimal(f).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, out, pos, b.length);
            return pos + b.length;
        }
        long n = (long) scaled;
        if (f < 0 && n != 0) {
            out[pos++] = '-';
        }
        long unit = POW10_L[decimals];
        long whole = n / unit;
        pos = digits(whole, digitCount(whole), out, pos, 0);
        if (decimals > 0) {
            out[pos++] = '.';
            long fraction = n % unit;
            int end = pos + decimals;
            for (int i = end - 1; i >= pos; i--) {
                out[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            pos = end;
        }
        return pos;
    }
}
