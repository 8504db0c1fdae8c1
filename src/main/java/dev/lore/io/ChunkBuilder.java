package dev.lore.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Accumulates the rows of one {@link ParsedChunk}; one instance per chunk, used by one thread. */
final class ChunkBuilder {

    private final int dim;
    private String[] words;
    private int[] lines;
    private float[] values;
    private int count;
    private int badUtf8;
    private int firstBadUtf8Line = -1;
    private CharsetDecoder strictUtf8;

    /**
     * @param dim values per row, {@code >= 1}
     * @param expectedRows initial capacity; the builder grows past it
     * @param recycled an array to write values into if it holds {@code expectedRows} rows, or null
     */
    ChunkBuilder(int dim, int expectedRows, float[] recycled) {
        this.dim = dim;
        int rows = Math.max(16, expectedRows);
        this.words = new String[rows];
        this.lines = new int[rows];
        this.values = recycled != null && recycled.length / dim >= rows ? recycled
                : new float[Math.multiplyExact(rows, dim)];
    }

    /** The array the next row goes into, at {@link #rowOffset()}; valid until the next call. */
    float[] values() {
        if (count == words.length) {
            int rows = Math.addExact(count, (count >> 1) + 16);
            words = Arrays.copyOf(words, rows);
            lines = Arrays.copyOf(lines, rows);
        }
        if (values.length < (count + 1) * dim) {
            values = Arrays.copyOf(values, Math.multiplyExact(words.length, dim));
        }
        return values;
    }

    /** Offset of the next row in {@link #values()}. */
    int rowOffset() {
        return count * dim;
    }

    /** Completes the row whose values were written at {@link #rowOffset()}. */
    void addRow(String word, int line) {
        words[count] = word;
        lines[count] = line;
        count++;
    }

    /**
     * Decodes a word. ASCII is the common case and is copied directly; other bytes are decoded as
     * UTF-8, and malformed sequences become U+FFFD (counted, see {@link ParsedChunk#badUtf8}).
     */
    String word(byte[] b, int from, int to, int line) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return utf8(b, from, to, line);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private String utf8(byte[] b, int from, int to, int line) {
        if (strictUtf8 == null) {
            strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return strictUtf8.decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            if (badUtf8++ == 0) {
                firstBadUtf8Line = line;
            }
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /** The chunk; its {@code values} array may be longer than {@code count * dim}. */
    ParsedChunk build(int lineCount, int problemLine, String problem) {
        return build(lineCount, problemLine, problem, null);
    }

    /** Same as {@link #build(int, int, String)}, for a problem caused by {@code cause}. */
    ParsedChunk build(int lineCount, int problemLine, String problem, Throwable cause) {
        return new ParsedChunk(words, lines, values, count, lineCount,
                problemLine, problem, cause, badUtf8, firstBadUtf8Line);
    }
}
