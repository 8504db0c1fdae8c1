package dev.lore.io;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses whole lines of text embeddings ({@code word v1 ... vd}) from a byte range. Tokens are
 * separated by spaces or tabs; a line ends at {@code \n}, optionally preceded by {@code \r}; lines
 * holding only whitespace are skipped. Stateless apart from its arguments, so chunks of one file
 * may be parsed on several threads at once.
 */
final class TextChunkParser {

    /** Longest token quoted in an error message, in characters. */
    private static final int QUOTE_LIMIT = 40;

    private TextChunkParser() {}

    /**
     * Parses the lines in {@code b[from, to)}; {@code to} is the end of a line or of the file.
     * Stops at the first malformed line and records it in the result.
     *
     * @param dim values expected per line, {@code >= 1}
     * @param recycled an array the values may be written into, or null
     */
    static ParsedChunk parse(byte[] b, int from, int to, int dim, float[] recycled) {
        ChunkBuilder rows = new ChunkBuilder(dim, estimateRows(b, from, to), recycled);
        int p = from;
        int line = 0;
        while (p < to) {
            p = skipBlanks(b, p, to);
            if (p == to) {
                break;
            }
            if (b[p] == '\n') {
                p++;
                line++;
                continue;
            }
            int wordStart = p;
            while (p < to && !isSeparator(b[p])) {
                p++;
            }
            String word = rows.word(b, wordStart, p, line);
            float[] values = rows.values();
            int offset = rows.rowOffset();
            int found = 0;
            while (true) {
                p = skipBlanks(b, p, to);
                if (p == to || b[p] == '\n') {
                    break;
                }
                if (found == dim) {
                    return rows.build(line + 1, line, wrongCount(dim, dim + countTokens(b, p, to)));
                }
                long parsed = FloatParser.parseCommon(b, p, to);
                if (parsed == FloatParser.NOT_HANDLED) {
                    parsed = FloatParser.parse(b, p, to);
                }
                int stop = FloatParser.stop(parsed);
                float v = FloatParser.value(parsed);
                if ((stop < to && !isSeparator(b[stop])) || !Float.isFinite(v)) {
                    return rows.build(line + 1, line, badNumber(b, p, stop, to, v));
                }
                values[offset + found++] = v;
                p = stop;
            }
            if (found < dim) {
                String problem = found == 0 ? "word '" + quote(word) + "' has no values"
                        : wrongCount(dim, found);
                return rows.build(line + 1, line, problem);
            }
            rows.addRow(word, line);
            if (p < to) {
                p++; // the '\n'
            }
            line++;
        }
        return rows.build(line, -1, null);
    }

    /**
     * Number of values on the first non-blank line of {@code b[from, to)} (tokens after the word),
     * or -1 if there is none.
     */
    static int countValuesOfFirstLine(byte[] b, int from, int to) {
        int p = from;
        while (p < to) {
            p = skipBlanks(b, p, to);
            if (p < to && b[p] == '\n') {
                p++;
                continue;
            }
            if (p == to) {
                break;
            }
            while (p < to && !isSeparator(b[p])) {
                p++;
            }
            return countTokens(b, p, to);
        }
        return -1;
    }

    static String wrongCount(int expected, int found) {
        return "expected " + expected + " values, found " + found;
    }

    private static int estimateRows(byte[] b, int from, int to) {
        int firstLine = 1;
        while (from + firstLine < to && b[from + firstLine - 1] != '\n') {
            firstLine++;
        }
        return (int) Math.min(1 << 20, (to - from) / (long) firstLine * 5 / 4 + 1);
    }

    private static boolean isSeparator(byte c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    private static int skipBlanks(byte[] b, int p, int to) {
        while (p < to && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) {
            p++;
        }
        return p;
    }

    /** Tokens from {@code p} to the end of the line. */
    private static int countTokens(byte[] b, int p, int to) {
        int n = 0;
        while (true) {
            p = skipBlanks(b, p, to);
            if (p == to || b[p] == '\n') {
                return n;
            }
            n++;
            while (p < to && !isSeparator(b[p])) {
                p++;
            }
        }
    }

    private static String badNumber(byte[] b, int start, int stop, int to, float v) {
        int end = start;
        while (end < to && !isSeparator(b[end])) {
            end++;
        }
        String quoted = quote(b, start, end);
        if (stop == end && Float.isInfinite(v)) {
            return "value out of the float range: '" + quoted + "'";
        }
        String bare = new String(b, start, end - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                .replaceFirst("^[+-]", "");
        if (bare.equals("nan")) {
            return "NaN is not allowed: '" + quoted + "'";
        }
        if (bare.equals("inf") || bare.equals("infinity")) {
            return "infinity is not allowed: '" + quoted + "'";
        }
        return "not a number: '" + quoted + "'";
    }

    /**
     * {@code s} as an error message shows it: cut to {@value #QUOTE_LIMIT} characters (then
     * {@code ...}), with a backslash doubled and each character that is not printable escaped,
     * <code>&#92;xNN</code> below U+0100 and <code>&#92;uNNNN</code> above, so that a binary
     * file read as text does not write control sequences to the terminal.
     */
    static String quote(String s) {
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
     * The bytes {@code b[start, end)} as {@link #quote(String)} shows them, read as UTF-8: a byte
     * that does not start a well-formed sequence is shown as <code>&#92;xNN</code>, so the
     * message tells which bytes the file holds.
     */
    static String quote(byte[] b, int start, int end) {
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
