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
        assertUsageError(compress(), "Missing required argument");
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
}
