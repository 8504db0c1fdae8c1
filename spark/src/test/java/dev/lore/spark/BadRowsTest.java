package dev.lore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Source;
import dev.lore.linalg.RankRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rows fail the job with a message naming the file and line, or the row's word; nothing is written. */
class BadRowsTest {

    private static final CompressionSpec SPEC = CompressionSpec.lowRank(RankRule.rank(2));

    @TempDir
    Path dir;

    /** A GloVe text file of {@code n} rows of 4 values, with line {@code badLine} (1-based) replaced. */
    private Path glove(int n, int badLine, String bad) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i == badLine) {
                s.append(bad).append('\n');
            } else {
                s.append(String.format(Locale.ROOT, "w%d %.4f %.4f %.4f %.4f%n", i, i * 0.001, 1.0 / i, (i % 7) * 0.1,
                        (i % 13) * -0.05));
            }
        }
        Path f = dir.resolve("emb.txt");
        Files.writeString(f, s.toString());
        return f;
    }

    private BadRowException failText(Path file, int partitions) {
        Path out = dir.resolve("out.lore");
        BadRowException e = assertThrows(BadRowException.class, () -> SparkCompressor.compressText(
                SparkTests.context(), file.toString(), partitions, false, SPEC, out, SparkCompressor.Options.defaults()));
        assertFalse(Files.exists(out), "nothing is written");
        return e;
    }

    @Test
    void wrongDimensionNamesFileAndLine() throws IOException {
        Path f = glove(50, 17, "w17 0.1 0.2 0.3");
        assertEquals(f + ":17: expected 4 values, found 3", failText(f, 2).getMessage());
    }

    @Test
    void nanAndInfinityAndGarbageNameFileAndLine() throws IOException {
        Path f = glove(30, 9, "w9 0.1 NaN 0.3 0.4");
        assertEquals(f + ":9: value 2 of word 'w9' must be finite, got NaN", failText(f, 2).getMessage());
        f = glove(30, 30, "w30 0.1 0.2 0.3 -Infinity");
        assertEquals(f + ":30: value 4 of word 'w30' must be finite, got -Infinity", failText(f, 2).getMessage());
        f = glove(30, 2, "w2 0.1 0.2 x0.3 0.4");
        assertEquals(f + ":2: value 3 of word 'w2' is not a number: 'x0.3'", failText(f, 2).getMessage());
    }

    /** A bad line in a later split of a file: its line is counted from the start of the file. */
    @Test
    void lineNumbersAcrossSplits() throws IOException {
        int n = 90_000; // about 3 MB: three splits of at least 1 MiB
        Path f = glove(n, n - 5, "w? 1 2 3 4 5");
        BadRowException e = failText(f, 3);
        assertEquals(f + ":" + (n - 5) + ": expected 4 values, found 5", e.getMessage());
    }

    @Test
    void duplicateWordsNameBothLines() throws IOException {
        Path f = glove(40, 33, "w5 0.5 0.25 0.125 0.0625");
        assertEquals("duplicate word 'w5': " + f + ":5 and " + f + ":33", failText(f, 2).getMessage());
    }

    private static Dataset<Row> table(List<Row> rows) {
        StructType schema = new StructType().add("word", DataTypes.StringType)
                .add("vector", DataTypes.createArrayType(DataTypes.FloatType, true));
        return SparkTests.session().createDataFrame(SparkTests.context().parallelize(rows, 2), schema);
    }

    private static List<Row> goodRows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create("w" + i, new Float[] {i * 0.5f, 1f / (i + 1), 0.25f, -i * 0.1f}));
        }
        return rows;
    }

    private BadRowException failTable(List<Row> rows) {
        Path out = dir.resolve("t.lore");
        BadRowException e = assertThrows(BadRowException.class, () -> SparkCompressor.compress(table(rows), "word",
                "vector", SPEC, Source.none(), out, SparkCompressor.Options.defaults()));
        assertFalse(Files.exists(out), "nothing is written");
        return e;
    }

    @Test
    void datasetRowsAreNamedByTheirWord() {
        List<Row> rows = goodRows(20);
        rows.set(13, RowFactory.create("w13", new Float[] {1f, 2f, 3f}));
        assertEquals("row 'w13': expected 4 values, found 3", failTable(rows).getMessage());

        rows = goodRows(20);
        rows.set(4, RowFactory.create("w4", new Float[] {1f, Float.POSITIVE_INFINITY, 3f, 4f}));
        assertEquals("row 'w4': value 2 must be finite, got Infinity", failTable(rows).getMessage());

        rows = goodRows(20);
        rows.set(7, RowFactory.create("w7", new Float[] {1f, null, 3f, 4f}));
        assertEquals("row 'w7': value 2 is null", failTable(rows).getMessage());

        rows = goodRows(20);
        rows.set(8, RowFactory.create("w8", null));
        assertEquals("row 'w8': no vector", failTable(rows).getMessage());

        rows = goodRows(20);
        rows.set(18, RowFactory.create("w3", new Float[] {1f, 2f, 3f, 4f}));
        assertEquals("duplicate word 'w3': row 'w3' and row 'w3'", failTable(rows).getMessage());
    }
}
