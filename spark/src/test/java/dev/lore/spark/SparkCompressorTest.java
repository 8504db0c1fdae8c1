package dev.lore.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Placement;
import dev.lore.compress.Source;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCompressorTest {

    /** Relative agreement with the in-memory route the issue asks for. */
    private static final double ROUTE_TOLERANCE = 1e-6;
    /** Agreement of two partitionings with double Gram sums. */
    private static final double DOUBLE_SUM_TOLERANCE = 1e-10;
    private static final int V = 3000;
    private static final int D = 24;

    private static String[] words;
    private static float[] e;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        words = SparkTests.words(V);
        e = SparkTests.table(V, D, 7);
    }

    private static SparkCompressor.Result spark(CompressionSpec spec, int partitions, Path out,
            SparkCompressor.Layout layout) throws IOException {
        return SparkCompressor.compress(SparkTests.dataset(words, e, D, partitions), "word", "vector", spec,
                Source.none(), out, SparkCompressor.Options.defaults().withLayout(layout));
    }

    private static CompressionReport core(CompressionSpec spec) {
        return EmbeddingCompressor.compress(SparkTests.vectors(words, e, D), spec).report();
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }

    /** The kept singular values and the error agree with the in-memory route, for every rank rule. */
    @Test
    void sameSingularValuesAndErrorAsInMemory() throws IOException {
        for (CompressionSpec spec : List.of(CompressionSpec.lowRank(RankRule.compression(0.8)),
                CompressionSpec.lowRank(RankRule.rank(5)).withPlacement(Placement.SPLIT),
                CompressionSpec.lowRank(RankRule.energy(0.7)).withMethod(new SvdMethod.Gram(
                        dev.lore.linalg.GramPrecision.DOUBLE)))) {
            CompressionReport c = core(spec);
            SparkCompressor.Result s = spark(spec, 3, dir.resolve("t.lore"), SparkCompressor.Layout.FILE);
            CompressionReport r = s.report();
            assertEquals(c.rank(), r.rank(), spec.toString());
            for (int i = 0; i < c.rank(); i++) {
                assertRelative(c.singularValues()[i], r.singularValues()[i], ROUTE_TOLERANCE, "s_" + i + " " + spec);
            }
            assertRelative(c.relativeError(), r.relativeError(), ROUTE_TOLERANCE, "error " + spec);
            assertRelative(c.predictedError(), r.predictedError(), ROUTE_TOLERANCE, "predicted " + spec);
            CompressedEmbedding f = LoreFile.read(dir.resolve("t.lore"));
            assertEquals(V, f.size());
            assertEquals("w17", f.vocabulary().word(17));
            assertEquals(r.relativeError(), Double.parseDouble(f.provenance().extra().get("error.relative")));
        }
    }

    /**
     * The result does not depend on the number of partitions (1, 2, 5, 9): with double Gram sums
     * every singular value to 1e-10; with mixed ones (float blocks, which follow the partitions)
     * the kept singular values and the error to 1e-6 (the trailing ones move by about
     * {@code 1e-7 s_1^2 / s_i^2}).
     */
    @Test
    void independentOfPartitions() throws IOException {
        for (SvdMethod m : List.of(SvdMethod.EXACT, new SvdMethod.Gram(dev.lore.linalg.GramPrecision.DOUBLE))) {
            CompressionSpec spec = CompressionSpec.lowRank(RankRule.compression(0.85)).withMethod(m);
            double tol = m.equals(SvdMethod.EXACT) ? ROUTE_TOLERANCE : DOUBLE_SUM_TOLERANCE;
            CompressionReport first = null;
            float[] firstB = null;
            for (int p : new int[] {1, 2, 5, 9}) {
                Path out = dir.resolve("p" + p + ".lore");
                SparkCompressor.Result s = spark(spec, p, out, SparkCompressor.Layout.FILE);
                assertEquals(p, s.partitions());
                CompressionReport r = s.report();
                float[] b = LoreFile.read(out).b().orElseThrow().toFloat().data().asFloat();
                if (first == null) {
                    first = r;
                    firstB = b;
                    continue;
                }
                assertEquals(first.rank(), r.rank());
                int checked = m.equals(SvdMethod.EXACT) ? r.rank() : D;
                for (int i = 0; i < checked; i++) {
                    assertRelative(first.singularValues()[i], r.singularValues()[i], tol, m + " s_" + i + ", " + p);
                }
                assertRelative(first.relativeError(), r.relativeError(), tol, m + " error, " + p + " partitions");
                for (int k = 0; k < b.length; k++) {
                    assertEquals(firstB[k], b[k], 1e-4 * Math.abs(firstB[0]) + 1e-5, m + " B[" + k + "]");
                }
            }
        }
    }

    /** Part files and manifest: read back as one embedding equal to the single file. */
    @Test
    void partsDirectoryRoundTrip() throws IOException {
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(6))
                .withMethod(new SvdMethod.Gram(dev.lore.linalg.GramPrecision.DOUBLE));
        Path parts = dir.resolve("parts");
        SparkCompressor.Result s = spark(spec, 4, parts, SparkCompressor.Layout.PARTS);
        assertTrue(s.parts());
        assertEquals(4, s.partFiles());
        LoreParts.Manifest m = LoreParts.readManifest(parts);
        assertEquals(V, m.rows());
        assertEquals(4, m.parts().size());
        for (LoreParts.Part p : m.parts()) {
            CompressedEmbedding part = LoreFile.read(parts.resolve(p.file()));
            assertEquals(p.rows(), part.size());
            assertEquals("w" + p.firstRow(), part.vocabulary().word(0));
        }
        CompressedEmbedding whole = LoreParts.read(parts);
        spark(spec, 4, dir.resolve("one.lore"), SparkCompressor.Layout.FILE);
        CompressedEmbedding one = LoreFile.read(dir.resolve("one.lore"));
        assertEquals(one.vocabulary(), whole.vocabulary());
        assertEquals(V, whole.size());
        assertArrayEquals(one.singularValues(), whole.singularValues(), 1e-12 * one.singularValues()[0]);
        float[] a1 = one.a().toFloat().data().asFloat();
        float[] a2 = whole.a().toFloat().data().asFloat();
        for (int k = 0; k < a1.length; k++) {
            assertEquals(a1[k], a2[k], 1e-5f * (1 + Math.abs(a1[k])), "A[" + k + "]");
        }
        assertEquals(s.report().relativeError(), Double.parseDouble(whole.provenance().extra().get("error.relative")));
        assertFalse(whole.provenance().extra().containsKey("part.index"));

        // Written again over itself: replaced, no temporary directories left.
        spark(spec, 2, parts, SparkCompressor.Layout.PARTS);
        assertEquals(2, LoreParts.readManifest(parts).parts().size());
        try (var l = Files.list(dir)) {
            assertTrue(l.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temporary files left");
        }
    }

    @Test
    void corruptPartsAreNamed() throws IOException {
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(4));
        Path parts = dir.resolve("c");
        spark(spec, 2, parts, SparkCompressor.Layout.PARTS);
        LoreParts.Manifest m = LoreParts.readManifest(parts);
        Path p1 = parts.resolve(m.parts().get(1).file());
        byte[] bytes = Files.readAllBytes(p1);
        bytes[bytes.length / 2] ^= 1;
        Files.write(p1, bytes);
        PartsFormatException ex = assertThrows(PartsFormatException.class, () -> LoreParts.read(parts));
        assertTrue(ex.getMessage().contains(m.parts().get(1).file()) && ex.getMessage().contains("checksum"),
                ex.getMessage());

        Path manifest = parts.resolve(LoreParts.MANIFEST);
        String text = Files.readString(manifest).replace("rows\t" + V, "rows\t" + (V - 1));
        Files.writeString(manifest, text);
        PartsFormatException bad = assertThrows(PartsFormatException.class, () -> LoreParts.readManifest(parts));
        assertTrue(bad.getMessage().contains(LoreParts.MANIFEST), bad.getMessage());
    }

    @Test
    void refusesToReplaceOtherDirectories() throws IOException {
        Path other = dir.resolve("mine");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "keep me");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> spark(CompressionSpec.lowRank(RankRule.rank(3)), 2, other, SparkCompressor.Layout.PARTS));
        assertTrue(ex.getMessage().contains("not a lore parts directory"), ex.getMessage());
        assertEquals("keep me", Files.readString(other.resolve("notes.txt")));
    }

    /** An ML Vector column, dense or sparse, gives the same table as array<float>. */
    @Test
    void mlVectorColumn() throws IOException {
        int n = 500;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[D];
            for (int j = 0; j < D; j++) {
                v[j] = e[i * D + j];
            }
            rows.add(RowFactory.create(words[i], i % 2 == 0 ? Vectors.dense(v) : Vectors.dense(v).toSparse()));
        }
        StructType schema = new StructType().add("word", DataTypes.StringType).add("v", new VectorUDT());
        Dataset<Row> ds = SparkTests.session().createDataFrame(SparkTests.context().parallelize(rows, 2), schema);
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(5));
        SparkCompressor.Result s = SparkCompressor.compress(ds, "word", "v", spec, Source.none(),
                dir.resolve("ml.lore"), SparkCompressor.Options.defaults());
        String[] w = java.util.Arrays.copyOf(words, n);
        float[] en = java.util.Arrays.copyOf(e, n * D);
        WordVectors wv = SparkTests.vectors(w, en, D);
        CompressionResult c = EmbeddingCompressor.compress(wv, spec);
        assertRelative(c.report().relativeError(), s.report().relativeError(), ROUTE_TOLERANCE, "error");

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SparkCompressor.compress(
                ds, "word", "nope", spec, Source.none(), dir.resolve("x.lore"), SparkCompressor.Options.defaults()));
        assertTrue(bad.getMessage().contains("no column 'nope'"), bad.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> SparkCompressor.compress(
                ds, "v", "word", spec, Source.none(), dir.resolve("x.lore"), SparkCompressor.Options.defaults()));
        assertTrue(type.getMessage().contains("word column 'v' must be a string"), type.getMessage());
    }

    @Test
    void unsupportedSpecsAreRefused() {
        assertTrue(SparkCompressor.unsupported(CompressionSpec.dense()).contains("--full"));
        assertTrue(SparkCompressor.unsupported(CompressionSpec.lowRank(RankRule.rank(2))
                .withMethod(SvdMethod.parse("gesvd"))).contains("Gram"));
        assertEquals(null, SparkCompressor.unsupported(CompressionSpec.lowRank(RankRule.rank(2))));
    }
}
