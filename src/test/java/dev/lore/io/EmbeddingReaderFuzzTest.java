package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lore.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files (random truncations and byte flips) must give a correct result or an
 * {@link EmbeddingFileException}: never another exception, a hang or silently wrong vectors.
 * "Correct" is decided by a slow, independent reference reader written here with String.split.
 */
class EmbeddingReaderFuzzTest {

    private static final long SEED = 4242L;
    private static final int CASES = 400;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Bytes that change the structure of a text line. */
    private static final String SPECIAL = " \t\n\r.-+e0x";
    /** The number grammar of the reader, checked before Float.parseFloat in the reference. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @TempDir
    Path dir;

    @Test
    void damagedGloveTextGivesTheReferenceResultOrAFileError() {
        byte[] original = TestFiles.gloveText(TestFiles.words(60), TestFiles.gaussian(60, 5, SEED))
                .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(SEED);
        int[] outcomes = new int[2]; // accepted, rejected
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] damaged = damage(original, random);
                Path file = TestFiles.write(dir, "f" + i + ".txt", damaged);
                Reference expected = Reference.glove(damaged);
                try {
                    LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults()
                            .withFormat(EmbeddingFormat.GLOVE_TEXT), ProgressListener.none());
                    if (expected == null) {
                        fail("case " + i + ": the reference rejects the file, the reader did not");
                    }
                    assertEquals(expected.words, r.vectors().vocabulary().words(), "case " + i);
                    EmbeddingReaderTest.assertBitsEqual(expected.vectors(),
                            TestFiles.rows(r.vectors()));
                    outcomes[0]++;
                } catch (EmbeddingFileException e) {
                    if (expected != null) {
                        fail("case " + i + ": the reference accepts the file, the reader says " + e);
                    }
                    outcomes[1]++;
                }
            }
        });
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes occur");
    }

    @Test
    void damagedGzipGivesTheOriginalOrAFileError() {
        float[][] v = TestFiles.gaussian(300, 8, SEED);
        byte[] text = TestFiles.gloveText(TestFiles.words(300), v).getBytes(StandardCharsets.UTF_8);
        byte[] gz = TestFiles.gzip(text);
        Random random = new Random(SEED + 1);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] damaged = damage(gz, random);
                Path file = TestFiles.write(dir, "f" + i + ".gz.part", damaged);
                try {
                    WordVectors e = EmbeddingReader.read(file);
                    // a passing CRC-32 means the text is intact, unless the damage only cut the
                    // trailer away or hit header fields without meaning
                    if (!decompresses(damaged)) {
                        fail("case " + i + ": read a stream GZIPInputStream rejects");
                    }
                    assertEquals(TestFiles.words(300), e.vocabulary().words());
                    EmbeddingReaderTest.assertBitsEqual(v, TestFiles.rows(e));
                } catch (EmbeddingFileException expected) {
                    // reported with file and line
                }
            }
        });
    }

    @Test
    void damagedBinaryGivesAFileErrorOrTheDeclaredShape() {
        float[][] v = TestFiles.gaussian(40, 6, SEED);
        byte[] bin = TestFiles.word2vecBinary(TestFiles.words(40), v, true);
        Random random = new Random(SEED + 2);
        int[] rejected = new int[1];
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] damaged = damage(bin, random);
                Path file = TestFiles.write(dir, "f" + i + ".bin", damaged);
                try {
                    LoadResult r = EmbeddingReader.load(file, ReadOptions.defaults(),
                            ProgressListener.none());
                    WordVectors e = r.vectors();
                    String header = new String(damaged, 0, 5, StandardCharsets.ISO_8859_1);
                    if (header.equals("40 6\n")) {
                        assertEquals(40, r.lines(), "case " + i);
                        assertEquals(40, e.size() + r.duplicates(), "case " + i);
                        assertEquals(6, e.dimension(), "case " + i);
                    }
                    for (float[] row : TestFiles.rows(e)) {
                        for (float x : row) {
                            if (!Float.isFinite(x)) {
                                fail("case " + i + ": non-finite value read");
                            }
                        }
                    }
                } catch (EmbeddingFileException expected) {
                    rejected[0]++;
                }
            }
        });
        assertTrue(rejected[0] > 0, "damage is detected");
    }

    /** A truncation, or 1 to 3 random bytes replaced. */
    private static byte[] damage(byte[] original, Random random) {
        if (random.nextInt(3) == 0) {
            return Arrays.copyOf(original, random.nextInt(original.length));
        }
        byte[] b = original.clone();
        for (int k = random.nextInt(3); k >= 0; k--) {
            int at = random.nextInt(b.length);
            b[at] = random.nextBoolean() ? (byte) random.nextInt(256)
                    : (byte) SPECIAL.charAt(random.nextInt(SPECIAL.length()));
        }
        return b;
    }

    private static boolean decompresses(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            in.readAllBytes();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The GloVe rules restated plainly: null means the file must be rejected. */
    private record Reference(List<String> words, List<float[]> rows) {

        float[][] vectors() {
            return rows.toArray(new float[0][]);
        }

        static Reference glove(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            Map<String, float[]> kept = new LinkedHashMap<>();
            int dim = -1;
            for (String line : text.split("\n", -1)) {
                String[] tokens = line.strip().isEmpty() ? new String[0]
                        : line.replaceAll("^[ \t\r]+", "").split("[ \t\r]+");
                if (tokens.length == 0) {
                    continue;
                }
                if (dim < 0) {
                    dim = tokens.length - 1;
                }
                if (tokens.length - 1 != dim || dim == 0) {
                    return null;
                }
                float[] row = new float[dim];
                for (int j = 0; j < dim; j++) {
                    if (!NUMBER.matcher(tokens[j + 1]).matches()) {
                        return null;
                    }
                    row[j] = Float.parseFloat(tokens[j + 1]);
                    if (!Float.isFinite(row[j])) {
                        return null;
                    }
                }
                kept.putIfAbsent(tokens[0], row);
            }
            if (dim < 0) {
                return null;
            }
            return new Reference(new ArrayList<>(kept.keySet()), new ArrayList<>(kept.values()));
        }
    }
}
