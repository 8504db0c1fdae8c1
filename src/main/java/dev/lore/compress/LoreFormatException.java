package dev.lore.compress;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .lore} file that cannot be read: truncated, corrupt, not a lore file, or inconsistent.
 * The message reads {@code file: problem} or {@code file: offset N: problem}.
 */
public class LoreFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String problem;

    /**
     * @param file the file
     * @param offset byte offset of the problem, or -1 when not tied to one
     * @param problem what is wrong
     */
    public LoreFormatException(Path file, long offset, String problem) {
        super(file.getFileName() + (offset >= 0 ? ": offset " + offset : "") + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    public LoreFormatException(Path file, long offset, String problem, Throwable cause) {
        this(file, offset, problem);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return offset;
    }

    /** What is wrong: the message without the file name and offset. */
    public String problem() {
        return problem;
    }
}
