package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFilesTest {

    @TempDir
    Path dir;

    private static void assertFailure(CliRun run, String expectedErr) {
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(expectedErr + System.lineSeparator(), run.err());
    }

    @Test
    void checksNameTheOptionAndThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        CliFiles.checkInput("--input", file);
        CliFiles.checkOutputFile("--output", file);
        CliFiles.checkOutputFile("--output", dir.resolve("new.lore"));
        assertEquals("--input " + dir + " is a directory, not a file",
                assertThrows(IOException.class, () -> CliFiles.checkInput("--input", dir)).getMessage());
        assertEquals("input file not found: " + dir.resolve("none"),
                assertThrows(IOException.class, () -> CliFiles.checkInput("--input", dir.resolve("none"))).getMessage());
        assertEquals("--output " + dir + " is a directory, not a file",
                assertThrows(IOException.class, () -> CliFiles.checkOutputFile("--output", dir)).getMessage());
        assertEquals("output directory does not exist: " + dir.resolve("no"),
                assertThrows(IOException.class, () -> CliFiles.checkOutputFile("--output", dir.resolve("no/f")))
                        .getMessage());
    }

    @Test
    void compressRejectsDirectoriesBeforeReading() throws IOException {
        Path glove = Files.writeString(dir.resolve("g.txt"), "a 1 2\nb 3 4\n");
        Path out = Files.createDirectory(dir.resolve("out.lore"));
        assertFailure(CliRun.of("compress", "--input", glove.toString(), "--output", out.toString(), "--rank", "1"),
                "lore compress: error: --output " + out + " is a directory, not a file");
        assertFailure(CliRun.of("compress", "--input", dir.toString(), "--output", dir.resolve("x.lore").toString(),
                "--rank", "1"), "lore compress: error: --input " + dir + " is a directory, not a file");
        assertTrue(Files.notExists(dir.resolve("x.lore")));
    }

    @Test
    void exportInspectAndScheduleRejectDirectories() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.lore"));
        assertFailure(CliRun.of("inspect", sub.toString()),
                "lore inspect: error: input " + sub + " is a directory, not a file");
        assertFailure(CliRun.of("export", sub.toString(), "--output", dir.resolve("e.txt").toString()),
                "lore export: error: input " + sub + " is a directory, not a file");
        Path lore = Files.writeString(dir.resolve("e.lore"), "not checked before the output");
        assertFailure(CliRun.of("export", lore.toString(), "--output", sub.toString()),
                "lore export: error: --output " + sub + " is a directory, not a file");
        assertFailure(CliRun.of("schedule", "calr(step=5)", "--iterations", "20", "--plot", sub.toString()),
                "lore schedule: error: --plot " + sub + " is a directory, not a file");
    }

    @Test
    void trainingCommandsRejectDirectories() throws IOException {
        Path prefix = TrainingData.dataset(dir, "cue", 1);
        Path glove = TrainingData.glove(dir, 2);
        Path sub = Files.createDirectory(dir.resolve("m.lorem"));
        assertFailure(CliRun.of("train", "--dataset", prefix.toString(), "--embeddings", glove.toString(),
                "--output", sub.toString(), "-q"), "lore train: error: --output " + sub + " is a directory, not a file");
        assertFailure(CliRun.of("train", "--dataset", prefix.toString(), "--embeddings", sub.toString(),
                "--output", dir.resolve("m2.lorem").toString(), "-q"),
                "lore train: error: --embeddings " + sub + " is a directory, not a file");
        Files.createDirectory(dir.resolve("d.train.tsv"));
        assertTrue(CliRun.of("train", "--dataset", dir.resolve("d").toString(), "--embeddings", glove.toString(),
                "--output", dir.resolve("m3.lorem").toString(), "-q").err()
                .startsWith("lore train: error: dataset file " + dir.resolve("d.train.tsv") + " is a directory"));
        Path file = Files.writeString(dir.resolve("results"), "");
        assertFailure(CliRun.of("experiment", "--dataset", prefix.toString(), "--embeddings", glove.toString(),
                "--output", file.toString(), "-q"),
                "lore experiment: error: --output " + file + " is a file, not a directory");
        assertFailure(CliRun.of("demo", "--dataset", prefix.toString(), "--embeddings", glove.toString(),
                "--output", file.toString(), "-q"),
                "lore demo: error: --output " + file + " is a file, not a directory");
    }
}
