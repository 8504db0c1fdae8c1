package dev.lore.io;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/** A malformed embedding file; the message reads {@code file:line: problem}. */
public final class EmbeddingFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param line 1-based line (text) or record (binary) number; 0 when not tied to a line
     * @param problem what is wrong
     */
    public EmbeddingFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /** @see #EmbeddingFileException(Path, long, String) */
    public EmbeddingFileException(Path file, long line, String problem, Throwable cause) {
        super(file, line, atLine(file, line, problem), cause);
    }

    /** 1-based line or record number, 0 when not tied to a line. */
    public long line() {
        return position();
    }
}
