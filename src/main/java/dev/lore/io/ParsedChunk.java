package dev.lore.io;

/**
 * The words and vectors of consecutive lines (or binary records) of an embedding file, before
 * duplicates and filters are applied. Line numbers are relative to the first line of the chunk.
 */
final class ParsedChunk {

    /**
     * Words in file order; {@code words[i]} owns {@code values[i * dim .. (i + 1) * dim)}. The
     * arrays may be longer than {@code count} rows.
     */
    final String[] words;
    /** 0-based line of each word, relative to the chunk. */
    final int[] lines;
    final float[] values;
    final int count;
    /** Lines (or records) the chunk spans, up to and including an erroneous one. */
    final int lineCount;
    /** Relative line of the first problem, or -1; {@code problem} describes it. */
    final int problemLine;
    final String problem;
    /** What caused the problem (a failed read), or null. */
    final Throwable problemCause;
    /** Words whose bytes were not valid UTF-8 (decoded with U+FFFD), and the line of the first. */
    final int badUtf8;
    final int firstBadUtf8Line;

    ParsedChunk(String[] words, int[] lines, float[] values, int count, int lineCount,
            int problemLine, String problem, Throwable problemCause, int badUtf8,
            int firstBadUtf8Line) {
        this.words = words;
        this.lines = lines;
        this.values = values;
        this.count = count;
        this.lineCount = lineCount;
        this.problemLine = problemLine;
        this.problem = problem;
        this.problemCause = problemCause;
        this.badUtf8 = badUtf8;
        this.firstBadUtf8Line = firstBadUtf8Line;
    }
}
