package dev.lore.dl4j;

import dev.lore.quant.QuantizedMatrix;

/**
 * The packed codes that the code-reading layers keep in their configuration: code {@code n} at
 * bits {@code [n b, n b + b)} of a little-endian byte stream (bit {@code 8 j + u} is bit {@code u}
 * of byte {@code j}), the bits after the last code zero. This is {@code ProductQuantizedMatrix}'s
 * layout and, read byte by byte, the same bit stream as {@code QuantizedMatrix}'s little-endian
 * {@code long}s. Stateless, thread-safe.
 */
final class PackedCodes {

    /** Largest bit width of a code: {@code QuantizationConfig}'s. */
    static final int MAX_BITS = 16;

    private PackedCodes() {}

    /**
     * Bytes that hold {@code count} codes of {@code bits} bits.
     *
     * @throws ArithmeticException if it exceeds an {@code int}
     */
    static int length(long count, int bits) {
        return Math.toIntExact((Math.multiplyExact(count, bits) + 7) / 8);
    }

    /** Code {@code index}; {@code bits} in {@code [1, 16]}. */
    static int get(byte[] packed, long index, int bits) {
        long bit = index * bits;
        int at = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int v = (packed[at] & 0xff) >>> shift;
        int have = 8 - shift;
        while (have < bits) {
            at++;
            v |= (packed[at] & 0xff) << have;
            have += 8;
        }
        return v & ((1 << bits) - 1);
    }

    /** All {@code count} codes, unpacked. */
    static int[] unpack(byte[] packed, int count, int bits) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(packed, i, bits);
        }
        return out;
    }

    /**
     * Packs codes, each in {@code [0, 2^bits)}.
     *
     * @throws IllegalArgumentException naming the index of a code out of range
     */
    static byte[] pack(int[] codes, int bits) {
        byte[] out = new byte[length(codes.length, bits)];
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            if (c < 0 || c >= (1 << bits)) {
                throw new IllegalArgumentException("code " + i + " must be in [0, " + (1 << bits) + "), got " + c);
            }
            long bit = (long) i * bits;
            int at = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            long v = (long) c << shift;
            for (int k = 0; v != 0; k++) {
                out[at + k] |= (byte) v;
                v >>>= 8;
            }
        }
        return out;
    }

    /** The codes of {@code matrix}, row-major, as packed bytes. */
    static byte[] of(QuantizedMatrix matrix) {
        int count = Math.multiplyExact(matrix.rows(), matrix.columns());
        int bits = matrix.config().bits();
        long[] words = matrix.packedCodes();
        byte[] out = new byte[length(count, bits)];
        for (int j = 0; j < out.length; j++) {
            out[j] = (byte) (words[j >>> 3] >>> ((j & 7) * 8));
        }
        return out;
    }

    /** The packed bytes as {@code QuantizedMatrix}'s little-endian {@code long}s. */
    static long[] toWords(byte[] packed, long count, int bits) {
        long[] words = new long[QuantizedMatrix.packedLength(count, bits)];
        for (int j = 0; j < packed.length; j++) {
            words[j >>> 3] |= (packed[j] & 0xffL) << ((j & 7) * 8);
        }
        return words;
    }

    /**
     * Checks that {@code packed} holds exactly {@code count} codes of {@code bits} bits.
     *
     * @throws IllegalArgumentException naming {@code who}, the expected and the found length, or
     *     the non-zero bits after the last code
     */
    static void check(String who, byte[] packed, long count, int bits) {
        if (packed == null) {
            throw new IllegalArgumentException(who + ": codes are not set");
        }
        int expected = length(count, bits);
        if (packed.length != expected) {
            throw new IllegalArgumentException(who + ": codes must hold " + count + " codes of " + bits + " bits = "
                    + expected + " bytes, got " + packed.length);
        }
        int tail = (int) ((count * bits) & 7);
        if (tail != 0 && (packed[packed.length - 1] & 0xff) >>> tail != 0) {
            throw new IllegalArgumentException(who + ": the " + (8 - tail) + " bits after the last code must be zero");
        }
    }
}
