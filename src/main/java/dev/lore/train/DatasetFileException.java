package dev.lore.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A malformed labeled-text file; the message reads {@code file:line: problem}. */
public final class DatasetFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file the file
     * @param line 1-based line number; 0 when the problem concerns the whole file
     * @param problem what is wrong, e.g. {@code no tab: expected label<TAB>text}
     */
    public DatasetFileException(Path file, long line, String problem) {
        super(Objects.requireNonNull(file, "file").getFileName() + (line > 0 ? ":" + line : "")
                + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** @see #DatasetFileException(Path, long, String) */
    public DatasetFileException(Path file, long line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** 1-based line number, 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }
}
