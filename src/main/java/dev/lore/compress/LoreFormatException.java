package dev.lore.compress;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/**
 * A {@code .lore} file that cannot be read: truncated, corrupt, not a lore file, or inconsistent.
 * The message reads {@code file: problem} or {@code file: offset N: problem}.
 */
public class LoreFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    /**
     * @param file the file
     * @param offset byte offset of the problem, or -1 when not tied to one
     * @param problem what is wrong
     */
    public LoreFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /** @see #LoreFormatException(Path, long, String) */
    public LoreFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, atOffset(file, offset, problem), cause);
        this.problem = problem;
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return position();
    }

    /** What is wrong: the message without the file name and offset. */
    public String problem() {
        return problem;
    }
}
