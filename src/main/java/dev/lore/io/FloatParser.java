package dev.lore.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from ASCII bytes to the float {@link Float#parseFloat} returns,
 * bit for bit, without creating a {@code String} on the common path.
 *
 * <p>Grammar: {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}, the decimal subset of
 * {@link Float#valueOf(String)} (no {@code NaN}, {@code Infinity}, hexadecimal or {@code f}/{@code d}
 * suffix). The digits give a mantissa {@code m} (up to 18 significant digits) and a power of ten
 * {@code k} with value {@code m / 10^k}. Three paths, in order:
 * <ol>
 *   <li>{@code m <= 2^24} and {@code |k| <= 10}: {@code (float) m / 10^k} (or {@code * 10^-k}) in
 *       float. Both operands are exact floats, so one IEEE operation rounds the exact value
 *       correctly (Clinger, "How to read floating point numbers accurately", PLDI 1990).</li>
 *   <li>{@code m <= 2^53} and {@code |k| <= 22}: the same in double, then rounded to float. Rounding
 *       twice can only differ from rounding once when the double lands exactly on the midpoint
 *       between two floats (midpoints are doubles, rounding is monotonic); that case is detected and
 *       sent to the last path.</li>
 *   <li>Otherwise {@link Float#parseFloat} on the token.</li>
 * </ol>
 * The common shape of embedding files, at most 7 integer and 7 fraction digits without exponent,
 * is scanned 8 bytes at a time ({@link #parseCommon}); everything else digit by digit.
 */
final class FloatParser {

    /** Significant digits accumulated in a {@code long}; 18 nines stay below 2^63. */
    private static final int MAX_DIGITS = 18;
    private static final long FLOAT_EXACT_MANTISSA = 1L << 24;
    private static final long DOUBLE_EXACT_MANTISSA = 1L << 53;
    private static final int FLOAT_EXACT_POWER = 10; // 5^10 < 2^24
    private static final int DOUBLE_EXACT_POWER = 22; // 5^22 < 2^53
    /** Exponents are accumulated up to this bound; anything larger is decided by the fallback. */
    private static final int EXPONENT_CAP = 100_000;
    /** Low 29 bits of a double's fraction that rounding to float drops, and their midpoint pattern. */
    private static final long DROPPED_BITS = (1L << 29) - 1;
    private static final long MIDPOINT_BITS = 1L << 28;

    /** Bytes {@link #parseCommon} may read: sign, 8 bytes, the point, 8 bytes. */
    private static final int SWAR_WINDOW = 18;
    /** Not a possible result of {@link #pack} (a stop index is never negative). */
    static final long NOT_HANDLED = -1L;
    private static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] POW10_L = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L};
    private static final float[] POW10_F = new float[FLOAT_EXACT_POWER + 1];
    private static final double[] POW10_D = new double[DOUBLE_EXACT_POWER + 1];

    static {
        float f = 1f;
        double d = 1d;
        for (int i = 0; i <= DOUBLE_EXACT_POWER; i++) {
            if (i <= FLOAT_EXACT_POWER) {
                POW10_F[i] = f;
                f *= 10f;
            }
            POW10_D[i] = d;
            d *= 10d;
        }
    }

    private FloatParser() {}

    /**
     * Parses the number starting at {@code b[start]}. Scanning stops at the first byte that cannot
     * continue the number, or at {@code limit}; the caller decides whether that byte may end a token.
     *
     * @param b the bytes
     * @param start index of the first byte of the token, {@code 0 <= start <= limit}
     * @param limit index after the last byte that may be read, {@code limit <= b.length}
     * @return {@code (stop << 32) | floatBits}: {@code stop} is the index where scanning stopped;
     *     the float is NaN when the bytes from {@code start} do not begin with a number of the
     *     grammar, and may be infinite when the number is beyond the float range
     */
    static long parse(byte[] b, int start, int limit) {
        long parsed = parseCommon(b, start, limit);
        return parsed != NOT_HANDLED ? parsed : parseScalar(b, start, limit);
    }

    /**
     * {@link #parse} for the common shape {@code [+-]?d{0,7}(.d{0,7})?} without exponent, or
     * {@link #NOT_HANDLED} for anything else (then call {@link #parse}). Small, so that the JIT
     * inlines it into a caller's loop, where {@code parse} as a whole would be too large.
     *
     * <p>Reads the integer and the fraction digits 8 bytes at a time: scanning digit by digit
     * costs a mispredicted branch where each run of digits ends; this does not branch on them.
     */
    static long parseCommon(byte[] b, int start, int limit) {
        if (limit - start < SWAR_WINDOW) {
            return NOT_HANDLED;
        }
        byte c = b[start];
        boolean negative = c == '-';
        int p = start + (negative || c == '+' ? 1 : 0);
        long w = (long) LONG_LE.get(b, p);
        int n = digitRun(w);
        if (n == Long.BYTES) {
            return NOT_HANDLED;
        }
        long m = n == 0 ? 0 : digitsValue(w, n);
        p += n;
        int scale = 0;
        if (b[p] == '.') {
            w = (long) LONG_LE.get(b, p + 1);
            scale = digitRun(w);
            if (scale == Long.BYTES) {
                return NOT_HANDLED;
            }
            if (scale > 0) {
                m = m * POW10_L[scale] + digitsValue(w, scale);
            }
            p += 1 + scale;
        }
        if (n + scale == 0 || (b[p] | 0x20) == 'e') {
            return NOT_HANDLED;
        }
        if (m <= FLOAT_EXACT_MANTISSA) {
            float v = (float) m / POW10_F[scale];
            return pack(p, negative ? -v : v);
        }
        return pack(p, viaDouble(b, start, p, m, scale, negative));
    }

    /**
     * Number of ASCII digits at the start (lowest bytes) of the little-endian word {@code w}, 0 to
     * 8. Per byte, {@code byte + 0x46} sets the high bit above {@code '9'} and {@code byte - 0x30}
     * below {@code '0'}; carries and borrows only start at a non-digit byte, so they cannot hide
     * the first one.
     */
    static int digitRun(long w) {
        long nonDigit = ((w + 0x4646_4646_4646_4646L) | (w - ASCII_ZEROS)) & 0x8080_8080_8080_8080L;
        return Long.numberOfTrailingZeros(nonDigit) >>> 3;
    }

    /**
     * Value of the {@code n} ASCII digits (1 to 8) at the start of the little-endian word
     * {@code w}. Shifting them to the top bytes leaves leading zeros, then three multiplications
     * combine pairs, quadruples and the two halves (the method of simdjson and fast_float).
     */
    static long digitsValue(long w, int n) {
        long v = (w - ASCII_ZEROS) << (Long.SIZE - Byte.SIZE * n);
        v = v * 10 + (v >>> 8);
        return ((v & 0x0000_00FF_0000_00FFL) * (100 + (1_000_000L << 32))
                + ((v >>> 16) & 0x0000_00FF_0000_00FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    /** {@link #parse} digit by digit. */
    private static long parseScalar(byte[] b, int start, int limit) {
        // The common shape [+-]?d*(.d*)? with few digits, scanned with tight loops (measured 25%
        // faster than counting significant digits per byte); the rest goes to parseGeneral.
        int p = start;
        boolean negative = false;
        if (p < limit && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        int digitsStart = p;
        long m = 0;
        int d;
        while (p < limit && (d = b[p] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            p++;
        }
        int digits = p - digitsStart;
        int scale = 0;
        if (p < limit && b[p] == '.') {
            int fractionStart = ++p;
            while (p < limit && (d = b[p] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                p++;
            }
            scale = p - fractionStart;
            digits += scale;
        }
        if (digits == 0 || digits > MAX_DIGITS || (p < limit && (b[p] | 0x20) == 'e')) {
            return parseGeneral(b, start, limit);
        }
        if (m <= FLOAT_EXACT_MANTISSA && scale <= FLOAT_EXACT_POWER) {
            float v = (float) m / POW10_F[scale];
            return pack(p, negative ? -v : v);
        }
        return pack(p, viaDouble(b, start, p, m, scale, negative));
    }

    /**
     * {@code m / 10^scale} (negated if {@code negative}) for the token {@code b[start, end)} when
     * the float path does not apply; kept out of {@link #parse} so that it stays small enough for
     * the JIT to inline.
     */
    private static float viaDouble(byte[] b, int start, int end, long m, int scale,
            boolean negative) {
        if (m > DOUBLE_EXACT_MANTISSA || scale > DOUBLE_EXACT_POWER) {
            return slow(b, start, end);
        }
        double dv = (double) m / POW10_D[scale];
        if ((Double.doubleToRawLongBits(dv) & DROPPED_BITS) == MIDPOINT_BITS) {
            return slow(b, start, end);
        }
        float v = (float) dv;
        return negative ? -v : v;
    }

    /** {@link #parse} for every input: exponents, many digits, leading zeros. */
    static long parseGeneral(byte[] b, int start, int limit) {
        int p = start;
        boolean negative = false;
        if (p < limit && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        boolean exact = true;
        for (; p < limit; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            any = true;
            if (digits < MAX_DIGITS) {
                m = m * 10 + d;
                digits += m != 0 ? 1 : 0;
            } else {
                exact = false;
            }
        }
        if (p < limit && b[p] == '.') {
            for (p++; p < limit; p++) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                any = true;
                if (digits < MAX_DIGITS) {
                    m = m * 10 + d;
                    digits += m != 0 ? 1 : 0;
                    scale++;
                } else {
                    exact = false;
                }
            }
        }
        if (!any) {
            return pack(p, Float.NaN);
        }
        long exponent = 0;
        if (p < limit && (b[p] | 0x20) == 'e') {
            int q = p + 1;
            boolean expNegative = false;
            if (q < limit && (b[q] == '-' || b[q] == '+')) {
                expNegative = b[q] == '-';
                q++;
            }
            int expStart = q;
            for (; q < limit; q++) {
                int d = b[q] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (exponent < EXPONENT_CAP) {
                    exponent = exponent * 10 + d;
                }
            }
            if (q == expStart) {
                return pack(q, Float.NaN);
            }
            p = q;
            exponent = expNegative ? -exponent : exponent;
        }
        if (m == 0) {
            return pack(p, negative ? -0f : 0f);
        }
        long k = scale - exponent;
        float v;
        if (exact && m <= FLOAT_EXACT_MANTISSA && k >= -FLOAT_EXACT_POWER && k <= FLOAT_EXACT_POWER) {
            v = k >= 0 ? (float) m / POW10_F[(int) k] : (float) m * POW10_F[(int) -k];
        } else if (exact && m <= DOUBLE_EXACT_MANTISSA && k >= -DOUBLE_EXACT_POWER && k <= DOUBLE_EXACT_POWER) {
            double dv = k >= 0 ? (double) m / POW10_D[(int) k] : (double) m * POW10_D[(int) -k];
            if ((Double.doubleToRawLongBits(dv) & DROPPED_BITS) == MIDPOINT_BITS) {
                return pack(p, slow(b, start, p));
            }
            v = (float) dv;
        } else {
            return pack(p, slow(b, start, p));
        }
        return pack(p, negative ? -v : v);
    }

    /** Index where {@link #parse} stopped scanning. */
    static int stop(long parsed) {
        return (int) (parsed >>> 32);
    }

    /** The value {@link #parse} produced. */
    static float value(long parsed) {
        return Float.intBitsToFloat((int) parsed);
    }

    private static long pack(int stop, float value) {
        return ((long) stop << 32) | (Float.floatToRawIntBits(value) & 0xFFFF_FFFFL);
    }

    /** The token matched the grammar, so {@code parseFloat} accepts it; used for rare inputs only. */
    private static float slow(byte[] b, int start, int end) {
        return Float.parseFloat(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }
}
