package dev.lore.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.train.EpochRecord;
import dev.lore.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {

    private static RunResult row(Method m, double p, long seed, String schedule, double dev, double test) {
        boolean trains = m.fineTunes() || m == Method.OFFLINE;
        return new RunResult("sst2", "dan", m, p, m == Method.ONLINE ? 9 : 0, m.quantizes() ? 3 : 32, seed, schedule,
                1000, 100, m == Method.ONLINE ? 10_000 : 100_000, m == Method.ONLINE ? 40_000 : 400_000, 0.25, dev, test, m == Method.OFFLINE ? Double.NaN : 0.8, 12,
                trains ? 10 : 0, trains ? 4 : 0, 1.5);
    }

    /** Splits one CSV line (RFC 4180) into fields. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void csvHasTheHeaderAndOneParsableLinePerRow(@TempDir Path dir) throws Exception {
        List<RunResult> rows = List.of(row(Method.NONE, 0, 1, "calr", 0.8, 0.81),
                row(Method.ONLINE, 0.9, 1, "calr(ub=0.01,lb=1.0E-6,step=69)", 0.79, 0.805),
                row(Method.OFFLINE, 0.9, 1, "calr", 0.7, 1.0 / 3));
        Path file = dir.resolve("results.csv");
        ResultsCsv.write(file, rows);
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        List<String> header = fields(lines.get(0));
        assertEquals(ResultsCsv.COLUMNS, header);
        for (String required : List.of("dataset", "model", "method", "compression", "rank", "bits", "seed",
                "embedding_params", "dev_accuracy", "test_accuracy")) {
            assertTrue(header.contains(required), required);
        }
        List<String> online = fields(lines.get(2));
        assertEquals(header.size(), online.size());
        assertEquals("online", online.get(header.indexOf("method")));
        assertEquals("0.9", online.get(header.indexOf("compression")));
        assertEquals("9", online.get(header.indexOf("rank")));
        assertEquals("calr(ub=0.01,lb=1.0E-6,step=69)", online.get(header.indexOf("schedule")));
        assertEquals(0.805, Double.parseDouble(online.get(header.indexOf("test_accuracy"))));
        assertEquals(0.9, Double.parseDouble(online.get(header.indexOf("byte_compression"))), 1e-12);
        List<String> offline = fields(lines.get(3));
        assertEquals(1.0 / 3, Double.parseDouble(offline.get(header.indexOf("test_accuracy"))));
        assertEquals("", offline.get(header.indexOf("pretrain_dev_accuracy")));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left");
        }
    }

    @Test
    void quotingDoublesQuotes() {
        assertEquals("plain", ResultsCsv.quote("plain"));
        assertEquals("\"a,b\"", ResultsCsv.quote("a,b"));
        assertEquals("\"say \"\"x\"\"\"", ResultsCsv.quote("say \"x\""));
    }

    @Test
    void markdownSummarizesSeedsAndComparesWithNone() {
        List<RunResult> rows = List.of(row(Method.NONE, 0, 1, "calr", 0.80, 0.80), row(Method.NONE, 0, 2, "calr", 0.82, 0.82),
                row(Method.ONLINE, 0.9, 1, "calr", 0.79, 0.79), row(Method.ONLINE, 0.9, 2, "calr", 0.79, 0.80),
                row(Method.SVD, 0.9, 1, "", 0.7, 0.7), row(Method.SVD, 0.9, 2, "", 0.7, 0.7));
        String md = ResultsMarkdown.format(rows);
        assertTrue(md.contains("## sst2, dan"), md);
        // none: mean 81.00, sample std sqrt(((0.8-0.81)^2 + (0.82-0.81)^2) / 1) = 1.414 points.
        assertTrue(md.contains("| none | 0 | full float32 | 100,000 | 400,000 | 2 | 81.00 ± 1.41 | 81.00 ± 1.41 |  |"), md);
        // online: test mean 79.50, std 0.71; delta 79.50 - 81.00 = -1.50.
        assertTrue(md.contains("| online | 0.9 | rank 9 float32 | 10,000 | 40,000 | 2 | 79.00 ± 0.00 | 79.50 ± 0.71 | -1.50 |"), md);
        assertTrue(md.contains("| svd | 0.9 |"), md);
        assertFalse(md.contains("schedule |"), "one schedule: no schedule column");
        assertTrue(md.indexOf("| online |") < md.indexOf("| svd |") && md.indexOf("| svd |") < md.indexOf("| none |"));
    }

    @Test
    void markdownShowsTheMeanAloneForOneSeed() {
        List<RunResult> rows = List.of(row(Method.NONE, 0, 1, "calr", 0.80, 0.8125),
                row(Method.QUANTIZED, 0.9, 1, "", 0.75, 0.5), row(Method.ONLINE, 0.9, 1, "calr", 0.79, 0.79),
                row(Method.ONLINE, 0.9, 2, "calr", 0.79, 0.80));
        String md = ResultsMarkdown.format(rows);
        assertTrue(md.contains("| none | 0 | full float32 | 100,000 | 400,000 | 1 | 80.00 | 81.25 |  |"), md);
        // 50.00 - 81.25 = -31.25 points.
        assertTrue(md.contains("| quantized | 0.9 | 3-bit | 100,000 | 400,000 | 1 | 75.00 | 50.00 | -31.25 |"), md);
        assertTrue(md.contains("| online | 0.9 | rank 9 float32 | 10,000 | 40,000 | 2 | 79.00 ± 0.00 | 79.50 ± 0.71 |"),
                md);
        assertTrue(md.contains("the mean alone when n = 1"), md);
    }

    @Test
    void markdownShowsSchedulesWhenSeveralAreCompared() {
        List<RunResult> rows = List.of(row(Method.ONLINE, 0.9, 1, "calr", 0.79, 0.79),
                row(Method.ONLINE, 0.9, 1, "triangular", 0.78, 0.78));
        String md = ResultsMarkdown.format(rows);
        assertTrue(md.contains("| method | p | schedule |"), md);
        assertTrue(md.contains("| online | 0.9 | triangular |"), md);
        assertEquals("# Results\n\nNo run has finished yet.\n", ResultsMarkdown.format(List.of()));
    }

    @Test
    void historiesAreOneJsonObjectPerPhase() {
        TrainingResult r = new TrainingResult(List.of(new EpochRecord(1, 0.5, 0.01, 0.75, 1.25),
                new EpochRecord(2, 0.25, 0.001, 0.5, 1.0)), 0.5, 1, 0.75, false, 20, 2.5);
        String json = HistoryLog.format(List.of(new TrainingRecord("d\"s", "dan", 3, "online", 0.9, "calr(step=1)", r)));
        assertEquals("{\"dataset\":\"d\\\"s\",\"model\":\"dan\",\"seed\":3,\"phase\":\"online\",\"compression\":0.9,"
                + "\"schedule\":\"calr(step=1)\",\"initial_dev_accuracy\":0.5,\"best_epoch\":1,\"best_dev_accuracy\":0.75,"
                + "\"stopped_early\":false,\"iterations\":20,\"seconds\":2.5,\"epochs\":["
                + "{\"epoch\":1,\"train_loss\":0.5,\"learning_rate\":0.01,\"dev_accuracy\":0.75,\"seconds\":1.25},"
                + "{\"epoch\":2,\"train_loss\":0.25,\"learning_rate\":0.001,\"dev_accuracy\":0.5,\"seconds\":1.0}]}\n", json);
    }
}
