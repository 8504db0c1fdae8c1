package dev.lore.io;

import java.io.IOException;
import java.nio.file.Path;

/** A malformed embedding file; the message reads {@code file:line: problem}. */
public final class EmbeddingFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file the file
     * @param line 1-based line (text) or record (binary) number; 0 when not tied to a line
     * @param problem what is wrong, e.g. {@code expected 100 values, found 99}
     */
    public EmbeddingFileException(Path file, long line, String problem) {
        super(file.getFileName() + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public EmbeddingFileException(Path file, long line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    /** 1-based line or record number, 0 when not tied to a line. */
    public long line() {
        return line;
    }
}
