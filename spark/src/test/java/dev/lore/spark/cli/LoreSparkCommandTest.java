package dev.lore.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.spark.LoreParts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in the test JVM (it reuses the session that is running, as under spark-submit). */
class LoreSparkCommandTest {

    @TempDir
    static Path dir;

    private static Path input;

    @BeforeAll
    static void data() throws IOException {
        SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
        Random r = new Random(3);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            s.append("x").append(i);
            for (int j = 0; j < 10; j++) {
                s.append(' ').append(String.format(Locale.ROOT, "%.5f", r.nextGaussian() / (j + 1)));
            }
            s.append('\n');
        }
        input = dir.resolve("in.txt");
        Files.writeString(input, s.toString());
    }

    /** Runs the command; returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = LoreSparkCommand.execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void compressesToOneFileWithTheSummaryTable() throws IOException {
        Path out = dir.resolve("c.lore");
        Object[] r = run("compress", "--input", input.toString(), "--compression", "0.5", "--output", out.toString(),
                "-q");
        assertEquals(0, r[0], (String) r[2]);
        String table = (String) r[1];
        for (String label : new String[] {"rows x cols", "rank", "measured error", "matrix bytes", "seconds"}) {
            assertTrue(table.contains("  " + label), table);
        }
        assertTrue(table.contains("800 x 10"), table);
        CompressedEmbedding e = LoreFile.read(out);
        assertEquals(800, e.size());
        assertEquals(4, e.rank()); // floor(0.5 * 800 * 10 / 810)
    }

    @Test
    void partsLayout() throws IOException {
        Path out = dir.resolve("parts");
        Object[] r = run("compress", "--input", input.toString(), "--rank", "3", "--layout", "parts", "--output",
                out.toString(), "-q", "--partitions", "2");
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(800, LoreParts.readManifest(out).rows());
        assertEquals(800, LoreParts.read(out).size());
    }

    @Test
    void usageErrorsExitTwo() {
        Object[] r = run("compress", "--input", input.toString(), "--rank", "3", "--quantize-bits", "8", "--output",
                dir.resolve("q.lore").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--quantize-bits"), (String) r[2]);
        r = run("compress", "--input", input.toString(), "--rank", "3", "--layout", "zip", "--output",
                dir.resolve("q.lore").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--layout must be auto, file or parts, got 'zip'"), (String) r[2]);
        r = run("compress", "--input", input.toString(), "--rank", "3", "--output", input.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("is the input"), (String) r[2]);
        r = run("compress", "--input", input.toString(), "--rank", "3", "--method", "gesvd", "--output",
                dir.resolve("q.lore").toString());
        assertEquals(2, r[0]);
        r = run("compress", "--input", input.toString(), "--compression", "0.9", "--output",
                dir.resolve("q.lore").toString(), "-q");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("compression 0.9 leaves rank 0"), (String) r[2]);
        assertFalse(Files.exists(dir.resolve("q.lore")));
    }

    @Test
    void badRowsExitOneNamingTheLine() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a 1 2\nb 3 4\nc 5\n");
        Object[] r = run("compress", "--input", bad.toString(), "--rank", "1", "--output",
                dir.resolve("b.lore").toString(), "-q");
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("lore-spark: " + bad + ":3: expected 2 values, found 1"), (String) r[2]);
    }
}
