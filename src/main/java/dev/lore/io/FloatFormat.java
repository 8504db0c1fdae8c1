package dev.lore.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Writes floats as ASCII decimals into byte arrays: the shortest form that reads back to the same
 * float, or a fixed number of decimals.
 *
 * <p>Shortest form: for {@code p = 1, 2, ...} digits, take the {@code p}-digit decimal {@code c}
 * nearest to the float {@code f} and accept it when it lies strictly between the midpoints
 * {@code lo} and {@code hi} separating {@code f} from its neighbours, so that any correct parser
 * (such as {@link Float#parseFloat}) rounds it to {@code f}. The midpoints are exact doubles, and
 * {@code c} is computed in double by one correctly rounded operation on exact operands; rounding
 * is monotonic, so the computed {@code c} strictly between {@code lo} and {@code hi} proves the
 * exact one is. The round trip is therefore exact for every float; the length is minimal except
 * where the nearest {@code p}-digit decimal is within one double rounding of a midpoint, where one
 * more digit is used. Floats whose scaling by a power of ten is not one exact-operand operation
 * (magnitudes below about 1e-13 or above 1e22) use {@link Float#toString}, which also round-trips.
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
        double lo = (d + Math.nextDown(a)) / 2;
        double hi = a == Float.MAX_VALUE ? d + Math.ulp(a) / 2.0 : (d + Math.nextUp(a)) / 2;
        int e10 = (int) Math.floor(Math.getExponent(d) * LOG10_2); // floor(log10 d) or one less
        for (int p = 1; p <= MAX_FLOAT_DIGITS + 1; p++) {
            int s = p - 1 - e10; // d * 10^s has p (or p + 1) integer digits
            if (s > EXACT_POWERS || s < -EXACT_POWERS) {
                break;
            }
            long n = Math.round(s >= 0 ? d * POW10[s] : d / POW10[-s]);
            double c = s >= 0 ? n / POW10[s] : n * POW10[-s];
            if (lo < c && c < hi) {
                if (f < 0) {
                    out[pos++] = '-';
                }
                return decimal(n, -s, out, pos);
            }
        }
        byte[] text = Float.toString(f).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, pos, text.length);
        return pos + text.length;
    }

    /**
     * Writes {@code n * 10^exponent}, {@code n > 0}, without trailing zeros: plainly when the
     * point falls between {@code 0.00ddd} and 7 integer digits, else as {@code d.ddde-X}.
     */
    private static int decimal(long n, int exponent, byte[] out, int pos) {
        while (n % 10 == 0) {
            n /= 10;
            exponent++;
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
        for (int k = digits; k > 0; k--) {
            if (k == point && point < digits) {
                out[--i] = '.';
            }
            out[--i] = (byte) ('0' + n % 10);
            n /= 10;
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

    private static int digitCount(long n) {
        int d = 1;
        while (d < POW10_L.length && n >= POW10_L[d]) {
            d++;
        }
        return d;
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
