package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.experiment.ResultsCsv;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void runsThePipelineOnTheShippedData(@TempDir Path out) throws Exception {
        // The shipped data with a cut budget: the point is that every step runs, not the figures.
        CliRun run = CliRun.of("demo", "--output", out.toString(), "--compression", "0.9", "--pretrain-epochs", "3",
                "--finetune-epochs", "1", "--ratios", "none", "-q");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("lore demo: uci-sentiment (2,087 / 446 / 446 sentences)"), run.out());
        for (String method : List.of("online", "svd", "offline", "quantized", "quantized-ft", "none")) {
            assertTrue(run.out().contains("  " + method + " "), method + " missing from " + run.out());
        }
        assertTrue(run.out().matches("(?s).*\\n  online +0\\.9 +rank \\d+ float32 .*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  quantized +0\\.9 +3-bit .*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  none +0 +full float32 .*"), run.out());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(String.join(",", ResultsCsv.COLUMNS), csv.get(0));
        assertEquals(1 + 6, csv.size());
        TrainedModel m = ModelFile.read(out.resolve("online-0.9.lorem"));
        assertEquals(List.of("0", "1"), m.labels().labels());
        assertEquals("online", m.metadata().get("method"));
        for (String s : DemoCommand.EXAMPLES) {
            assertTrue(run.out().contains("  " + m.predict(s) + "  \"" + s + "\""), run.out());
        }
        assertTrue(Files.isRegularFile(out.resolve("accuracy-vs-compression.png")));
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "--dataset", dir.resolve("nothing").toString(), "--output", dir.toString(), "-q");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("dataset file not found: " + dir.resolve("nothing.train.tsv")), run.err());
        CliRun glove = CliRun.of("demo", "--embeddings", dir.resolve("g.txt").toString(), "--output", dir.toString(), "-q");
        assertEquals(1, glove.exitCode());
        assertTrue(glove.err().contains("embeddings file not found: " + dir.resolve("g.txt")), glove.err());
    }

    @Test
    void findsTheShippedGloveSlice(@TempDir Path dir) throws Exception {
        Path found = DemoCommand.gloveSlice(DemoCommand.repositoryRoot().resolve("data"));
        assertTrue(found.getFileName().toString().matches("glove\\.6B\\.100d\\.\\d+k\\.txt\\.gz"), found.toString());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> DemoCommand.gloveSlice(dir));
        assertTrue(e.getMessage().contains("no GloVe slice") && e.getMessage().contains("--embeddings"), e.getMessage());
    }

    @Test
    void runsLoresRecipeAtAByteRatio(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("demo", "--output", out.toString(), "--compression", "0.9", "--ratios", "50",
                "--pretrain-epochs", "3", "--finetune-epochs", "1", "-q");
        assertEquals(0, run.exitCode(), run.err());
        for (String method : List.of("pq", "pq-ft", "lowrank-q-ft", "pruned-ft", "best")) {
            assertTrue(run.out().contains("  " + method + " "), method + " missing from " + run.out());
        }
        java.util.regex.Matcher best = java.util.regex.Pattern.compile("\\n  best +0\\.98 .* ([0-9.]+)x +[0-9.]+ +[0-9.]+\\n")
                .matcher(run.out());
        assertTrue(best.find(), run.out());
        assertTrue(Double.parseDouble(best.group(1)) >= 50 * 0.999, "best keeps its budget: " + best.group());
    }

    @Test
    void badArguments(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "--compression", "0.99", "--output", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--compression must be in [0, 0.96875], got 0.99"), run.err());
        CliRun nan = CliRun.of("demo", "--compression", "NaN", "--output", dir.toString());
        assertEquals(2, nan.exitCode());
        assertTrue(nan.err().contains("--compression must be in [0, 0.96875], got NaN"), nan.err());
        CliRun ratio = CliRun.of("demo", "--ratios", "0.5", "--output", dir.toString());
        assertEquals(2, ratio.exitCode());
        assertTrue(ratio.err().contains("--ratios must be finite and > 1, got 0.5"), ratio.err());
        CliRun epochs = CliRun.of("demo", "--finetune-epochs", "0", "--output", dir.toString());
        assertEquals(2, epochs.exitCode());
        assertTrue(epochs.err().contains("--finetune-epochs must be in [1, 100000], got 0"), epochs.err());
    }
}
