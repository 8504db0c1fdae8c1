package dev.lore;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How an error message quotes text taken from a file: printable characters as they are, every
 * other character or malformed byte escaped, long text cut. A binary file read as text, or a
 * crafted header, then cannot write control sequences to the user's terminal.
 */
public final class QuotedText {

    private static final int QUOTE_LIMIT = 40;

    private QuotedText() {}

    /**
     * {@code s} as an error message shows it, so that a binary file read as text does not write
     * control sequences to the terminal.
     *
     * @param s the text, not null
     * @return {@code s} cut to {@value #QUOTE_LIMIT} code points (then {@code ...}), with a
     *     backslash doubled and each code point that is not printable escaped, <code>&#92;xNN</code>
     *     below U+0100, <code>&#92;uNNNN</code> up to U+FFFF and <code>&#92;UNNNNNNNN</code> above
     * @throws NullPointerException if {@code s} is null
     */
    public static String of(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), QUOTE_LIMIT) + 8);
        int shown = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            if (shown == QUOTE_LIMIT) {
                return out.append("...").toString();
            }
            appendEscaped(out, s.codePointAt(i));
            shown++;
        }
        return out.toString();
    }

    /**
     * The bytes {@code b[start, end)} as {@link #of(String)} shows them, read as UTF-8.
     *
     * @param b the bytes, not modified
     * @param start first byte shown, in {@code [0, b.length]}
     * @param end one past the last byte shown, in {@code [start, b.length]}
     * @return the decoded text quoted as by {@link #of(String)}, cut after {@value #QUOTE_LIMIT}
     *     code points or escaped bytes; a byte that does not start a well-formed sequence is shown
     *     as <code>&#92;xNN</code>, so the message tells which bytes the file holds
     * @throws ArrayIndexOutOfBoundsException if {@code start < end} and the range leaves {@code b}
     */
    public static String of(byte[] b, int start, int end) {
        StringBuilder out = new StringBuilder(Math.min(end - start, QUOTE_LIMIT) + 8);
        int shown = 0;
        int i = start;
        while (i < end) {
            if (shown == QUOTE_LIMIT) {
                return out.append("...").toString();
            }
            int length = utf8Length(b, i, end);
            if (length == 0) {
                appendHex(out, b[i] & 0xFF);
                i++;
            } else {
                appendEscaped(out, new String(b, i, length, StandardCharsets.UTF_8).codePointAt(0));
                i += length;
            }
            shown++;
        }
        return out.toString();
    }

    /** Length of the well-formed UTF-8 sequence at {@code b[i]}, or 0 if there is none. */
    private static int utf8Length(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (end - i < length) {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            int c = b[i + k] & 0xFF;
            if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
                return 0;
            }
        }
        return length;
    }

    private static void appendEscaped(StringBuilder out, int cp) {
        if (cp == '\\') {
            out.append("\\\\");
        } else if (printable(cp)) {
            out.appendCodePoint(cp);
        } else if (cp < 0x100) {
            appendHex(out, cp);
        } else {
            out.append(String.format(Locale.ROOT, cp <= 0xFFFF ? "\\u%04x" : "\\U%08x", cp));
        }
    }

    private static void appendHex(StringBuilder out, int value) {
        out.append(String.format(Locale.ROOT, "\\x%02x", value));
    }

    private static boolean printable(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7F;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> cp != 0xFFFD;
        };
    }
}
