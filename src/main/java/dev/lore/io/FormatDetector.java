package dev.lore.io;

import dev.lore.QuotedText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides the format of an embedding file from its first bytes (after decompression).
 *
 * <p>The rule: a first line made of exactly two unsigned decimal integers ({@code V d}) is a
 * word2vec header; without one the file is GloVe text. After a header the body is binary if the
 * file name, without a {@code .gz} suffix, ends in {@code .bin}; otherwise it is text if the rest
 * of the first record's line, after the word and its space, is non-empty, holds at least one digit
 * and only the bytes of numbers and separators ({@code 0-9 + - . e E}, space, tab, {@code \r}) up
 * to a {@code \n} or the end of the file; anything else is binary. Raw float32 values fail this
 * test with overwhelming probability (each of the {@code 4d} bytes would have to be one of 17
 * values), and a text line passes it unless it holds something other than numbers, which the text
 * parser then reports precisely.
 */
final class FormatDetector {

    /** Largest dimension accepted in a header. */
    static final int MAX_DIMENSION = 1 << 20;
    /** Bytes of the file examined; a header line and a first record's line fit in it. */
    static final int PREFIX_BYTES = 1 << 16;

    private FormatDetector() {}

    /**
     * What the start of a file says about its layout.
     *
     * @param format the format
     * @param headerBytes bytes of the header line including its {@code \n}; 0 for GloVe text
     * @param words words the header declares, or -1 without a header
     * @param dimension dimension the header declares, or -1 without a header
     */
    record Layout(EmbeddingFormat format, int headerBytes, long words, int dimension) {}

    /**
     * @param prefix the first {@code length} bytes of the (decompressed) file
     * @param wholeFile whether {@code prefix} holds the whole file
     * @param requested the format the caller asked for, or null to detect it
     * @throws EmbeddingFileException if the file is empty, or a required header is missing or
     *     out of range
     */
    static Layout detect(Path file, byte[] prefix, int length, boolean wholeFile,
            EmbeddingFormat requested) throws EmbeddingFileException {
        if (length == 0) {
            throw new EmbeddingFileException(file, 1, "file is empty");
        }
        if (requested == EmbeddingFormat.GLOVE_TEXT) {
            return new Layout(EmbeddingFormat.GLOVE_TEXT, 0, -1, -1);
        }
        int lineEnd = indexOf(prefix, 0, length, (byte) '\n');
        String first = new String(prefix, 0, lineEnd < 0 ? length : lineEnd,
                StandardCharsets.ISO_8859_1).strip();
        String[] tokens = first.split("[ \t]+");
        boolean header = (lineEnd >= 0 || wholeFile) && tokens.length == 2
                && tokens[0].matches("[0-9]+") && tokens[1].matches("[0-9]+");
        if (!header) {
            if (requested != null) {
                throw new EmbeddingFileException(file, 1, "expected a header line 'words dimension'"
                        + " for " + requested + ", found '" + QuotedText.of(first) + "'");
            }
            return new Layout(EmbeddingFormat.GLOVE_TEXT, 0, -1, -1);
        }
        long words = parseHeaderNumber(file, tokens[0], "word count", Integer.MAX_VALUE, 0);
        int dimension = (int) parseHeaderNumber(file, tokens[1], "dimension", MAX_DIMENSION, 1);
        int headerBytes = lineEnd < 0 ? length : lineEnd + 1;
        EmbeddingFormat format = requested != null ? requested
                : isBinaryName(file) || !textBody(prefix, headerBytes, length)
                        ? EmbeddingFormat.WORD2VEC_BINARY : EmbeddingFormat.WORD2VEC_TEXT;
        return new Layout(format, headerBytes, words, dimension);
    }

    private static long parseHeaderNumber(Path file, String token, String what, long max, long min)
            throws EmbeddingFileException {
        long value;
        try {
            value = token.length() > 12 ? Long.MAX_VALUE : Long.parseLong(token);
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw new EmbeddingFileException(file, 1, "header " + what + " must be in [" + min
                    + ", " + max + "], got " + QuotedText.of(token));
        }
        return value;
    }

    private static boolean isBinaryName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.endsWith(".bin");
    }

    private static boolean textBody(byte[] b, int from, int length) {
        int p = from;
        while (p < length && b[p] != ' ' && b[p] != '\t' && b[p] != '\n') {
            p++;
        }
        if (p == length || b[p] == '\n') {
            return true; // a word alone on its line: text, and the text parser reports it
        }
        boolean digit = false;
        for (p++; p < length; p++) {
            byte c = b[p];
            if (c == '\n') {
                return digit;
            }
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != ' ' && c != '\t' && c != '\r' && c != '.' && c != '-' && c != '+'
                    && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit; // the line goes past the prefix, numbers so far
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
