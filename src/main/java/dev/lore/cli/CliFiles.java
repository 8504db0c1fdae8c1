package dev.lore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by the commands that read and write files. */
final class CliFiles {

    private CliFiles() {}

    /** Throws if {@code file} does not exist as a regular file. */
    static void checkInput(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("input file not found: " + file);
        }
    }

    /** Throws if the directory that would hold {@code file} does not exist. */
    static void checkOutputDirectory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory does not exist: " + (dir == null ? file : dir));
        }
    }
}
