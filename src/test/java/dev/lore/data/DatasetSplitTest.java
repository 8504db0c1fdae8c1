package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private DatasetFileException readFails(String content) throws IOException {
        Path f = write("bad.tsv", content);
        return assertThrows(DatasetFileException.class, () -> DatasetSplit.read(f));
    }

    @Test
    void readsLabelsTextsAndLines() throws IOException {
        Path f = write("toy.train.tsv", "1\tgood film .\n0\tbad , bad film\nPOS\tx y");
        DatasetSplit s = DatasetSplit.read(f);
        assertEquals("toy.train.tsv", s.name());
        assertEquals(f, s.source().orElseThrow());
        assertEquals(3, s.size());
        assertEquals(new Example("1", "good film ."), s.example(0));
        assertEquals(new Example("0", "bad , bad film"), s.example(1));
        assertEquals(new Example("POS", "x y"), s.example(2));
        assertEquals(List.of(1, 2, 3), List.of(s.line(0), s.line(1), s.line(2)));
    }

    @Test
    void acceptsCrlfBomAndTrailingBlankLines() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "1\tgood\r\n0\tbad  film \r\n\r\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        DatasetSplit s = DatasetSplit.read(write("crlf.tsv", all));
        assertEquals(2, s.size());
        assertEquals(new Example("1", "good"), s.example(0));
        // Inner and trailing spaces of the text are kept: the tokenizer deals with them.
        assertEquals(new Example("0", "bad  film "), s.example(1));
    }

    @Test
    void keepsNonAsciiText() throws IOException {
        DatasetSplit s = DatasetSplit.read(write("u.tsv", "1\tun cliché\n"));
        assertEquals("un cliché", s.example(0).text());
    }

    @Test
    void lineWithoutTabNamesFileAndLine() throws IOException {
        DatasetFileException e = readFails("1\tok\n0 no tab here\n");
        assertEquals("bad.tsv:2: no tab: expected label<TAB>text", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(dir.resolve("bad.tsv"), e.file());
    }

    @Test
    void rejectsExtraFieldsEmptyLabelAndEmptyText() throws IOException {
        assertEquals("bad.tsv:1: expected 2 tab-separated fields (label<TAB>text), found 3",
                readFails("1\ta\tb\n").getMessage());
        assertEquals("bad.tsv:2: empty label", readFails("1\tok\n\tno label\n").getMessage());
        assertEquals("bad.tsv:1: empty text", readFails("1\t\n").getMessage());
        assertEquals("bad.tsv:1: empty text", readFails("1\t   \n").getMessage());
        assertEquals("bad.tsv:3: label ' 1' has leading or trailing whitespace",
                readFails("1\tok\n0\tok\n 1\tok\n").getMessage());
    }

    @Test
    void rejectsBlankLineBeforeMoreExamples() throws IOException {
        assertEquals("bad.tsv:2: blank line (expected label<TAB>text; only the end of the file may be blank)",
                readFails("1\tok\n\n \n0\tok\n").getMessage());
    }

    @Test
    void rejectsCarriageReturnInsideALine() throws IOException {
        // Old Mac line endings: the whole file is one line with CRs in it.
        assertEquals("bad.tsv:1: carriage return inside a line (line endings must be LF or CRLF)",
                readFails("1\tok\r0\tok\n").getMessage());
    }

    @Test
    void rejectsEmptyAndBlankFiles() throws IOException {
        assertEquals("bad.tsv: no examples (the file is empty or blank)", readFails("").getMessage());
        assertEquals("bad.tsv: no examples (the file is empty or blank)", readFails("\n \r\n").getMessage());
        assertEquals(0, readFails("").line());
    }

    @Test
    void rejectsInvalidUtf8WithLine() throws IOException {
        Path f = write("latin1.tsv",
                new byte[] {'1', '\t', 'o', 'k', '\n', '0', '\t', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> DatasetSplit.read(f));
        assertEquals("latin1.tsv:2: invalid UTF-8", e.getMessage());
    }

    @Test
    void rejectsOverlongLines() throws IOException {
        byte[] big = new byte[LabeledTextReader.MAX_LINE_BYTES + 10];
        Arrays.fill(big, (byte) 'x');
        big[0] = '1';
        big[1] = '\t';
        Path f = write("big.tsv", big);
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> DatasetSplit.read(f));
        assertEquals("big.tsv:1: line longer than " + LabeledTextReader.MAX_LINE_BYTES + " bytes", e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> DatasetSplit.read(dir.resolve("absent.tsv")));
    }

    @Test
    void inMemorySplit() {
        DatasetSplit s = DatasetSplit.of("train", List.of(new Example("a", "x"), new Example("b", "y")));
        assertEquals(2, s.size());
        assertTrue(s.source().isEmpty());
        assertEquals(0, s.line(1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.line(2));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of("train", List.of()));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of(" ", List.of(new Example("a", "x"))));
    }

    @Test
    void exampleValidation() {
        assertThrows(IllegalArgumentException.class, () -> new Example("", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Example("a", " "));
        assertThrows(IllegalArgumentException.class, () -> new Example("a ", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Example("a", "x\ny"));
        assertThrows(IllegalArgumentException.class, () -> new Example(null, "x"));
        assertEquals("a b", new Example("a b", "x").label()); // inner spaces are fine
    }
}
