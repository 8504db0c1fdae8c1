package dev.lore.train;

import java.io.BufferedInputStream;
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

/** Parses {@code label<TAB>text} files; the rules are documented on {@link DatasetSplit#read}. */
final class LabeledTextReader {

    /** Longest accepted line, in bytes: far above any sentence or document, low enough to stop a binary file early. */
    static final int MAX_LINE_BYTES = 16 << 20;

    record Result(List<Example> examples, int[] lines) {}

    private LabeledTextReader() {}

    static Result read(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Example> examples = new ArrayList<>();
        int[] lines = new int[64];
        int firstBlank = 0; // first blank line since the last example, 0 if none
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[256];
            int len = 0;
            int lineNo = 0;
            boolean eof = false;
            while (!eof) {
                int b = in.read();
                if (b < 0) {
                    eof = true;
                    if (len == 0) {
                        break; // the file ends with a line break (or is empty)
                    }
                } else if (b != '\n') {
                    if (len == buf.length) {
                        if (len >= MAX_LINE_BYTES) {
                            throw new DatasetFileException(file, lineNo + 1,
                                    "line longer than " + MAX_LINE_BYTES + " bytes");
                        }
                        buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, 2 * len));
                    }
                    buf[len++] = (byte) b;
                    continue;
                }
                lineNo = Math.incrementExact(lineNo);
                String line = decode(utf8, buf, len, file, lineNo);
                len = 0;
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
                    continue;
                }
                if (firstBlank != 0) {
                    throw new DatasetFileException(file, firstBlank,
                            "blank line (expected label<TAB>text; only the end of the file may be blank)");
                }
                if (examples.size() == lines.length) {
                    lines = Arrays.copyOf(lines, 2 * lines.length);
                }
                lines[examples.size()] = lineNo;
                examples.add(parse(line, file, lineNo));
            }
        }
        if (examples.isEmpty()) {
            throw new DatasetFileException(file, 0, "no examples (the file is empty or blank)");
        }
        return new Result(List.copyOf(examples), Arrays.copyOf(lines, examples.size()));
    }

    private static Example parse(String line, Path file, int lineNo) throws DatasetFileException {
        if (line.indexOf('\r') >= 0) {
            throw new DatasetFileException(file, lineNo,
                    "carriage return inside a line (line endings must be LF or CRLF)");
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new DatasetFileException(file, lineNo, "no tab: expected label<TAB>text");
        }
        int tabs = 1;
        for (int i = line.indexOf('\t', tab + 1); i >= 0; i = line.indexOf('\t', i + 1)) {
            tabs++;
        }
        if (tabs > 1) {
            throw new DatasetFileException(file, lineNo, "expected 2 tab-separated fields (label<TAB>text), found "
                    + (tabs + 1));
        }
        String label = line.substring(0, tab);
        String text = line.substring(tab + 1);
        String problem = Example.problem(label, text);
        if (problem != null) {
            throw new DatasetFileException(file, lineNo, problem);
        }
        return new Example(label, text);
    }

    private static String decode(CharsetDecoder utf8, byte[] buf, int len, Path file, int lineNo)
            throws DatasetFileException {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buf, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFileException(file, lineNo, "invalid UTF-8", e);
        }
    }
}
