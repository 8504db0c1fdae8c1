package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressCommandTest {

    @TempDir
    Path dir;

    private Path glove;

    @BeforeEach
    void writeGlove() throws IOException {
        glove = dir.resolve("tiny.txt");
        StringBuilder b = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 40; i++) {
            b.append("word").append(i);
            for (int j = 0; j < 6; j++) {
                b.append(' ').append((float) r.nextGaussian());
            }
            b.append('\n');
        }
        Files.writeString(glove, b);
    }

    private CliRun compress(String... extra) {
        String[] base = {"compress", "--input", glove.toString(), "--output", dir.resolve("out.lore").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    private static void assertUsageError(CliRun run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(message), run.err() + " should contain: " + message);
    }

    @Test
    void rankOptionsAreMutuallyExclusiveAndRequired() {
        assertUsageError(compress("--rank", "2", "--compression", "0.5"), "mutually exclusive");
        assertUsageError(compress(), "one of --compression, --rank, --energy, --full, --target-ratio, --max-bytes or"
                + " --scheme is required");
        assertUsageError(compress("--target-ratio", "4", "--max-bytes", "100"), "mutually exclusive");
        assertUsageError(compress("--target-ratio", "4", "--rank", "2"), "mutually exclusive");
        assertUsageError(compress("--rank", "2", "--full"), "mutually exclusive");
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertUsageError(compress("--compression", "1.5"), "--compression must be in [0, 1), got 1.5");
        assertUsageError(compress("--rank", "0"), "--rank must be >= 1, got 0");
        assertUsageError(compress("--energy", "0"), "--energy must be in (0, 1], got 0.0");
        assertUsageError(compress("--rank", "2", "--quantize-bits", "17"), "--quantize-bits must be in [1, 16], got 17");
        assertUsageError(compress("--rank", "2", "--method", "svd"), "--method: SVD method must be exact, gram, gesvd or randomized, got 'svd'");
        assertUsageError(compress("--rank", "2", "--placement", "middle"),
                "--placement must be one of right, left, split, got 'middle'");
        assertUsageError(compress("--rank", "2", "--quantize-bits", "8", "--quantize-scope", "column"),
                "--quantize-scope must be row or matrix, got 'column'");
        assertUsageError(compress("--rank", "2", "--quantize-scope", "row"), "--quantize-scope needs --quantize-bits");
        assertUsageError(compress("--rank", "2", "--max-words", "-1"), "--max-words must be >= 0 (0 = all), got -1");
        assertUsageError(compress("--rank", "x"), "'x' is not an int");
        assertUsageError(compress("--compression", "NaN"), "--compression must be in [0, 1), got NaN");
        assertUsageError(compress("--energy", "NaN"), "--energy must be in (0, 1], got NaN");
    }

    @Test
    void missingInputIsAFailureWithOneLine() {
        CliRun run = CliRun.of("compress", "--input", dir.resolve("nope.txt").toString(), "--rank", "2",
                "--output", dir.resolve("out.lore").toString());
        assertEquals(1, run.exitCode());
        assertEquals("lore compress: error: input file not found: " + dir.resolve("nope.txt")
                + System.lineSeparator(), run.err());
    }

    @Test
    void missingOutputDirectoryIsAFailure() {
        CliRun run = CliRun.of("compress", "--input", glove.toString(), "--rank", "2",
                "--output", dir.resolve("no/dir/out.lore").toString());
        assertEquals(1, run.exitCode());
        assertEquals("lore compress: error: output directory does not exist: " + dir.resolve("no/dir")
                + System.lineSeparator(), run.err());
        assertTrue(Files.notExists(dir.resolve("no")));
    }

    private String inspectJson(Path f) {
        CliRun run = CliRun.of("inspect", f.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    private static double number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": ([-0-9.Ee]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aTargetRatioIsMetAndRecorded() {
        // 40 words x 6 floats = 960 bytes; ratio 4 allows 240.
        CliRun run = compress("--target-ratio", "4", "-q");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("(chosen for ratio 4.0)"), run.out());
        String json = inspectJson(dir.resolve("out.lore"));
        assertTrue(number(json, "matrix_bytes") <= 240, json);
        assertTrue(number(json, "ratio") >= 4, json);
        assertTrue(number(json, "relative_error") >= 0, json);
        assertTrue(json.contains("\"budget\": \"ratio 4.0\""), json);
        CliRun bytes = compress("--max-bytes", "300", "-q");
        assertEquals(0, bytes.exitCode(), bytes.err());
        assertTrue(number(inspectJson(dir.resolve("out.lore")), "matrix_bytes") <= 300);
    }

    @Test
    void budgetsOutsideTheirRangeAreUsageErrors() {
        assertUsageError(compress("--target-ratio", "0.5"), "--target-ratio must be finite and >= 1, got 0.5");
        assertUsageError(compress("--target-ratio", "NaN"), "--target-ratio must be finite and >= 1, got NaN");
        assertUsageError(compress("--max-bytes", "0"), "--max-bytes must be >= 1, got 0");
        // the smallest scheme takes ceil(40 / 8) + 8 + 4 x 6 = 37 bytes
        assertUsageError(compress("--max-bytes", "36"), "--max-bytes: max bytes 36 is below the smallest possible size"
                + " 37 bytes for a 40 x 6 table");
        assertUsageError(compress("--target-ratio", "30"), "--target-ratio: target ratio 30.0 allows 32 bytes, below the"
                + " smallest possible size 37 bytes");
        assertUsageError(compress("--target-ratio", "4", "--scheme", "pq"), "--target-ratio chooses the scheme");
        assertUsageError(compress("--max-bytes", "400", "--quantize-bits", "4"), "--max-bytes chooses the scheme");
    }

    @Test
    void explicitSchemesWriteTheirKind() {
        String[][] cases = {
            {"pq", "--scheme", "pq", "--subspaces", "3", "--bits", "2"},
            {"pq", "--scheme", "pq", "--subspaces", "2", "--bits", "3", "--rotate"},
            {"pq", "--scheme", "pq", "--subspaces", "2", "--bits", "2", "--rotate", "opq"},
            {"pq", "--scheme", "pq", "--subspaces", "3", "--bits", "3", "--train-head", "20"},
            {"scalar", "--scheme", "scalar", "--bits", "4"},
            {"lowrank", "--scheme", "lowrank", "--rank", "3"},
            {"lowrank-scalar", "--scheme", "lowrank-scalar", "--rank", "3", "--bits", "5"},
            {"lowrank-pq", "--scheme", "lowrank-pq", "--rank", "4", "--subspaces", "2", "--bits", "3"},
        };
        for (String[] c : cases) {
            CliRun run = compress(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(0, run.exitCode(), String.join(" ", c) + ": " + run.err());
            String json = inspectJson(dir.resolve("out.lore"));
            assertTrue(json.contains("\"scheme\": \"" + c[0] + "\""), json);
            assertTrue(number(json, "relative_error") > 0, json);
        }
    }

    @Test
    void badSchemeParametersNameTheOptionAndTheValue() {
        assertUsageError(compress("--scheme", "zip"), "--scheme must be lowrank, scalar, pq, lowrank-scalar or"
                + " lowrank-pq, got 'zip'");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "4", "--bits", "2"),
                "--subspaces must divide the dimension 6, got 4");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "0", "--bits", "2"), "--subspaces must be in [1, 4096], got 0");
        assertUsageError(compress("--scheme", "lowrank-pq", "--rank", "4", "--subspaces", "3", "--bits", "2"),
                "--subspaces must divide the rank 4, got 3");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3", "--bits", "9"),
                "--bits must be in [1, 8] for --scheme pq, got 9");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3", "--bits", "0"),
                "--bits must be in [1, 8] for --scheme pq, got 0");
        assertUsageError(compress("--scheme", "scalar", "--bits", "17"), "--bits must be in [1, 16], got 17");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3", "--bits", "6"),
                "--bits 6 needs at least 2^6 = 64 rows, the table has 40");
        assertUsageError(compress("--scheme", "pq", "--bits", "2"), "--scheme pq needs --subspaces");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3"), "--scheme pq needs --bits");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3", "--bits", "2", "--rotate", "svd"),
                "--rotate must be pca or opq, got 'svd'");
        assertUsageError(compress("--scheme", "lowrank-pq", "--subspaces", "3", "--bits", "2"),
                "--scheme lowrank-pq needs --rank, --compression or --energy");
        assertUsageError(compress("--scheme", "pq", "--rank", "2", "--subspaces", "3", "--bits", "2"),
                "--scheme pq keeps the full table: it excludes --rank 2");
        assertUsageError(compress("--scheme", "lowrank", "--rank", "2", "--bits", "2"), "--bits needs --scheme scalar");
        assertUsageError(compress("--rank", "2", "--subspaces", "2"), "--subspaces, --bits, --rotate and --train-head"
                + " need --scheme");
        assertUsageError(compress("--scheme", "pq", "--subspaces", "3", "--bits", "2", "--train-head", "-1"),
                "--train-head must be >= 0 (0 = a uniform sample), got -1");
    }
}
