package dev.lore.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * A block of consecutive rows of one partition: their words and their values, row-major, with what
 * names each row in an error message.
 *
 * <p>Rows from a text file carry the file, the byte offset of the split's first line and each row's
 * line index from there ({@link #where(int)} turns them into {@code file:line}); rows from a
 * {@code Dataset} are named by their word. Blocks are immutable once built; their arrays are not
 * copied, so callers must not modify what they pass in or read out.
 */
public final class RowBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] words;
    private final float[] values;
    private final int count;
    private final int dimension;
    private final String file;
    private final long firstOffset;
    private final long[] lines;

    private RowBlock(String[] words, float[] values, int count, int dimension, String file, long firstOffset,
            long[] lines) {
        this.words = words;
        this.values = values;
        this.count = count;
        this.dimension = dimension;
        this.file = file;
        this.firstOffset = firstOffset;
        this.lines = lines;
    }

    /**
     * Rows named by their words.
     *
     * @param words at least {@code count} words, not null
     * @param values at least {@code count * dimension} values
     * @param count rows, {@code >= 0}
     * @param dimension {@code d >= 1}
     * @return the block
     * @throws IllegalArgumentException if the arrays are too short
     */
    public static RowBlock of(String[] words, float[] values, int count, int dimension) {
        check(words, values, count, dimension);
        return new RowBlock(words, values, count, dimension, null, 0, null);
    }

    /**
     * Rows of a text file.
     *
     * @param words at least {@code count} words
     * @param values at least {@code count * dimension} values
     * @param count rows, {@code >= 0}
     * @param dimension {@code d >= 1}
     * @param file the file's name as the job was given it, not null
     * @param firstOffset the byte offset of the first line of the split the rows come from
     * @param lines per row, its line's index counted from that first line (0 for it)
     * @return the block
     * @throws IllegalArgumentException if the arrays are too short
     */
    public static RowBlock ofText(String[] words, float[] values, int count, int dimension, String file,
            long firstOffset, long[] lines) {
        check(words, values, count, dimension);
        Objects.requireNonNull(file, "file");
        if (lines.length < count) {
            throw new IllegalArgumentException("expected " + count + " line indices, got " + lines.length);
        }
        return new RowBlock(words, values, count, dimension, file, firstOffset, lines);
    }

    private static void check(String[] words, float[] values, int count, int dimension) {
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(values, "values");
        if (count < 0 || dimension < 1 || words.length < count || values.length < (long) count * dimension) {
            throw new IllegalArgumentException("a block of " + count + " rows of " + dimension
                    + " values needs that many words and values, got " + words.length + " and " + values.length);
        }
    }

    /**
     * The rows.
     *
     * @return {@code >= 0}
     */
    public int count() {
        return count;
    }

    /**
     * Values per row.
     *
     * @return {@code d >= 1}
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The words (not a copy: do not modify).
     *
     * @return at least {@link #count()} words
     */
    public String[] words() {
        return words;
    }

    /**
     * The values, row-major (not a copy: do not modify).
     *
     * @return at least {@code count() * dimension()} values
     */
    public float[] values() {
        return values;
    }

    /**
     * Where row {@code i} comes from, for messages: {@code file:line} (the line counted in the file,
     * which is read up to the row for that) or {@code row 'word'}.
     *
     * @param i the row, in {@code [0, count())}
     * @return the description
     */
    public String where(int i) {
        Objects.checkIndex(i, count);
        if (file == null) {
            return "row '" + dev.lore.QuotedText.of(words[i]) + "'";
        }
        return TextEmbeddings.display(file) + ":" + TextEmbeddings.lineNumber(file, firstOffset, lines[i]);
    }
}
