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
     * An error with no underlying cause.
     *
     * @param file the file, not null
     * @param offset byte offset of the problem, or -1 when it concerns the whole file
     * @param problem what is wrong
     * @throws NullPointerException if {@code file} is null
     */
    public ModelFileException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /**
     * An error caused by another exception, e.g. the {@link dev.lore.compress.LoreFormatException}
     * of the frame or of the embedded {@code .lore} image.
     *
     * @param file the file, not null
     * @param offset byte offset of the problem, or -1 when it concerns the whole file
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     * @throws NullPointerException if {@code file} is null
     */
    public ModelFileException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, atOffset(file, offset, problem), cause);
    }

    /**
     * Where the problem is.
     *
     * @return the absolute byte offset of the problem, or -1 when it concerns the whole file
     */
    public long offset() {
        return position();
    }
}
