package dev.lore.compress;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/**
 * A {@code .lore} file that cannot be read: truncated, corrupt, not a lore file, or inconsistent.
 * The message reads {@code file: problem} or {@code file: offset N: problem}.
 */
public class LoreFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /** What is wrong: the message without the file name and offset. */
    private final String problem;

    /**
     * An error with no underlying cause.
     *
     * @param file the file, not null
     * @param offset byte offset of the problem, or -1 when not tied to one
     * @param problem what is wrong
     * @throws NullPointerException if {@code file} is null
     */
    public LoreFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /**
     * An error caused by another exception.
     *
     * @param file the file, not null
     * @param offset byte offset of the problem, or -1 when not tied to one
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     * @throws NullPointerException if {@code file} is null
     */
    public LoreFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, atOffset(file, offset, problem), cause);
        this.problem = problem;
    }

    /**
     * Where the problem is.
     *
     * @return the absolute byte offset of the problem, or -1 when not tied to one
     */
    public long offset() {
        return position();
    }

    /**
     * What is wrong.
     *
     * @return the message without the file name and offset
     */
    public String problem() {
        return problem;
    }
}
