package dev.lore.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses {@code label<TAB>text} files; the rules are documented on {@link DatasetSplit#read}. Lines
 * are split on bytes and decoded one by one, so that invalid UTF-8 is reported with its line.
 */
final class LabeledTextReader {

    /** Longest accepted line, in bytes: far above any document, low enough to stop a binary file early. */
    static final int MAX_LINE_BYTES = 16 << 20;

    record Result(List<Example> examples, int[] lines) {}

    private final Path file;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final List<Example> examples = new ArrayList<>();
    private int[] lines = new int[64];
    private int lineNo;
    private int firstBlank; // first blank line since the last example, 0 if none

    private LabeledTextReader(Path file) {
        this.file = file;
    }

    static Result read(Path file) throws IOException {
        LabeledTextReader r = new LabeledTextReader(file);
        byte[] line = new byte[256];
        int len = 0;
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        r.line(line, len);
                        len = 0;
                        continue;
                    }
                    if (len == line.length) {
                        if (len >= MAX_LINE_BYTES) {
                            throw new DatasetFileException(file, r.lineNo + 1L,
                                    "line longer than " + MAX_LINE_BYTES + " bytes");
                        }
                        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, 2 * len));
                    }
                    line[len++] = b;
                }
            }
        }
        if (len > 0) {
            r.line(line, len); // last line without a line break
        }
        if (r.examples.isEmpty()) {
            throw new DatasetFileException(file, 0, "no examples (the file is empty or blank)");
        }
        return new Result(List.copyOf(r.examples), Arrays.copyOf(r.lines, r.examples.size()));
    }

    private void line(byte[] bytes, int len) throws DatasetFileException {
        lineNo = Math.incrementExact(lineNo);
        String line = decode(bytes, len);
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isBlank()) {
            if (firstBlank == 0) {
                firstBlank = lineNo;
            }
            return;
        }
        if (firstBlank != 0) {
            throw new DatasetFileException(file, firstBlank,
                    "blank line (expected label<TAB>text; only the end of the file may be blank)");
        }
        if (examples.size() == lines.length) {
            lines = Arrays.copyOf(lines, 2 * lines.length);
        }
        lines[examples.size()] = lineNo;
        examples.add(parse(line));
    }

    private Example parse(String line) throws DatasetFileException {
        if (line.indexOf('\r') >= 0) {
            throw new DatasetFileException(file, lineNo,
                    "carriage return inside a line (line endings must be LF or CRLF)");
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new DatasetFileException(file, lineNo, "no tab: expected label<TAB>text");
        }
        int fields = 2;
        for (int i = line.indexOf('\t', tab + 1); i >= 0; i = line.indexOf('\t', i + 1)) {
            fields++;
        }
        if (fields > 2) {
            throw new DatasetFileException(file, lineNo,
                    "expected 2 tab-separated fields (label<TAB>text), found " + fields);
        }
        String label = line.substring(0, tab);
        String text = line.substring(tab + 1);
        String problem = Example.problem(label, text);
        if (problem != null) {
            throw new DatasetFileException(file, lineNo, problem);
        }
        return new Example(label, text);
    }

    private String decode(byte[] bytes, int len) throws DatasetFileException {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFileException(file, lineNo, "invalid UTF-8", e);
        }
    }
}
