package dev.lore.io;

import static dev.lore.io.EmbeddingReaderTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingWriterTest {

    private static final long SEED = 11L;

    @TempDir
    Path dir;

    /** Words with multi-byte UTF-8 and values of every kind a float can be, finite. */
    private static WordVectors awkward() {
        List<String> words = List.of("the", "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "a.b'c", "x");
        Random random = new Random(SEED);
        float[][] v = new float[words.size()][7];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v[i].length; j++) {
                float f;
                do {
                    f = Float.intBitsToFloat(random.nextInt());
                } while (!Float.isFinite(f));
                v[i][j] = f;
            }
        }
        v[0] = new float[] {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 1e7f, 0.1f};
        return TestFiles.embeddings(words, v);
    }

    @Test
    void everyFormatRoundTripsExactly() throws IOException {
        WordVectors e = awkward();
        for (EmbeddingFormat format : EmbeddingFormat.values()) {
            for (String name : List.of("out", "out.gz")) {
                Path file = dir.resolve(format + name);
                EmbeddingWriter.write(file, e, format);
                LoadResult back = EmbeddingReader.load(file, ReadOptions.defaults(),
                        ProgressListener.none());
                assertEquals(e.vocabulary(), back.vectors().vocabulary(), format + name);
                assertBitsEqual(TestFiles.rows(e), TestFiles.rows(back.vectors()));
                LoadResult explicit = EmbeddingReader.load(file,
                        ReadOptions.defaults().withFormat(format), ProgressListener.none());
                assertEquals(e.vocabulary(), explicit.vectors().vocabulary(), format + name);
            }
        }
    }

    @Test
    void gloveTextIsReadableByEye() throws IOException {
        WordVectors e = TestFiles.embeddings(List.of("a", "b"),
                new float[][] {{0.5f, -0.038194f, 1e-7f}, {100f, 0f, -0f}});
        Path file = dir.resolve("g.txt");
        EmbeddingWriter.writeGlove(file, e);
        assertEquals("a 0.5 -0.038194 1e-7\nb 100 0 -0\n", Files.readString(file));
        Path w2v = dir.resolve("w.vec");
        EmbeddingWriter.writeWord2VecText(w2v, e);
        assertEquals("2 3\na 0.5 -0.038194 1e-7\nb 100 0 -0\n", Files.readString(w2v));
    }

    @Test
    void binaryLayoutIsWord2Vec() throws IOException {
        WordVectors e = TestFiles.embeddings(List.of("ab"), new float[][] {{1f, -2f}});
        Path file = dir.resolve("v.bin");
        EmbeddingWriter.writeWord2VecBinary(file, e);
        byte[] expected = {'1', ' ', '2', '\n', 'a', 'b', ' ', 0, 0, (byte) 0x80, 0x3f, 0, 0, 0,
            (byte) 0xc0, '\n'};
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void fixedDecimalsReadBackAsTheRoundedValues() throws IOException {
        float[][] v = TestFiles.gaussian(50, 8, SEED);
        v[0][0] = -1e-7f; // rounds to zero
        v[0][1] = 0.125f; // a tie
        WordVectors e = TestFiles.embeddings(TestFiles.words(50), v);
        for (int decimals : new int[] {0, 3, 6, 12}) {
            Path file = dir.resolve("g" + decimals + ".txt.gz");
            EmbeddingWriter.writeGlove(file, e, decimals);
            float[][] back = TestFiles.rows(EmbeddingReader.read(file));
            for (int i = 0; i < v.length; i++) {
                for (int j = 0; j < v[i].length; j++) {
                    float rounded = new BigDecimal(v[i][j]).setScale(decimals, RoundingMode.HALF_EVEN)
                            .floatValue();
                    assertEquals(Float.floatToRawIntBits(rounded), Float.floatToRawIntBits(back[i][j]),
                            v[i][j] + " to " + decimals + " decimals");
                }
            }
        }
        Path six = dir.resolve("six.txt");
        EmbeddingWriter.writeGlove(six, TestFiles.embeddings(List.of("a"),
                new float[][] {{0.5f, -0.038194f, -1e-7f}}), 6);
        assertEquals("a 0.500000 -0.038194 0.000000\n", Files.readString(six));
    }

    @Test
    void emptyEmbeddingsRoundTrip() throws IOException {
        WordVectors empty = new WordVectors(Vocabulary.of(List.of()),
                Nd4j.create(DataType.FLOAT, new long[] {0, 3}, 'c'));
        for (EmbeddingFormat format : List.of(EmbeddingFormat.WORD2VEC_TEXT,
                EmbeddingFormat.WORD2VEC_BINARY)) {
            Path file = dir.resolve("e." + format);
            EmbeddingWriter.write(file, empty, format);
            WordVectors back = EmbeddingReader.read(file);
            assertEquals(0, back.size());
            assertEquals(3, back.dimension());
        }
    }

    @Test
    void rejectsWhatFilesCannotHoldAndWritesNothing() throws IOException {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, "previous");
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingWriter.writeGlove(file, TestFiles.embeddings(List.of("a b"),
                        new float[][] {{1}})));
        assertEquals("word 0 'a b' contains whitespace, which embedding files cannot hold",
                space.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingWriter.writeWord2VecBinary(file, TestFiles.embeddings(
                        List.of("a", "b"), new float[][] {{1, 2}, {3, Float.NaN}})));
        assertEquals("vectors must be finite, got NaN for word 'b' at column 1", nan.getMessage());
        IllegalArgumentException decimals = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingWriter.writeGlove(file, awkward(), 13));
        assertEquals("decimals must be in [0, 12], got 13", decimals.getMessage());
        assertEquals("previous", Files.readString(file));
        assertOnlyFiles("g.txt");
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, "previous content that is longer than the new one");
        EmbeddingWriter.writeGlove(file, TestFiles.embeddings(List.of("a"), new float[][] {{1}}));
        assertEquals("a 1\n", Files.readString(file, StandardCharsets.UTF_8));
        assertOnlyFiles("g.txt");
    }

    @Test
    void failedWriteDeletesTheTemporaryFileAndKeepsTheTarget() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> EmbeddingWriter.writeGlove(target,
                TestFiles.embeddings(List.of("a"), new float[][] {{1}})));
        assertTrue(Files.isDirectory(target));
        assertOnlyFiles("taken");
    }

    private void assertOnlyFiles(String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
