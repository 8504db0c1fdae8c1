package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No command writes over one of its inputs, named directly or through a link; bad inputs say what they are. */
class NoOverwriteTest {

    @TempDir
    Path dir;

    private static void assertRefused(CliRun run, Path input, byte[] before) throws IOException {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("refusing to overwrite an input"), run.err());
        assertArrayEquals(before, Files.readAllBytes(input));
    }

    @Test
    void compressOntoItsInputDirectlyOrThroughLinksIsRefused() throws IOException {
        Path in = TrainingData.glove(dir, 1);
        byte[] before = Files.readAllBytes(in);
        Path sym = Files.createSymbolicLink(dir.resolve("sym.txt"), in);
        Path hard = Files.createLink(dir.resolve("hard.txt"), in);
        Path dotted = dir.resolve("sub/../" + in.getFileName());
        for (Path out : List.of(in, sym, hard, dotted)) {
            assertRefused(CliRun.of("compress", "--input", in.toString(), "--output", out.toString(), "--rank", "2"),
                    in, before);
        }
    }

    @Test
    void exportTrainExperimentAndDemoOntoAnInputAreRefused() throws IOException {
        Path vectors = TrainingData.glove(dir, 2);
        Path lore = dir.resolve("e.lore");
        assertEquals(0, CliRun.of("compress", "--input", vectors.toString(), "--output", lore.toString(), "--rank", "2",
                "-q").exitCode());
        byte[] loreBytes = Files.readAllBytes(lore);
        assertRefused(CliRun.of("export", lore.toString(), "--output", lore.toString()), lore, loreBytes);
        Path data = TrainingData.dataset(dir, "d", 3);
        byte[] vecBytes = Files.readAllBytes(vectors);
        assertRefused(CliRun.of("train", "--dataset", data.toString(), "--embeddings", vectors.toString(),
                "--output", vectors.toString(), "-q"), vectors, vecBytes);
        Path train = dir.resolve("d.train.tsv");
        byte[] trainBytes = Files.readAllBytes(train);
        assertRefused(CliRun.of("train", "--dataset", data.toString(), "--embeddings", vectors.toString(),
                "--output", train.toString(), "-q"), train, trainBytes);
        assertRefused(CliRun.of("experiment", "--dataset", data.toString(), "--embeddings", vectors.toString(),
                "--output", vectors.toString()), vectors, vecBytes);
    }

    @Test
    void anEmptyOutputIsAUsageError() {
        CliRun run = CliRun.of("compress", "--input", "x.txt", "--output=", "--rank", "2");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--output must not be empty"), run.err());
        assertEquals(2, CliRun.of("export", "x.lore", "--output=").exitCode());
        assertEquals(2, CliRun.of("schedule", "constant(lr=0.1)", "--plot=").exitCode());
    }

    @Test
    void devicesPipesAndDirectoriesAreReportedAsWhatTheyAre() throws Exception {
        CliRun zero = CliRun.of("compress", "--input", "/dev/zero", "--output", dir.resolve("o.lore").toString(),
                "--rank", "2");
        assertEquals(1, zero.exitCode());
        assertTrue(zero.err().contains("/dev/zero is a character device"), zero.err());
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        CliRun pipe = CliRun.of("nearest", fifo.toString(), "king");
        assertEquals(1, pipe.exitCode());
        assertTrue(pipe.err().contains("is a named pipe (FIFO), not a regular file"), pipe.err());
        CliRun d = CliRun.of("evaluate", dir.toString(), "--wordsim", "x.txt");
        assertTrue(d.err().contains("is a directory, not a file"), d.err());
    }

    @Test
    void scheduleIterationsAreBoundedBeforeAnyWork() {
        CliRun run = CliRun.of("schedule", "calr", "--iterations", "99999999999", "--plot", dir.resolve("p.png").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--iterations must be at most 1000000000"), run.err());
        CliRun points = CliRun.of("schedule", "constant(lr=0.1)", "--iterations", "100000000");
        assertEquals(2, points.exitCode(), points.err());
        assertTrue(points.err().contains("raise --every"), points.err());
        assertEquals(0, CliRun.of("schedule", "constant(lr=0.1)", "--iterations", "100000000", "--every", "1000")
                .exitCode());
    }
}
