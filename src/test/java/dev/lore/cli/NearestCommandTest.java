package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearestCommandTest {

    @TempDir
    Path dir;

    @Test
    void nearestOnARawFileAndOnItsLoreFile() throws IOException {
        Path raw = Files.writeString(dir.resolve("v.txt"), "a 1 0 0\nb 0.9 0.1 0\nc 0 1 0\nd -1 0 0\na 0 0 1\n",
                StandardCharsets.UTF_8);
        CliRun run = CliRun.of("nearest", raw.toString(), "a", "-k", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"word\": \"a\", \"k\": 2, \"neighbours\": [{\"word\": \"b\", \"similarity\": 0.99"),
                run.out());
        assertTrue(run.out().contains("{\"word\": \"c\", \"similarity\": 0.0}]}"), run.out());
        Path lore = dir.resolve("v.lore");
        assertEquals(0, CliRun.of("compress", "--input", raw.toString(), "--output", lore.toString(), "--rank", "3",
                "-q").exitCode());
        CliRun text = CliRun.of("nearest", lore.toString(), "a", "-k", "1");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("b\t0.99"), text.out());
    }

    @Test
    void anUnknownWordAndABadKAreClearErrors() throws IOException {
        Path raw = Files.writeString(dir.resolve("v.txt"), "a 1 0\nb 0 1\n", StandardCharsets.UTF_8);
        CliRun run = CliRun.of("nearest", raw.toString(), "zebra");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("word 'zebra' is not in " + raw), run.err());
        assertEquals(2, CliRun.of("nearest", raw.toString(), "a", "-k", "0").exitCode());
    }

    @Test
    void evaluateGivesSpearmanPerFileAndTheModelAccuracy() throws IOException {
        Path raw = Files.writeString(dir.resolve("v.txt"), "a 1 0\nb 1 1\nc 0 1\nd -1 0\n", StandardCharsets.UTF_8);
        Path ws = Files.writeString(dir.resolve("EN-T.txt"), "a\tb\t3\na\tc\t2\na\td\t1\nq\ta\t1\n", StandardCharsets.UTF_8);
        CliRun run = CliRun.of("evaluate", raw.toString(), "--wordsim", ws.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("{\"wordsim\": {\"EN-T\": {\"spearman\": 1.0, \"pairs\": 3, \"oov\": 1, \"skipped\": 1}}}"
                + System.lineSeparator(), run.out());
        Path questions = Files.writeString(dir.resolve("q.txt"), ": one\na b c d\na b c zz\n", StandardCharsets.UTF_8);
        CliRun an = CliRun.of("evaluate", raw.toString(), "--analogies", questions.toString(), "--json");
        assertEquals(0, an.exitCode(), an.err());
        assertEquals("{\"wordsim\": {}, \"analogy\": {\"file\": \"q\", \"accuracy\": 1.0, \"questions\": 1,"
                + " \"correct\": 1, \"oov\": 1, \"skipped\": 1}}" + System.lineSeparator(), an.out());
        assertEquals(2, CliRun.of("evaluate", raw.toString(), "--analogies", questions.toString(), "--restrict", "0")
                .exitCode());
        Path vectors = TrainingData.glove(dir, 4);
        Path data = TrainingData.dataset(dir, "d", 5);
        Path model = dir.resolve("m.lorem");
        assertEquals(0, CliRun.of("train", "--dataset", data.toString(), "--embeddings", vectors.toString(),
                "--output", model.toString(), "--pretrain-epochs", "2", "-q").exitCode());
        CliRun m = CliRun.of("evaluate", model.toString(), "--dataset", data.toString(), "--json");
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.out().contains("\"examples\": 60, \"accuracy\": "), m.out());
        assertTrue(m.out().contains("\"confusion\": [["), m.out());
        assertEquals(2, CliRun.of("evaluate", model.toString()).exitCode());
    }
}
