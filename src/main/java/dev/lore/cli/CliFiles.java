package dev.lore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks shared by the commands that read and write files, run before any work so that a wrong
 * path fails at once with a message naming the option and the path: exit code 1 for a missing or
 * unusable file, 2 (a usage error) for an empty output path or an output that is one of the
 * command's inputs.
 */
final class CliFiles {

    private CliFiles() {}

    /**
     * Throws if {@code file} is not a regular file, saying what it is.
     *
     * @param option the option or parameter that named the file, e.g. {@code --input}
     * @throws IOException "OPTION PATH is a directory, not a file", "OPTION PATH is a character
     *     device (such as /dev/zero), not a regular file" (also a named pipe, a socket, a block
     *     device), or "input file not found: PATH"
     */
    static void checkInput(String option, Path file) throws IOException {
        if (file.toString().isEmpty()) {
            throw new IOException(option + " must not be empty");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(option + " " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            String what = special(file);
            if (what != null) {
                throw new IOException(option + " " + file + " is " + what + ", not a regular file");
            }
            throw new IOException("input file not found: " + file);
        }
    }

    /**
     * What a file that exists but is neither a regular file nor a directory is, from its Unix mode.
     *
     * @return e.g. "a named pipe (FIFO)", or null if it does not exist or the mode is not available
     */
    static String special(Path file) {
        if (!Files.exists(file)) {
            return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "a broken symbolic link" : null;
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device (such as /dev/zero)";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "not a regular file";
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

    /**
     * Refuses (a usage error, exit 2) an empty output path and an output that is one of the inputs:
     * the same path, or a path that resolves to the same file through a symbolic or hard link
     * ({@link Files#isSameFile}: canonical paths and file keys, device and inode on Unix). Run
     * before anything is read, so an input is never touched.
     *
     * @param cl the command line, for the usage error
     * @param option the output's option, e.g. {@code --output}
     * @param output the output path
     * @param inputs the inputs by the option that named them; null values are ignored
     * @throws ParameterException "OPTION must not be empty" or "--output X is the same file as
     *     --input Y: refusing to overwrite an input"
     */
    static void checkNotAnInput(CommandLine cl, String option, Path output, Map<String, Path> inputs) {
        if (output == null) {
            return;
        }
        if (output.toString().isEmpty()) {
            throw new ParameterException(cl, option + " must not be empty");
        }
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && sameFile(output, in.getValue())) {
                throw new ParameterException(cl, option + " " + output + " is the same file as " + in.getKey() + " "
                        + in.getValue() + ": refusing to overwrite an input");
            }
        }
    }

    /** The inputs of a command, in order: option, path, option, path ... */
    static Map<String, Path> inputs(Object... optionAndPath) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < optionAndPath.length; i += 2) {
            String key = (String) optionAndPath[i];
            while (m.containsKey(key)) {
                key = key + " ";
            }
            m.put(key, (Path) optionAndPath[i + 1]);
        }
        return m;
    }

    /** Whether two paths name one file: same normalized path, or the same file behind links. */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
