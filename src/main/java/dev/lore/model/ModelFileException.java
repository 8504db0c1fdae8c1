package dev.lore.model;

import dev.lore.FileFormatException;
import java.nio.file.Path;

/**
 * A model file that is not one, is corrupt, or cannot be understood; the message reads
 * {@code file: problem} or {@code file: offset N: problem}.
 *
 * <p>Immutable once thrown, like any exception; safe to hand to another thread.
 */
public final class ModelFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param offset byte offset of the problem, or -1 when it concerns the whole file
     * @param problem what is wrong
     */
    public ModelFileException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /** @see #ModelFileException(Path, long, String) */
    public ModelFileException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, atOffset(file, offset, problem), cause);
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return position();
    }
}
