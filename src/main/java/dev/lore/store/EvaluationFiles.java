package dev.lore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the text files of the evaluations: UTF-8, a byte-order mark dropped, lines split. */
final class EvaluationFiles {

    private EvaluationFiles() {}

    /**
     * The lines of {@code file}: UTF-8 with malformed bytes replaced by U+FFFD (benchmark files
     * are often Latin-1), a leading byte-order mark dropped, {@code \n} or {@code \r\n} ends.
     */
    static List<String> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": " + (Files.isDirectory(file) ? "is a directory, not a file"
                    : Files.exists(file) ? "not a regular file" : "no such file"));
        }
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer text = utf8.decode(ByteBuffer.wrap(bytes));
        String s = text.toString();
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        return s.lines().toList();
    }

    /** The whitespace-separated fields of a line. */
    static String[] fields(String line) {
        String t = line.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
