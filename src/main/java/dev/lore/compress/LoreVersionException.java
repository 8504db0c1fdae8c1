package dev.lore.compress;

import java.nio.file.Path;

/** A {@code .lore} file in a format version this lore cannot read (typically written by a newer lore). */
public final class LoreVersionException extends LoreFormatException {

    private static final long serialVersionUID = 1L;

    /** The format version found in the file. */
    private final int version;

    LoreVersionException(Path file, int version, String problem) {
        super(file, 8, problem);
        this.version = version;
    }

    /**
     * The format version found in the file.
     *
     * @return the version at offset 8: above the newest this lore reads, or below 1
     */
    public int version() {
        return version;
    }
}
