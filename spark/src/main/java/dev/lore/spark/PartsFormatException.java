package dev.lore.spark;

/** A parts directory whose manifest is malformed or disagrees with its part files; the message names the file. */
public final class PartsFormatException extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    /**
     * An error.
     *
     * @param message {@code file[:line]: problem}
     */
    public PartsFormatException(String message) {
        super(message);
    }
}
