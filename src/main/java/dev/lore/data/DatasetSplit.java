package dev.lore.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One split of a labeled-text dataset (train, dev or test): an immutable, non-empty list of
 * {@link Example}s, remembering the file and line each came from so that later checks (an unknown
 * label in a dev file) can name them.
 */
public final class DatasetSplit {

    private final String name;
    private final Path source;
    private final List<Example> examples;
    private final int[] lines;

    private DatasetSplit(String name, Path source, List<Example> examples, int[] lines) {
        this.name = name;
        this.source = source;
        this.examples = examples;
        this.lines = lines;
    }

    /**
     * An in-memory split.
     *
     * @param name a name for messages, e.g. {@code "train"}; not blank
     * @param examples at least one example; copied
     * @return the split, with no source file
     * @throws IllegalArgumentException if {@code name} is blank or {@code examples} is empty
     * @throws NullPointerException if an argument or an example is null
     */
    public static DatasetSplit of(String name, List<Example> examples) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        List<Example> copy = List.copyOf(examples);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a split needs at least one example, got 0");
        }
        return new DatasetSplit(name, null, copy, null);
    }

    /**
     * Reads a {@code label<TAB>text} file (UTF-8), one example a line.
     *
     * <p>Accepted: LF or CRLF line endings, a UTF-8 byte-order mark, blank lines at the end of the
     * file. Rejected with a {@link DatasetFileException} naming file and line: a line without a
     * tab, with more than one tab, with an empty label or a label with leading or trailing
     * whitespace, with blank text; a blank line followed by more examples; invalid UTF-8; a line
     * over 16 MiB; a file without any example.
     *
     * @param file the file, read once
     * @return the split, named by the file name, remembering each example's line
     * @throws DatasetFileException if the file is malformed
     * @throws IOException if it cannot be read
     */
    public static DatasetSplit read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        LabeledTextReader.Result r = LabeledTextReader.read(file);
        return new DatasetSplit(file.getFileName().toString(), file, r.examples(), r.lines());
    }

    /**
     * The SHA-256 of the split's examples, as 64 lower-case hex digits: the digest of the UTF-8
     * bytes of {@code label TAB text LF} for every example in order, so that it identifies the
     * data whatever file (or none) it came from. Computed on each call.
     *
     * @return 64 lower-case hex digits
     */
    public String sha256() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (Example e : examples) {
            md.update((e.label() + '\t' + e.text() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The split's name, for messages.
     *
     * @return the file name when read from a file, else the name given to {@link #of}
     */
    public String name() {
        return name;
    }

    /**
     * The file the split was read from.
     *
     * @return the path given to {@link #read}, or empty for an in-memory split
     */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The examples.
     *
     * @return an unmodifiable list, in file order
     */
    public List<Example> examples() {
        return examples;
    }

    /**
     * Number of examples.
     *
     * @return at least 1
     */
    public int size() {
        return examples.size();
    }

    /**
     * Example {@code i}.
     *
     * @param i in {@code [0, size())}
     * @return the example
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public Example example(int i) {
        return examples.get(i);
    }

    /**
     * The line of example {@code i} in its file.
     *
     * @param i in {@code [0, size())}
     * @return the 1-based line, or 0 for an in-memory split
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public int line(int i) {
        Objects.checkIndex(i, examples.size());
        return lines == null ? 0 : lines[i];
    }

    /**
     * Reports a problem with example {@code i}: a {@link DatasetFileException} naming file and line
     * for a split read from a file, an {@link IllegalArgumentException} naming {@code name[i]} for
     * an in-memory split (there is no file to blame).
     */
    void fail(int i, String problem) throws DatasetFileException {
        if (source != null) {
            throw new DatasetFileException(source, line(i), problem);
        }
        throw new IllegalArgumentException(name + "[" + i + "]: " + problem);
    }

    @Override
    public String toString() {
        return "DatasetSplit[" + name + ", " + examples.size() + " examples]";
    }
}
