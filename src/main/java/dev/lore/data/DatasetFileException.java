package dev.lore.data;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/** A malformed labeled-text file; the message reads {@code file:line: problem}. */
public final class DatasetFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param line 1-based line number; 0 when the problem concerns the whole file
     * @param problem what is wrong
     */
    public DatasetFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /** @see #DatasetFileException(Path, long, String) */
    public DatasetFileException(Path file, long line, String problem, Throwable cause) {
        super(file, line, atLine(file, line, problem), cause);
    }

    /** 1-based line number, 0 when the problem concerns the whole file. */
    public long line() {
        return position();
    }
}
