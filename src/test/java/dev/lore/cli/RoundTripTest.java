package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.WordVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compress -> inspect -> export} on GloVe text written here and on the repository's fixture. */
class RoundTripTest {

    /** Full-rank reconstruction against the input: float rounding of the factors and products. */
    private static final double FULL_RANK_TOL = 1e-5;
    /** The repository's GloVe slice (docs/DATA.md). */
    private static final Path FIXTURE = Path.of("data/glove.6B.100d.15k.txt.gz");

    @TempDir
    Path dir;

    private Path glove;
    private float[][] vectors;

    @BeforeEach
    void writeGlove() throws IOException {
        glove = dir.resolve("tiny.txt");
        Random r = new Random(11);
        vectors = new float[40][6];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.append(i == 0 ? "café" : "word" + i);
            for (int j = 0; j < 6; j++) {
                vectors[i][j] = (float) r.nextGaussian();
                b.append(' ').append(vectors[i][j]);
            }
            b.append('\n');
        }
        Files.writeString(glove, b);
    }

    @Test
    void fullRankRoundTripReproducesTheVectors() throws IOException {
        Path lore = dir.resolve("tiny.lore");
        Path back = dir.resolve("back.txt");
        CliRun c = CliRun.of("compress", "--input", glove.toString(), "--rank", "6", "--output", lore.toString(), "-q");
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().contains("rows x cols      40 x 6"), c.out());
        assertTrue(c.out().contains("rank             6"), c.out());

        CliRun i = CliRun.of("inspect", lore.toString());
        assertEquals(0, i.exitCode(), i.err());
        assertTrue(i.out().contains("source           tiny.txt"), i.out());
        assertTrue(i.out().contains("source.sha256    " + sha256(glove)), i.out());
        assertTrue(i.out().contains("rank.rule        rank 6"), i.out());

        CliRun e = CliRun.of("export", lore.toString(), "--output", back.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertEquals("wrote 40 vectors of dimension 6 to " + back + System.lineSeparator(), e.out());
        WordVectors read = EmbeddingReader.read(back);
        assertEquals("café", read.vocabulary().word(0));
        double num = 0;
        double den = 0;
        for (int w = 0; w < 40; w++) {
            float[] v = read.matrix().getRow(w).toFloatVector();
            for (int j = 0; j < 6; j++) {
                num += (v[j] - vectors[w][j]) * (double) (v[j] - vectors[w][j]);
                den += vectors[w][j] * (double) vectors[w][j];
            }
        }
        assertTrue(Math.sqrt(num / den) < FULL_RANK_TOL, "relative error " + Math.sqrt(num / den));
    }

    @Test
    void quantizedLowRankExportMatchesTheReportedError() throws IOException {
        Path lore = dir.resolve("q.lore");
        CliRun c = CliRun.of("compress", "--input", glove.toString(), "--compression", "0.5", "--quantize-bits", "8",
                "--quantize-scope", "matrix", "--placement", "split", "--output", lore.toString(), "-q");
        assertEquals(0, c.exitCode(), c.err());
        CompressedEmbedding e = LoreFile.read(lore);
        assertEquals(2, e.rank()); // floor(0.5 * 240 / 46) = 2
        assertEquals("8-bit per matrix", e.a().describe());
        assertEquals("split", e.provenance().placement());
        double reported = Double.parseDouble(e.provenance().extra().get("error.relative"));
        Path back = dir.resolve("q.txt");
        assertEquals(0, CliRun.of("export", lore.toString(), "--output", back.toString()).exitCode());
        WordVectors read = EmbeddingReader.read(back);
        double num = 0;
        double den = 0;
        for (int w = 0; w < 40; w++) {
            float[] v = read.matrix().getRow(w).toFloatVector();
            for (int j = 0; j < 6; j++) {
                num += (v[j] - vectors[w][j]) * (double) (v[j] - vectors[w][j]);
                den += vectors[w][j] * (double) vectors[w][j];
            }
        }
        assertEquals(reported, Math.sqrt(num / den), 1e-6);
    }

    @Test
    void rankTooLargeForTheFileIsAUsageError() {
        CliRun c = CliRun.of("compress", "--input", glove.toString(), "--rank", "7", "--output",
                dir.resolve("x.lore").toString(), "-q");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("--rank 7: rank 7 exceeds min(40, 6) = 6"), c.err());
        CliRun p = CliRun.of("compress", "--input", glove.toString(), "--compression", "0.99", "--output",
                dir.resolve("x.lore").toString(), "-q");
        assertEquals(2, p.exitCode());
        assertTrue(p.err().contains("--compression 0.99: compression 0.99 leaves rank 0 for a 40 x 6 matrix"), p.err());
        assertTrue(Files.notExists(dir.resolve("x.lore")));
    }

    @Test
    void quantizationScopeDefaultsToRowsForTheFullMatrixAndToMatricesForFactors() throws IOException {
        Path full = dir.resolve("full.lore");
        Path factors = dir.resolve("factors.lore");
        assertEquals(0, CliRun.of("compress", "--input", glove.toString(), "--full", "--quantize-bits", "4",
                "--output", full.toString(), "-q").exitCode());
        assertEquals(0, CliRun.of("compress", "--input", glove.toString(), "--rank", "3", "--quantize-bits", "4",
                "--output", factors.toString(), "-q").exitCode());
        assertEquals("4-bit per row", LoreFile.read(full).a().describe());
        assertEquals("4-bit per matrix", LoreFile.read(factors).a().describe());
        assertEquals("4-bit per matrix", LoreFile.read(factors).b().orElseThrow().describe());
    }

    @Test
    void maxWordsKeepsTheFirstWords() throws IOException {
        Path lore = dir.resolve("m.lore");
        assertEquals(0, CliRun.of("compress", "--input", glove.toString(), "--full", "--max-words", "10",
                "--output", lore.toString(), "-q").exitCode());
        CompressedEmbedding e = LoreFile.read(lore);
        assertEquals(CompressedEmbedding.Kind.DENSE, e.kind());
        assertEquals(10, e.size());
        assertEquals("word9", e.vocabulary().word(9));
        for (int j = 0; j < 6; j++) {
            assertEquals(vectors[3][j], e.vector(3)[j]);
        }
    }

    @Test
    void compressesTheRepositoryFixture() throws IOException {
        assertTrue(Files.isRegularFile(FIXTURE), "the repository fixture " + FIXTURE + " is missing");
        Path lore = dir.resolve("glove.lore");
        CliRun c = CliRun.of("compress", "--input", FIXTURE.toString(), "--compression", "0.9",
                "--output", lore.toString(), "-q");
        assertEquals(0, c.exitCode(), c.err());
        CompressedEmbedding e = LoreFile.read(lore);
        assertEquals(15000, e.size());
        assertEquals(100, e.dimension());
        assertEquals(9, e.rank()); // floor(0.1 * 1.5e6 / 15100) = 9
        assertEquals(100, e.singularValues().length);
        // The optimum from an independent algorithm's singular values (LAPACK gesvd).
        double[] s = dev.lore.linalg.SvdMethod.GESVD.algorithm()
                .compute(EmbeddingReader.read(FIXTURE).matrix(), dev.lore.linalg.RankRule.rank(1)).singularValues();
        double tail = 0;
        double total = 0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            tail += i >= 9 ? s[i] * s[i] : 0;
        }
        double optimum = Math.sqrt(tail / total);
        double measured = Double.parseDouble(e.provenance().extra().get("error.relative"));
        assertTrue(measured <= 1.001 * optimum, measured + " vs " + optimum);
        assertEquals(optimum, Double.parseDouble(e.provenance().extra().get("error.predicted")), 1e-5 * optimum);
        assertEquals("the", e.vocabulary().word(0));
        assertEquals("21e0af2d8f2c913cce9b2766592088473f56cd7238db8f0e2648c806eb66fcc4",
                e.provenance().source().sha256());
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new AssertionError(ex);
        }
    }
}
