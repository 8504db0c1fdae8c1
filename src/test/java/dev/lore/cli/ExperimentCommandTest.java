package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.experiment.ResultsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

    /** A small but complete grid; budgets cut so the run takes seconds. */
    private static List<String> args(Path prefix, Path glove, Path out, String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--dataset", prefix.toString());
        options.put("--embeddings", glove.toString());
        options.put("--output", out.toString());
        options.put("--methods", "online,svd,offline,quantized,none");
        options.put("--compression", "0.5,0.8");
        options.put("--seeds", "2");
        options.put("--pretrain-epochs", "4");
        options.put("--finetune-epochs", "2");
        List<String> flags = new ArrayList<>(List.of("-q"));
        for (int i = 0; i < extra.length; i++) {
            if (extra[i].equals("--force")) {
                flags.add(extra[i]);
            } else {
                options.put(extra[i], extra[++i]);
            }
        }
        List<String> a = new ArrayList<>(List.of("experiment"));
        options.forEach((k, v) -> a.addAll(List.of(k, v)));
        a.addAll(flags);
        return a;
    }

    @Test
    void writesResultsTablesHistoriesAndPlot(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 1);
        Path glove = TrainingData.glove(dir, 2);
        Path out = dir.resolve("out");
        CliRun run = CliRun.of(args(prefix, glove, out).toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(String.join(",", ResultsCsv.COLUMNS), csv.get(0));
        // 2 seeds x (4 compressing methods x 2 compressions + none).
        assertEquals(1 + 2 * (4 * 2 + 1), csv.size());
        for (String line : csv.subList(1, csv.size())) {
            assertTrue(line.startsWith("cue,dan,"), line);
        }
        assertTrue(Files.size(out.resolve("accuracy-vs-compression.png")) > 1000);
        assertEquals(2 * 6, Files.readAllLines(out.resolve("histories.jsonl")).size());
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("## cue, dan") && md.contains("| online | 0.5 |"), md);
        assertTrue(Files.readString(out.resolve("experiment.txt")).contains("sha256"));
        assertTrue(run.out().contains("| none | 0 |"), run.out());
        // A second run into the same directory is refused unless --force.
        CliRun again = CliRun.of(args(prefix, glove, out).toArray(String[]::new));
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("--output " + out + " is not empty; use --force"), again.err());
        CliRun forced = CliRun.of(args(prefix, glove, out, "--force", "--methods", "svd", "--seeds", "1",
                "--word-dropout", "0.3").toArray(String[]::new));
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(1 + 2, Files.readAllLines(out.resolve("results.csv")).size());
        assertTrue(Files.readString(out.resolve("experiment.txt")).contains("wordDropout=0.3"));
    }

    @Test
    void comparesSchedules(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 3);
        Path glove = TrainingData.glove(dir, 4);
        Path out = dir.resolve("out");
        CliRun run = CliRun.of(args(prefix, glove, out, "--methods", "online", "--compression", "0.8", "--seeds", "1",
                "--schedules", "calr,constant,triangular,triangular2,exp_range,sgdr,constant(lr=0.001)")
                .toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 7, csv.size());
        int column = ResultsCsv.COLUMNS.indexOf("schedule");
        List<String> schedules = csv.subList(1, csv.size()).stream()
                .map(l -> l.contains("\"") ? l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')) : l.split(",")[column])
                .toList();
        assertEquals(List.of("calr", "constant", "triangular", "triangular2", "exp_range", "sgdr", "constant(lr=0.001)"),
                schedules);
        assertTrue(Files.readString(out.resolve("results.md")).contains("| method | p | schedule |"));
    }

    @Test
    void savesTheModelsOfBestAndNoneAtRatios(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 5);
        Path glove = TrainingData.glove(dir, 6);
        Path out = dir.resolve("out");
        Path models = dir.resolve("models");
        CliRun run = CliRun.of(args(prefix, glove, out, "--methods", "best,pq-ft,none", "--ratios", "2",
                "--seeds", "1", "--save-models", models.toString()).toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> saved;
        try (var files = Files.list(models)) {
            saved = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("cue-dan-best-2x-seed1.lorem", "cue-dan-none-seed1.lorem"), saved);
        for (String f : saved) {
            dev.lore.model.TrainedModel m = dev.lore.model.ModelFile.read(models.resolve(f));
            assertTrue(m.vocabulary().size() > 0, f);
        }
    }

    @Test
    void badArgumentsExitWithCode2NamingTheOption(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 1);
        Path glove = TrainingData.glove(dir, 2);
        Path out = dir.resolve("out");
        String[][] cases = {
            {"--compression", "1.5", "--compression must be in [0, 1), got 1.5"},
            {"--compression", "abc", "'abc'"},
            {"--compression", "0.97", "--compression 0.97 leaves less than 1 bit"},
            {"--methods", "online,magic", "method must be one of online, svd, offline, quantized, quantized-ft, none, pq, pq-ft, lowrank-q-ft, pruned-ft, best, got 'magic'"},
            {"--methods", "svd,svd", "--methods lists 'svd' twice"},
            {"--model", "cnn", "--model must be dan or lstm, got 'cnn'"},
            {"--seeds", "0", "--seeds must be in [1, 1000], got 0"},
            {"--schedules", "calr,fancy", "--schedules 'fancy'"},
            {"--schedules", "calr(ub=-1)", "--schedules 'calr(ub=-1)'"},
            {"--pretrain-epochs", "0", "--pretrain-epochs must be in [1, 100000], got 0"},
            {"--ub", "-0.1", "--ub must be finite and > 0, got -0.1"},
            {"--ub", "NaN", "--ub must be finite and > 0, got NaN"},
            {"--pretrain-ub", "Infinity", "--pretrain-ub must be finite and > 0, got Infinity"},
            {"--lb", "-1e-6", "--lb must be in [0, the default --ub 3.0E-4], got -1.0E-6"},
            {"--pretrain-lb", "NaN", "--pretrain-lb must be in [0, the default --pretrain-ub 0.01], got NaN"},
            {"--step-epochs", "0", "--step-epochs must be in (0, 1000], got 0.0"},
            {"--decay", "1.5", "--decay must be in (0, 1], got 1.5"},
            {"--anneal-every", "0", "--anneal-every must be in [1, 1000], got 0"},
            {"--adam-epsilon", "0", "--adam-epsilon must be finite and > 0, got 0.0"},
            {"--placement", "middle", "--placement must be one of right, left, split, got 'middle'"},
            {"--quantize-scope", "column", "--quantize-scope must be row or matrix, got 'column'"},
            {"--max-length", "0", "--max-length must be in [1, 1000000], got 0"},
            {"--word-dropout", "1", "--word-dropout: wordDropout must be in [0, 1), got 1.0"},
            {"--compression", "NaN", "--compression must be in [0, 1), got NaN"},
            {"--first-seed", Long.toString(Long.MAX_VALUE), "--first-seed must be <= " + (Long.MAX_VALUE - 1)
                    + " with --seeds 2 (the last seed would overflow), got " + Long.MAX_VALUE},
            {"--batch-size", "0", "--batch-size must be in [1, 1000000], got 0"},
            {"--finetune-patience", "-3", "--finetune-patience must be in [1, 100000], got -3"},
            {"--pretrain-adam-epsilon", "NaN", "--pretrain-adam-epsilon must be finite and > 0, got NaN"},
            {"--min-count", "0", "--min-count must be >= 1, got 0"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of(args(prefix, glove, out, c[0], c[1]).toArray(String[]::new));
            assertEquals(2, run.exitCode(), String.join(" ", c) + ": " + run.err());
            assertTrue(run.err().contains(c[2]), c[2] + " not in: " + run.err());
        }
        CliRun lstm = CliRun.of(args(prefix, glove, out, "--model", "lstm", "--word-dropout", "0.2")
                .toArray(String[]::new));
        assertEquals(2, lstm.exitCode(), lstm.err());
        assertTrue(lstm.err().contains("--word-dropout applies to the dan model only, got --model lstm"), lstm.err());
        CliRun bounds = CliRun.of(args(prefix, glove, out, "--ub", "1e-5", "--lb", "1e-4").toArray(String[]::new));
        assertEquals(2, bounds.exitCode(), bounds.err());
        assertTrue(bounds.err().startsWith("--lb must be in [0, --ub 1.0E-5], got 1.0E-4"), bounds.err());
        CliRun missing = CliRun.of("experiment", "--embeddings", glove.toString(), "--output", out.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--dataset"), missing.err());
        assertTrue(Files.notExists(out), "nothing written on a usage error");
    }

    @Test
    void missingFilesExitWithCode1NamingThePath(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 1);
        Path glove = TrainingData.glove(dir, 2);
        CliRun noData = CliRun.of(args(dir.resolve("nothere"), glove, dir.resolve("o1")).toArray(String[]::new));
        assertEquals(1, noData.exitCode());
        assertTrue(noData.err().contains("dataset file not found: " + dir.resolve("nothere.train.tsv")), noData.err());
        Files.delete(dir.resolve("cue.test.tsv"));
        CliRun noTest = CliRun.of(args(prefix, glove, dir.resolve("o2")).toArray(String[]::new));
        assertEquals(1, noTest.exitCode());
        assertTrue(noTest.err().contains("dataset file not found: " + dir.resolve("cue.test.tsv")), noTest.err());
        Path prefix2 = TrainingData.dataset(dir, "cue2", 1);
        CliRun noGlove = CliRun.of(args(prefix2, dir.resolve("glove.txt"), dir.resolve("o3")).toArray(String[]::new));
        assertEquals(1, noGlove.exitCode());
        assertTrue(noGlove.err().contains("embeddings file not found: " + dir.resolve("glove.txt")), noGlove.err());
        Files.writeString(dir.resolve("cue2.dev.tsv"), "pos\tgood\nneg\n");
        CliRun badLine = CliRun.of(args(prefix2, glove, dir.resolve("o4")).toArray(String[]::new));
        assertEquals(1, badLine.exitCode());
        assertTrue(badLine.err().contains("cue2.dev.tsv:2"), badLine.err());
    }

    @Test
    void splitsSchedulesOutsideParentheses() {
        assertEquals(List.of("calr", "constant(lr=1e-3)", " sgdr(max=1,t0=5)"),
                ExperimentCommand.splitTopLevel("calr,constant(lr=1e-3), sgdr(max=1,t0=5)"));
    }
}
