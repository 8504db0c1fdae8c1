package dev.lore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks shared by the commands that read and write files, run before any work so that a wrong
 * path fails at once (exit code 1) with a message naming the option and the path.
 */
final class CliFiles {

    private CliFiles() {}

    /**
     * Throws if {@code file} is not a regular file.
     *
     * @param option the option or parameter that named the file, e.g. {@code --input}
     * @throws IOException "OPTION PATH is a directory, not a file", or "input file not found: PATH"
     */
    static void checkInput(String option, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(option + " " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("input file not found: " + file);
        }
    }

    /**
     * Throws if {@code file} cannot be written as a file: it is an existing directory, or the
     * directory that would hold it does not exist.
     *
     * @param option the option that named the file, e.g. {@code --output}
     * @throws IOException "OPTION PATH is a directory, not a file", or "output directory does not
     *     exist: DIR"
     */
    static void checkOutputFile(String option, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(option + " " + file + " is a directory, not a file");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory does not exist: " + (dir == null ? file : dir));
        }
    }
}
