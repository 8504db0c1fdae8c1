package dev.lore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.LoreFile;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text files read in parallel give the table lore's own reader gives, and the same compression. */
class TextEmbeddingsTest {

    private static final int V = 2500;
    private static final int D = 12;
    private static final CompressionSpec SPEC = CompressionSpec.lowRank(RankRule.compression(0.7));

    @TempDir
    static Path dir;

    private static String lines;

    @BeforeAll
    static void text() {
        float[] e = SparkTests.table(V, D, 11);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < V; i++) {
            s.append("tok").append(i);
            for (int j = 0; j < D; j++) {
                s.append(' ').append(String.format(Locale.ROOT, "%.6f", e[i * D + j]));
            }
            s.append('\n');
        }
        lines = s.toString();
    }

    private static CompressionReport core(Path file) throws IOException {
        WordVectors wv = EmbeddingReader.read(file);
        return EmbeddingCompressor.compress(wv, SPEC).report();
    }

    private static SparkCompressor.Result spark(String input, Path out) throws IOException {
        return SparkCompressor.compressText(SparkTests.context(), input, 2, true, SPEC, out,
                SparkCompressor.Options.defaults());
    }

    private static void assertSame(CompressionReport c, SparkCompressor.Result s) {
        CompressionReport r = s.report();
        assertEquals(c.rows(), r.rows());
        assertEquals(c.rank(), r.rank());
        for (int i = 0; i < c.rank(); i++) {
            assertEquals(c.singularValues()[i], r.singularValues()[i], 1e-6 * c.singularValues()[i], "s_" + i);
        }
        assertEquals(c.relativeError(), r.relativeError(), 1e-6 * c.relativeError());
    }

    @Test
    void gloveText() throws IOException {
        Path f = dir.resolve("glove.txt");
        Files.writeString(f, lines);
        SparkCompressor.Result s = spark(f.toString(), dir.resolve("g.lore"));
        assertSame(core(f), s);
        CompressedEmbedding e = LoreFile.read(dir.resolve("g.lore"));
        assertEquals("tok0", e.vocabulary().word(0));
        assertEquals("tok" + (V - 1), e.vocabulary().word(V - 1));
        assertEquals("glove.txt", e.provenance().source().name());
        assertEquals(64, e.provenance().source().sha256().length());
    }

    @Test
    void word2vecTextAndGzip() throws IOException {
        Path f = dir.resolve("w2v.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(("\uFEFF" + V + " " + D + "\n" + lines).getBytes(StandardCharsets.UTF_8));
        }
        SparkCompressor.Result s = spark(f.toString(), dir.resolve("w.lore"));
        assertSame(core(f), s);
        assertEquals(V, s.report().rows());
    }

    /** A directory of files is read in the order of the files' names, as their concatenation. */
    @Test
    void directoryOfFiles() throws IOException {
        Path d = dir.resolve("parts-in");
        Files.createDirectories(d);
        int cut = lines.indexOf("\ntok1000 ") + 1;
        Files.writeString(d.resolve("b.txt"), lines.substring(cut));
        Files.writeString(d.resolve("a.txt"), lines.substring(0, cut));
        Files.writeString(d.resolve("_SUCCESS"), "");
        Path whole = dir.resolve("whole.txt");
        Files.writeString(whole, lines);
        SparkCompressor.Result s = spark(d.toString(), dir.resolve("d.lore"));
        assertSame(core(whole), s);
        assertEquals("tok1000", LoreFile.read(dir.resolve("d.lore")).vocabulary().word(1000));
    }

    @Test
    void missingInputAndMismatchedHeader() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spark(dir.resolve("none.txt").toString(), dir.resolve("n.lore")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        Path f = dir.resolve("hdr");
        Files.createDirectories(f);
        Files.writeString(f.resolve("1.txt"), V + " " + D + "\n" + lines);
        Files.writeString(f.resolve("2.txt"), "3 " + (D + 1) + "\nzz" + lines.substring(lines.indexOf(' ')));
        BadRowException bad = assertThrows(BadRowException.class, () -> spark(f.toString(), dir.resolve("h.lore")));
        assertEquals(f.resolve("2.txt") + ":1: the header gives " + (D + 1) + " values per word, the first file " + D,
                bad.getMessage());
    }
}
