package dev.lore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file lore cannot read because of what it contains (as opposed to an I/O failure): the common
 * type of the format errors of each stage, so a caller can catch them all at once. The message
 * starts with the file's name and the position of the problem (a line of a text file or a byte
 * offset of a binary one) when there is one.
 */
public abstract class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The line or byte offset the subclass reports, as it defines it. */
    private final long position;

    /**
     * @param file the file
     * @param position the line or byte offset the subclass reports, as it defines it
     * @param message the full message, from {@link #atLine} or {@link #atOffset}
     * @param cause the underlying failure, or null
     */
    protected FileFormatException(Path file, long position, String message, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.position = position;
    }

    /**
     * The message of a problem in a text file.
     *
     * @param file the file; only its name is shown
     * @param line the line of the problem, from 1, or {@code <= 0} for none
     * @param problem what is wrong, already quoted where it shows file content
     * @return {@code name:line: problem}, or {@code name: problem} when {@code line <= 0}
     * @throws NullPointerException if {@code file} is null
     */
    protected static String atLine(Path file, long line, String problem) {
        return Objects.requireNonNull(file, "file").getFileName() + (line > 0 ? ":" + line : "") + ": " + problem;
    }

    /**
     * The message of a problem in a binary file.
     *
     * @param file the file; only its name is shown
     * @param offset the byte offset of the problem, from 0, or negative for none
     * @param problem what is wrong, already quoted where it shows file content
     * @return {@code name: offset N: problem}, or {@code name: problem} when {@code offset < 0}
     * @throws NullPointerException if {@code file} is null
     */
    protected static String atOffset(Path file, long offset, String problem) {
        return Objects.requireNonNull(file, "file").getFileName() + (offset >= 0 ? ": offset " + offset : "") + ": "
                + problem;
    }

    /**
     * The file.
     *
     * @return the file as given to the constructor, never null (null after Java
     *     deserialization, since the path is not serialized)
     */
    public final Path file() {
        return file;
    }

    /**
     * The line or byte offset the subclass reports.
     *
     * @return the position as the subclass defines it (see its accessor)
     */
    protected final long position() {
        return position;
    }
}
