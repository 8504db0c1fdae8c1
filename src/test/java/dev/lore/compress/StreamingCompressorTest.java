package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.io.EmbeddingFileException;
import dev.lore.io.EmbeddingFormat;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.EmbeddingWriter;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-pass route against the in-memory one ({@link EmbeddingCompressor}) on the repository's
 * GloVe slice in every input format: the same rows, rank, factors (1e-6 relative, same signs) and
 * error; and its failures.
 */
class StreamingCompressorTest {

    private static final Path FIXTURE = Path.of("data/glove.6B.100d.15k.txt.gz");
    /** What the two routes promise on every factor. */
    private static final double FACTOR_TOLERANCE = 1e-6;
    /** The error is measured the same way on factors equal to rounding. */
    private static final double ERROR_TOLERANCE = 1e-6;

    @TempDir
    static Path dir;

    private static WordVectors slice;

    @BeforeAll
    static void load() throws IOException {
        // 4,000 rows keep the test fast; the Gram blocks' equality is tested in linalg.
        slice = EmbeddingReader.read(FIXTURE, ReadOptions.defaults().withMaxWords(4000));
    }

    private static double relativeDifference(StoredMatrix a, StoredMatrix b) {
        float[] x = a.toFloat().data().asFloat();
        float[] y = b.toFloat().data().asFloat();
        assertEquals(y.length, x.length);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += ((double) x[i] - y[i]) * ((double) x[i] - y[i]);
            den += (double) y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }

    private static Path compress(Path input, CompressionSpec spec, String name) throws IOException {
        Path out = dir.resolve(name);
        StreamingCompressor.compress(input, ReadOptions.defaults(), spec, Source.none(), out, ProgressListener.none());
        return out;
    }

    private static void assertSame(CompressionResult mem, CompressedEmbedding streamed, String what) {
        CompressedEmbedding m = mem.embedding();
        assertEquals(m.vocabulary().words(), streamed.vocabulary().words(), what + " words");
        assertEquals(m.rank(), streamed.rank(), what + " rank");
        assertTrue(relativeDifference(streamed.a(), m.a()) <= FACTOR_TOLERANCE, what + " A");
        assertTrue(relativeDifference(streamed.b().orElseThrow(), m.b().orElseThrow()) <= FACTOR_TOLERANCE,
                what + " B");
        double[] s = streamed.singularValues();
        double[] t = m.singularValues();
        assertEquals(t.length, s.length);
        for (int j = 0; j < m.rank(); j++) {
            assertEquals(t[j], s[j], FACTOR_TOLERANCE * t[j], what + " s_" + j);
        }
        double err = Double.parseDouble(streamed.provenance().extra().get("error.relative"));
        assertEquals(mem.report().relativeError(), err, ERROR_TOLERANCE * mem.report().relativeError(), what);
        assertEquals("streaming", streamed.provenance().extra().get("route"));
    }

    @Test
    void everyFormatGivesTheInMemoryFactors() throws IOException {
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.compression(0.9));
        CompressionResult mem = EmbeddingCompressor.compress(slice, spec);
        Path glove = dir.resolve("e.txt");
        EmbeddingWriter.write(glove, slice, EmbeddingFormat.GLOVE_TEXT);
        Path w2v = dir.resolve("e.w2v.txt");
        EmbeddingWriter.write(w2v, slice, EmbeddingFormat.WORD2VEC_TEXT);
        Path bin = dir.resolve("e.bin");
        EmbeddingWriter.write(bin, slice, EmbeddingFormat.WORD2VEC_BINARY);
        Path binGz = dir.resolve("e.bin.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(binGz))) {
            o.write(Files.readAllBytes(bin));
        }
        for (Path in : List.of(glove, w2v, bin, binGz)) {
            Path out = compress(in, spec, in.getFileName() + ".lore");
            assertSame(mem, LoreFile.read(out), in.getFileName().toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "scratch files left");
        }
    }

    @Test
    void everyRuleAndPlacementGivesTheInMemoryFactors() throws IOException {
        Path bin = dir.resolve("rules.bin");
        EmbeddingWriter.write(bin, slice, EmbeddingFormat.WORD2VEC_BINARY);
        for (RankRule rule : new RankRule[] {RankRule.rank(30), RankRule.energy(0.7)}) {
            for (Placement p : Placement.values()) {
                for (SvdMethod m : new SvdMethod[] {SvdMethod.EXACT, SvdMethod.parse("gram(precision=double)")}) {
                    CompressionSpec spec = CompressionSpec.lowRank(rule).withPlacement(p).withMethod(m);
                    CompressionResult mem = EmbeddingCompressor.compress(slice, spec);
                    Path out = compress(bin, spec, "rules.lore");
                    assertSame(mem, LoreFile.read(out), rule.describe() + " " + p + " " + m);
                }
            }
        }
    }

    @Test
    void duplicatesAndFiltersAreTheReadersOnes() throws IOException {
        Path in = dir.resolve("dup.txt");
        EmbeddingWriter.write(in, slice, EmbeddingFormat.GLOVE_TEXT);
        List<String> lines = Files.readAllLines(in);
        lines.add(lines.get(5)); // a duplicate of word 5, with its vector
        lines.add(3, lines.get(100).replaceFirst("^\\S+", lines.get(2).split(" ")[0])); // word 2 again, other vector
        Files.write(in, lines);
        ReadOptions options = ReadOptions.defaults().withMaxWords(3500);
        WordVectors read = EmbeddingReader.read(in, options);
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.compression(0.8));
        CompressionResult mem = EmbeddingCompressor.compress(read, spec);
        Path out = dir.resolve("dup.lore");
        CompressionReport report = StreamingCompressor.compress(in, options, spec, Source.none(), out,
                ProgressListener.none());
        assertEquals(3500, report.rows());
        assertSame(mem, LoreFile.read(out), "duplicates");
    }

    @Test
    void badInputIsNamedAndLeavesNothing() throws IOException {
        Path in = dir.resolve("bad.txt");
        Files.writeString(in, "a 1 2 3\nb 4 5 6\nc 7 nan 9\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("bad.lore");
        Files.writeString(out, "old");
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(1));
        EmbeddingFileException e = assertThrows(EmbeddingFileException.class, () -> StreamingCompressor.compress(in,
                ReadOptions.defaults(), spec, Source.none(), out, ProgressListener.none()));
        assertTrue(e.getMessage().contains("bad.txt:3"), e.getMessage());
        assertEquals("old", Files.readString(out));
        Files.writeString(in, "a 1 2 3\nb 4 5 6\n", StandardCharsets.UTF_8);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> StreamingCompressor.compress(in, ReadOptions.defaults(),
                        CompressionSpec.lowRank(RankRule.rank(3)), Source.none(), out, ProgressListener.none()));
        assertEquals("rank 3 exceeds min(2, 3) = 2", rank.getMessage());
        assertEquals("old", Files.readString(out));
        assertThrows(IllegalArgumentException.class, () -> StreamingCompressor.compress(in, ReadOptions.defaults(),
                spec, Source.none(), in, ProgressListener.none()));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".bad")), "scratch files left");
        }
    }

    @Test
    void unsupportedSpecsAreRefusedWithTheOption() {
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(2));
        assertEquals(null, StreamingCompressor.unsupported(spec));
        assertNotNull(StreamingCompressor.unsupported(CompressionSpec.dense()));
        assertTrue(StreamingCompressor.unsupported(spec.withQuantization(new QuantizationConfig(8,
                QuantizationScope.MATRIX))).contains("--quantize-bits"));
        assertTrue(StreamingCompressor.unsupported(spec.withMethod(SvdMethod.GESVD)).contains("Gram"));
        assertTrue(StreamingCompressor.unsupported(spec.withMethod(SvdMethod.parse("gram(precision=float)")))
                .contains("Gram"));
    }

    @Test
    void theWriterChecksItsCalls() throws IOException {
        Path out = dir.resolve("w.lore");
        try (StreamingLoreWriter w = StreamingLoreWriter.create(out, 2, 2, 1, 10)) {
            w.rows(new String[] {"a"}, new float[] {1f}, 1);
            assertThrows(IllegalStateException.class, () -> w.finish(new double[] {1}, Provenance.of(Source.none(),
                    "gram-mixed", "rank 1", "right", 0), new float[] {1f, 0f}));
            w.rows(new String[] {"b"}, new float[] {2f}, 1);
            assertThrows(IllegalArgumentException.class, () -> w.rows(new String[] {"c"}, new float[] {3f}, 1));
            w.finish(new double[] {2}, Provenance.of(Source.none(), "gram-mixed", "rank 1", "right", 0),
                    new float[] {1f, 0f});
        }
        CompressedEmbedding e = LoreFile.read(out);
        assertEquals(List.of("a", "b"), e.vocabulary().words());
        assertArrayEquals(new float[] {1f, 2f}, e.a().toFloat().data().asFloat());
        assertArrayEquals(new float[] {1f, 0f}, e.b().orElseThrow().toFloat().data().asFloat());
    }
}
