package dev.lore.io;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/** A malformed embedding file; the message reads {@code file:line: problem}. */
public final class EmbeddingFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with no underlying cause.
     *
     * @param file the file, not null
     * @param line 1-based line (text) or record (binary) number; 0 when not tied to a line
     * @param problem what is wrong
     * @throws NullPointerException if {@code file} is null
     */
    public EmbeddingFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /**
     * An error caused by another exception, e.g. a corrupt gzip stream.
     *
     * @param file the file, not null
     * @param line 1-based line (text) or record (binary) number; 0 when not tied to a line
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     * @throws NullPointerException if {@code file} is null
     */
    public EmbeddingFileException(Path file, long line, String problem, Throwable cause) {
        super(file, line, atLine(file, line, problem), cause);
    }

    /**
     * Where the problem is.
     *
     * @return the 1-based line or record number, 0 when not tied to a line
     */
    public long line() {
        return position();
    }
}
