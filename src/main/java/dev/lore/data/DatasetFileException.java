package dev.lore.data;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/** A malformed labeled-text file; the message reads {@code file:line: problem}. */
public final class DatasetFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with no underlying cause.
     *
     * @param file the file, not null
     * @param line 1-based line number; 0 when the problem concerns the whole file
     * @param problem what is wrong
     * @throws NullPointerException if {@code file} is null
     */
    public DatasetFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /**
     * An error caused by another exception, e.g. invalid UTF-8.
     *
     * @param file the file, not null
     * @param line 1-based line number; 0 when the problem concerns the whole file
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     * @throws NullPointerException if {@code file} is null
     */
    public DatasetFileException(Path file, long line, String problem, Throwable cause) {
        super(file, line, atLine(file, line, problem), cause);
    }

    /**
     * Where the problem is.
     *
     * @return the 1-based line number, 0 when the problem concerns the whole file
     */
    public long line() {
        return position();
    }
}
