package dev.lore.train;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that is not one, is corrupt, or cannot be understood; the message reads {@code file: problem}. */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param offset byte offset of the problem, or -1 when it concerns the whole file
     */
    public ModelFileException(Path file, long offset, String problem) {
        super(file + ": " + (offset >= 0 ? "offset " + offset + ": " : "") + problem);
        this.file = file;
        this.offset = offset;
    }

    public ModelFileException(Path file, long offset, String problem, Throwable cause) {
        this(file, offset, problem);
        initCause(cause);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return offset;
    }
}
