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

    /** {@code name:line: problem}, or {@code name: problem} when {@code line <= 0}. */
    protected static String atLine(Path file, long line, String problem) {
        return Objects.requireNonNull(file, "file").getFileName() + (line > 0 ? ":" + line : "") + ": " + problem;
    }

    /** {@code name: offset N: problem}, or {@code name: problem} when {@code offset < 0}. */
    protected static String atOffset(Path file, long offset, String problem) {
        return Objects.requireNonNull(file, "file").getFileName() + (offset >= 0 ? ": offset " + offset : "") + ": "
                + problem;
    }

    /** The file. */
    public final Path file() {
        return file;
    }

    /** The line or byte offset the subclass reports (see its accessor). */
    protected final long position() {
        return position;
    }
}
