package dev.lore.io;

import dev.lore.QuotedText;
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
                String problem = found == 0 ? "word '" + QuotedText.of(word) + "' has no values"
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
        String quoted = QuotedText.of(b, start, end);
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
}
