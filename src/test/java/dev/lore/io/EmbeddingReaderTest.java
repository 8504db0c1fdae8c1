package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingReaderTest {

    /** The repository's GloVe fixture, made by data/make-glove-slice.sh. */
    private static final Path GLOVE_FIXTURE = Path.of("data", "glove.6B.100d.15k.txt.gz");

    @TempDir
    Path dir;

    // ---- formats and detection

    @Test
    void readsGloveText() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "the 0.1 -0.2 3\nof 4 5e-1 -6.25\n");
        LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults(), ProgressListener.none());
        assertEquals(List.of("the", "of"), r.vectors().vocabulary().words());
        assertArrayEquals(new float[][] {{0.1f, -0.2f, 3f}, {4f, 0.5f, -6.25f}},
                TestFiles.rows(r.vectors()));
        assertEquals(0, r.duplicates());
        assertEquals(2, r.lines());
    }

    @Test
    void toleratesCrLfTabsTrailingSpacesBlankLinesAndNoFinalNewline() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1\t2 \r\n\n  \r\nb  3 4");
        WordVectors e = EmbeddingReader.read(file);
        assertEquals(List.of("a", "b"), e.vocabulary().words());
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, TestFiles.rows(e));
    }

    @Test
    void readsWord2VecTextWithHeader() throws IOException {
        Path file = TestFiles.write(dir, "v.vec", "2 3\nthe 1 2 3 \nof 4 5 6 \n");
        LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults(), ProgressListener.none());
        assertEquals(List.of("the", "of"), r.vectors().vocabulary().words());
        assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, TestFiles.rows(r.vectors()));
        assertEquals(2, r.lines());
    }

    @Test
    void readsWord2VecBinaryWithAndWithoutNewlinesAndBinExtension() throws IOException {
        List<String> words = List.of("the", "caf\u00e9", "\u4e2d\u6587");
        float[][] v = {{1.5f, -0f, Float.MIN_VALUE}, {Float.MAX_VALUE, -1e-30f, 7f}, {0, 1, 2}};
        for (boolean newlines : new boolean[] {true, false}) {
            for (String name : List.of("v.bin", "v.w2v", "v.bin.gz", "v.w2v.gz")) {
                Path file = TestFiles.write(dir, newlines + name,
                        TestFiles.word2vecBinary(words, v, newlines));
                WordVectors e = EmbeddingReader.read(file);
                assertEquals(words, e.vocabulary().words(), name);
                assertBitsEqual(v, TestFiles.rows(e));
            }
        }
    }

    @Test
    void binaryDetectionDoesNotDependOnTheNameAndTextIsNotTakenForBinary() throws IOException {
        // a binary body whose first values are printable bytes must still be binary
        float printable = Float.intBitsToFloat(0x31303130); // bytes "0101"
        float[][] v = {{printable, 1f}, {2f, 3f}};
        Path bin = TestFiles.write(dir, "v.data", TestFiles.word2vecBinary(List.of("a", "b"), v, true));
        assertBitsEqual(v, TestFiles.rows(EmbeddingReader.read(bin)));
        Path text = TestFiles.write(dir, "t.bin.txt", "2 2\na 1e-3 -2\nb +3 .5\n");
        assertArrayEquals(new float[][] {{1e-3f, -2}, {3, 0.5f}},
                TestFiles.rows(EmbeddingReader.read(text)));
    }

    @Test
    void explicitFormatOverridesDetection() throws IOException {
        // "3 1" would be a header; as GloVe it is the word "3" with one value
        Path file = TestFiles.write(dir, "g.txt", "3 1\n4 2\n");
        LoadResult r = EmbeddingReader.load(file,
                ReadOptions.defaults().withFormat(EmbeddingFormat.GLOVE_TEXT), ProgressListener.none());
        assertEquals(List.of("3", "4"), r.vectors().vocabulary().words());
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                () -> EmbeddingReader.load(TestFiles.write(dir, "h.txt", "a 1 2\n"),
                        ReadOptions.defaults().withFormat(EmbeddingFormat.WORD2VEC_TEXT),
                        ProgressListener.none()));
        assertEquals("h.txt:1: expected a header line 'words dimension' for WORD2VEC_TEXT,"
                + " found 'a 1 2'", e.getMessage());
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws IOException {
        String text = "a 1 2\nb 3 4\n";
        Path gz = dir.resolve("plain-name.txt");
        Files.write(gz, TestFiles.gzip(text.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, TestFiles.rows(EmbeddingReader.read(gz)));
    }

    // ---- options

    @Test
    void maxWordsKeepsTheFirstDistinctWords() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1\nb 2\na 3\nc 4\nd 5\n");
        LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults().withMaxWords(3),
                ProgressListener.none());
        assertEquals(List.of("a", "b", "c"), r.vectors().vocabulary().words());
        assertArrayEquals(new float[][] {{1}, {2}, {4}}, TestFiles.rows(r.vectors()));
        assertEquals(1, r.duplicates());
        LoadResult all = EmbeddingReader.load(file, ReadOptions.defaults().withMaxWords(100),
                ProgressListener.none());
        assertEquals(4, all.vectors().size());
    }

    @Test
    void maxWordsStopsBeforeLaterErrors() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1\nb 2\nc x\n");
        LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults().withMaxWords(2),
                ProgressListener.none());
        assertEquals(List.of("a", "b"), r.vectors().vocabulary().words());
    }

    @Test
    void keepOnlyKeepsFileOrderAndCombinesWithMaxWords() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1\nb 2\nc 3\nd 4\nb 5\n");
        LoadResult r = EmbeddingReader.load(file,
                ReadOptions.defaults().withKeepOnly(Set.of("d", "b", "zz")), ProgressListener.none());
        assertEquals(List.of("b", "d"), r.vectors().vocabulary().words());
        assertArrayEquals(new float[][] {{2}, {4}}, TestFiles.rows(r.vectors()));
        assertEquals(1, r.duplicates());
        assertEquals(5, r.lines());
        LoadResult first = EmbeddingReader.load(file, ReadOptions.defaults()
                .withKeepOnly(Set.of("d", "b", "c")).withMaxWords(2), ProgressListener.none());
        assertEquals(List.of("b", "c"), first.vectors().vocabulary().words());
    }

    @Test
    void keepOnlyMatchingNothingGivesAnEmptyMatrix() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1 2\n");
        WordVectors e = EmbeddingReader.load(file,
                ReadOptions.defaults().withKeepOnly(Set.of("x")), ProgressListener.none()).vectors();
        assertEquals(0, e.size());
        assertEquals(2, e.dimension());
    }

    @Test
    void duplicatesKeepTheFirstAndAreCounted() throws IOException {
        Path file = TestFiles.write(dir, "g.txt", "a 1 2\nb 3 4\na 5 6\nb 7 8\na 9 9\n");
        LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults(), ProgressListener.none());
        assertEquals(List.of("a", "b"), r.vectors().vocabulary().words());
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, TestFiles.rows(r.vectors()));
        assertEquals(3, r.duplicates());
        assertEquals(5, r.lines());
    }

    @Test
    void oneOrManyThreadsGiveTheSameResultOnAMultiChunkFile() throws IOException {
        int n = 9000;
        float[][] v = TestFiles.gaussian(n, 40, 5);
        List<String> words = TestFiles.words(n);
        words.set(n - 1, "w17"); // a duplicate in the last chunk
        String text = TestFiles.gloveText(words, v);
        assertTrue(text.length() > 3 * TextPipeline.CHUNK_BYTES);
        for (String name : List.of("big.txt", "big.txt.gz")) {
            Path file = TestFiles.write(dir, name, text);
            LoadResult one = EmbeddingReader.load(file, ReadOptions.defaults().withThreads(1),
                    ProgressListener.none());
            LoadResult four = EmbeddingReader.load(file, ReadOptions.defaults().withThreads(4),
                    ProgressListener.none());
            assertEquals(n - 1, one.vectors().size());
            assertEquals(1, one.duplicates());
            assertEquals(one.vectors().vocabulary(), four.vectors().vocabulary());
            assertEquals(1, four.duplicates());
            assertBitsEqual(Arrays.copyOf(v, n - 1), TestFiles.rows(one.vectors()));
            assertBitsEqual(Arrays.copyOf(v, n - 1), TestFiles.rows(four.vectors()));
        }
    }

    /**
     * Long words first make the size estimate (file size / first chunk's line length) far too
     * small, so the rows spill over several 4 MB blocks after the first.
     */
    @Test
    void rowsSpanningManyBlocksAreAssembledInOrder() throws IOException {
        int n = 400_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i < 20_000 ? "long-word-".repeat(8) : "w").append(i)
                    .append(' ').append(i).append(' ').append(-i).append(" 0.5 ").append(i % 7)
                    .append('\n');
        }
        for (String name : List.of("many.txt", "many.txt.gz")) {
            WordVectors e = EmbeddingReader.read(TestFiles.write(dir, name, sb.toString()));
            assertEquals(n, e.size());
            for (int i = 0; i < n; i += 997) {
                assertEquals(i < 20_000 ? "long-word-".repeat(8) + i : "w" + i,
                        e.vocabulary().word(i));
                assertArrayEquals(new float[] {i, -i, 0.5f, i % 7},
                        e.matrix().getRow(i).toFloatVector(), "row " + i);
            }
            assertArrayEquals(new float[] {n - 1, 1 - n, 0.5f, (n - 1) % 7},
                    e.matrix().getRow(n - 1).toFloatVector());
        }
    }

    @Test
    void errorsInLaterChunksNameTheirLineWhateverTheThreads() throws IOException {
        int n = 6000;
        List<String> lines = new ArrayList<>();
        float[][] v = TestFiles.gaussian(n, 40, 6);
        for (String line : TestFiles.gloveText(TestFiles.words(n), v).split("\n")) {
            lines.add(line);
        }
        lines.set(4321, lines.get(4321).replaceFirst(" [^ ]+$", ""));
        Path file = TestFiles.write(dir, "big.txt", String.join("\n", lines) + "\n");
        for (int threads : new int[] {1, 2, 4}) {
            EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                    () -> EmbeddingReader.load(file, ReadOptions.defaults().withThreads(threads),
                            ProgressListener.none()));
            assertEquals("big.txt:4322: expected 40 values, found 39", e.getMessage());
            assertEquals(4322, e.line());
        }
    }

    @Test
    void invalidUtf8InWordsIsReplacedNotRejected() throws IOException {
        byte[] bytes = {(byte) 0xff, 'a', ' ', '1', '\n', 'b', (byte) 0xc3, ' ', '2', '\n',
            (byte) 0xc3, (byte) 0xa9, ' ', '3', '\n'};
        WordVectors e = EmbeddingReader.read(TestFiles.write(dir, "u.txt", bytes));
        assertEquals(List.of("\ufffda", "b\ufffd", "\u00e9"), e.vocabulary().words());
    }

    @Test
    void progressReportsBytesOfTheFile() throws IOException {
        Path file = TestFiles.write(dir, "g.txt.gz", TestFiles.gloveText(TestFiles.words(50),
                TestFiles.gaussian(50, 4, 1)));
        RecordingProgress progress = new RecordingProgress();
        EmbeddingReader.load(file, ReadOptions.defaults(), progress);
        assertEquals(List.of("start loading g.txt.gz " + Files.size(file) + " bytes",
                "update " + Files.size(file), "finish"), progress.events);
        RecordingProgress failing = new RecordingProgress();
        Path bad = TestFiles.write(dir, "bad.txt", "a 1\nb\n");
        assertThrows(EmbeddingFileException.class,
                () -> EmbeddingReader.load(bad, ReadOptions.defaults(), failing));
        assertEquals("finish", failing.events.get(failing.events.size() - 1));
    }

    @Test
    void readsTheGloveFixture() throws IOException {
        LoadResult r = EmbeddingReader.load(GLOVE_FIXTURE, ReadOptions.defaults(),
                ProgressListener.none());
        WordVectors e = r.vectors();
        assertEquals(15_000, e.size());
        assertEquals(100, e.dimension());
        assertEquals(0, r.duplicates());
        // reference values read with zcat | head / sed -n / grep -n
        assertEquals("the", e.vocabulary().word(0));
        assertEquals(-0.038194f, e.matrix().getFloat(0, 0));
        assertEquals(-0.24487f, e.matrix().getFloat(0, 1));
        assertEquals(0.72812f, e.matrix().getFloat(0, 2));
        assertEquals(0.27062f, e.matrix().getFloat(0, 99));
        assertEquals(654, e.vocabulary().indexOf("king"));
        assertEquals(-0.32307f, e.matrix().getFloat(654, 0));
        assertEquals(-0.87616f, e.matrix().getFloat(654, 1));
        assertEquals("labor", e.vocabulary().word(999));
        assertEquals(-0.29995f, e.matrix().getFloat(999, 0));
        assertEquals("bouts", e.vocabulary().word(14_999));
        assertEquals(0.56402f, e.matrix().getFloat(14_999, 0));
        assertEquals(-0.37335f, e.matrix().getFloat(14_999, 99));
    }

    // ---- malformed files: message names the file and the 1-based line

    @Test
    void wrongNumberOfValues() {
        assertError("e.txt:2: expected 3 values, found 2", "a 1 2 3\nb 1 2\n");
        assertError("e.txt:2: expected 2 values, found 4", "a 1 2\nb 1 2 3 4\n");
        assertError("e.txt:3: expected 3 values, found 2", "2 3\na 1 2 3\nb 1 2\n");
        assertError("e.txt:2: expected 3 values, found 2", "2 3\na 1 2\n");
    }

    @Test
    void tokensThatAreNotNumbers() {
        assertError("e.txt:2: not a number: 'x2'", "a 1 2\nb 1 x2\n");
        assertError("e.txt:1: not a number: '2.5.1'", "a 1 2.5.1\n");
        assertError("e.txt:1: not a number: '1,5'", "a 1,5 2\n");
        assertError("e.txt:1: not a number: '0x10'", "a 0x10\n");
        assertError("e.txt:1: not a number: '1f'", "a 1f\n");
        assertError("e.txt:1: not a number: '" + "9".repeat(40) + "...'", "a " + "9".repeat(50) + "x\n");
    }

    @Test
    void binaryTokensAreEscapedInTheMessage() {
        byte[] content = {'a', ' ', '1', '\n', 'b', ' ', 0x1b, '[', '2', 'J', 0, (byte) 0xff, '\n'};
        Path file = TestFiles.write(dir, "bin.txt", content);
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class, () -> EmbeddingReader.read(file));
        assertEquals("bin.txt:2: not a number: '\\x1b[2J\\x00\\xff'", e.getMessage());
        byte[] noise = new byte[300];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i % 7 == 0 ? 0x07 : 0x90 + i % 16);
        }
        byte[] long_ = new byte[4 + noise.length + 1];
        System.arraycopy(new byte[] {'a', ' ', '1', ' '}, 0, long_, 0, 4);
        System.arraycopy(noise, 0, long_, 4, noise.length);
        long_[long_.length - 1] = '\n';
        Path big = TestFiles.write(dir, "big.txt", long_);
        String message = assertThrows(EmbeddingFileException.class, () -> EmbeddingReader.read(big)).getMessage();
        assertTrue(message.startsWith("big.txt:1: "), message);
        assertTrue(message.startsWith("big.txt:1: not a number: '\\x07\\x91\\x92"), message);
        assertTrue(message.endsWith("...'"), message);
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), message);
        assertTrue(message.length() < 11 + 16 + 40 * 4 + 4, message);
    }

    @Test
    void nanAndInfinityAreRejected() {
        assertError("e.txt:1: NaN is not allowed: 'NaN'", "a 1 NaN\n");
        assertError("e.txt:1: NaN is not allowed: 'nan'", "a nan 1\n");
        assertError("e.txt:2: infinity is not allowed: '-Infinity'", "a 1 2\nb 1 -Infinity\n");
        assertError("e.txt:1: infinity is not allowed: 'inf'", "a 1 inf\n");
        assertError("e.txt:1: value out of the float range: '1e39'", "a 1 1e39\n");
        assertError("e.txt:1: value out of the float range: '-3.5e38'", "a -3.5e38\n");
    }

    @Test
    void emptyAndBlankFiles() {
        assertError("e.txt:1: file is empty", "");
        assertError("e.txt.gz:1: file is empty", "", "e.txt.gz");
        assertError("e.txt:1: no vectors, only blank lines", "\n \n\t\n");
    }

    @Test
    void wordWithoutValues() {
        assertError("e.txt:2: word 'b' has no values", "a 1 2\nb\n");
        assertError("e.txt:2: word 'b' has no values", "a 1 2\nb \r\n");
        assertError("e.txt:1: word 'a' has no values", "a\nb 1 2\n");
        assertError("e.txt:2: word 'a' has no values", "1 2\na\n");
    }

    @Test
    void headerDisagreeingWithTheBody() {
        assertError("e.txt:4: the file ends after 2 of the 3 words the header declares",
                "3 2\na 1 2\nb 1 2\n");
        assertError("e.txt:3: more words than the 1 the header declares", "1 2\na 1 2\nb 1 2\n");
        assertError("e.txt:1: header dimension must be in [1, 1048576], got 0", "5 0\n");
        assertError("e.txt:1: header word count must be in [0, 2147483647], got 99999999999",
                "99999999999 3\n");
        assertError("e.bin:3: the file ends after 1 of the 2 words the header declares",
                new String(TestFiles.word2vecBinary(List.of("a"), new float[][] {{1, 2}}, true),
                        StandardCharsets.ISO_8859_1).replaceFirst("^1 ", "2 "), "e.bin");
    }

    @Test
    void truncatedBinaryRecords() {
        byte[] full = TestFiles.word2vecBinary(List.of("a", "bb", "c"),
                new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}, true);
        int header = "3 4\n".length();
        int second = header + 2 + 16 + 1; // "a " + values + '\n'
        assertBinaryError("e.bin:3: record 2 ('bb'): truncated, expected 16 bytes of values, found 7",
                Arrays.copyOf(full, second + 3 + 7));
        assertBinaryError("e.bin:4: record 3: truncated in the word",
                Arrays.copyOf(full, second + 3 + 16 + 1 + 1));
        byte[] nan = full.clone();
        nan[header + 2 + 4 + 3] = (byte) 0x7f; // second value of "a": 0x7f...
        nan[header + 2 + 4 + 2] = (byte) 0xc0;
        assertBinaryError("e.bin:2: record 1 ('a'): NaN at value 2", nan);
        byte[] space = full.clone();
        space[header] = ' ';
        assertBinaryError("e.bin:2: record 1: empty word", space);
    }

    @Test
    void truncatedGzipNamesTheLineReached() throws IOException {
        byte[] text = TestFiles.gloveText(TestFiles.words(3000), TestFiles.gaussian(3000, 30, 9))
                .getBytes(StandardCharsets.UTF_8);
        byte[] gz = TestFiles.gzip(text);
        for (double fraction : new double[] {0.001, 0.3, 0.7, 0.9999}) {
            byte[] cut = Arrays.copyOf(gz, (int) (gz.length * fraction));
            Path file = TestFiles.write(dir, "cut.txt.gz.part", cut);
            long line = 1 + newlinesBeforeEof(cut);
            EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                    () -> EmbeddingReader.read(file));
            assertEquals("cut.txt.gz.part:" + line + ": truncated gzip stream: the file ends inside"
                    + " this line", e.getMessage());
            assertTrue(e.getCause() instanceof EOFException);
        }
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] gz = TestFiles.gzip(TestFiles.gloveText(TestFiles.words(200),
                TestFiles.gaussian(200, 10, 3)).getBytes(StandardCharsets.UTF_8));
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                () -> EmbeddingReader.read(TestFiles.write(dir, "crc.gz.part", crc)));
        assertTrue(e.getMessage().matches("crc\\.gz\\.part:\\d+: corrupt gzip stream: .*"),
                e.getMessage());
    }

    // ---- helpers

    /** Lines a plain GZIPInputStream delivers before the truncated stream fails: the reference. */
    private static long newlinesBeforeEof(byte[] gz) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            byte[] buf = new byte[1];
            while (in.read(buf) > 0) {
                got.write(buf[0]);
            }
        } catch (EOFException expected) {
            // the truncation
        }
        long n = 0;
        for (byte b : got.toByteArray()) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    private void assertError(String message, String content) {
        assertError(message, content, "e.txt");
    }

    private void assertError(String message, String content, String name) {
        byte[] bytes = content.getBytes(name.endsWith(".bin") ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
        Path file = TestFiles.write(dir, name, bytes);
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                () -> EmbeddingReader.read(file));
        assertEquals(message, e.getMessage());
        assertEquals(file, e.file());
    }

    private void assertBinaryError(String message, byte[] content) {
        Path file = TestFiles.write(dir, "e.bin", content);
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class,
                () -> EmbeddingReader.read(file));
        assertEquals(message, e.getMessage());
    }

    static void assertBitsEqual(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i][j]),
                        Float.floatToRawIntBits(actual[i][j]), "[" + i + "][" + j + "]");
            }
        }
    }

    private static final class RecordingProgress implements ProgressListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void start(String task, long total, String unit) {
            events.add("start " + task + " " + total + " " + unit);
        }

        @Override
        public void update(long done, String detail) {
            events.add("update " + done);
        }

        @Override
        public void finish() {
            events.add("finish");
        }
    }

    @Test
    void aByteOrderMarkIsSkippedBeforeTheFirstWordAndBeforeAWord2vecHeader() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        for (String body : List.of("the 1 2\nof 3 4\n", "2 2\nthe 1 2\nof 3 4\n")) {
            byte[] text = body.getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[bom.length + text.length];
            System.arraycopy(bom, 0, withBom, 0, bom.length);
            System.arraycopy(text, 0, withBom, bom.length, text.length);
            Path f = dir.resolve("bom.txt");
            Files.write(f, withBom);
            WordVectors v = EmbeddingReader.read(f);
            assertEquals(List.of("the", "of"), v.vocabulary().words(), body);
            assertArrayEquals(new float[] {1, 2, 3, 4}, v.matrix().data().asFloat(), body);
            Path gz = dir.resolve("bom.txt.gz");
            Files.write(gz, TestFiles.gzip(withBom));
            assertEquals(List.of("the", "of"), EmbeddingReader.read(gz).vocabulary().words(), body);
        }
    }
}
