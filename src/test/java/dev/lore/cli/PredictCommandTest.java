package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.model.ModelFile;
import dev.lore.model.Prediction;
import dev.lore.model.TrainedModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/dev/lore/model");
    private static final Path TEXTS = FIXTURES.resolve("v1-texts.txt");

    private static String lines(List<String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-lstm", "v1-dan-factorized"})
    void predictsTheRecordedLabelsInInputOrderWithAnyNumberOfThreads(String name) throws Exception {
        String model = FIXTURES.resolve(name + ".lorem").toString();
        String expected = lines(Files.readAllLines(FIXTURES.resolve(name + ".labels")));
        for (String threads : List.of("1", "2", "8")) {
            CliRun run = CliRun.of("predict", model, "--input", TEXTS.toString(), "--threads", threads);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(expected, run.out(), "--threads " + threads);
            assertEquals("", run.err());
        }
        CliRun stdin = CliRun.withInput(Files.newInputStream(TEXTS), "predict", model);
        assertEquals(0, stdin.exitCode(), stdin.err());
        assertEquals(expected, stdin.out(), "standard input");
    }

    @Test
    void manyBatchesGiveTheSameOutputForEveryThreadCountAndEqualTheLibrary(@TempDir Path dir) throws Exception {
        List<String> texts = new ArrayList<>();
        List<String> base = Files.readAllLines(TEXTS);
        for (int i = 0; texts.size() < 3 * TrainedModel.BATCH_SIZE + 17; i++) {
            texts.add(base.get(i % base.size()) + (i % 3 == 0 ? " w" + (i % 50) : ""));
        }
        texts.set(5, "");
        Path input = dir.resolve("in.txt");
        Files.write(input, texts, StandardCharsets.UTF_8);
        Path model = FIXTURES.resolve("v1-lstm.lorem");
        TrainedModel m = ModelFile.read(model);
        String expected = lines(m.predict(texts));
        StringBuilder withProbabilities = new StringBuilder();
        for (Prediction p : m.classify(texts)) {
            double[] probs = p.probabilities();
            withProbabilities.append(p.label()).append("\tneg=").append(Float.toString((float) probs[0]))
                    .append("\tpos=").append(Float.toString((float) probs[1])).append('\n');
        }
        for (String threads : List.of("1", "3", "8")) {
            CliRun run = CliRun.of("predict", model.toString(), "--input", input.toString(), "--threads", threads);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(expected, run.out(), "--threads " + threads);
            CliRun probs = CliRun.of("predict", model.toString(), "--input", input.toString(), "--threads", threads,
                    "--probabilities");
            assertEquals(0, probs.exitCode(), probs.err());
            assertEquals(withProbabilities.toString(), probs.out(), "--probabilities --threads " + threads);
        }
    }

    @Test
    void probabilitiesFollowTheLabelInTheModelsLabelOrder() throws Exception {
        CliRun run = CliRun.of("predict", FIXTURES.resolve("v1-dan-factorized.lorem").toString(), "--input",
                TEXTS.toString(), "--probabilities");
        assertEquals(0, run.exitCode(), run.err());
        List<String> labels = Files.readAllLines(FIXTURES.resolve("v1-dan-factorized.labels"));
        String[] out = run.out().split("\n");
        assertEquals(labels.size(), out.length);
        for (int i = 0; i < out.length; i++) {
            String[] f = out[i].split("\t");
            assertEquals(3, f.length, out[i]);
            assertEquals(labels.get(i), f[0]);
            assertTrue(f[1].startsWith("neg=") && f[2].startsWith("pos="), out[i]);
            float neg = Float.parseFloat(f[1].substring(4));
            float pos = Float.parseFloat(f[2].substring(4));
            assertEquals(1.0, neg + pos, 1e-6, out[i]);
            assertEquals(pos > neg ? "pos" : "neg", f[0], out[i]);
        }
    }

    @Test
    void crlfLineEndsAByteOrderMarkAndAMissingFinalLineBreakReadAsPlainLines(@TempDir Path dir) throws Exception {
        List<String> texts = Files.readAllLines(TEXTS).subList(0, 20);
        String model = FIXTURES.resolve("v1-lstm.lorem").toString();
        String plain = CliRun.withInput(new ByteArrayInputStream(lines(texts).getBytes(StandardCharsets.UTF_8)),
                "predict", model).out();
        assertEquals(20, plain.split("\n").length);
        String crlf = "\uFEFF" + String.join("\r\n", texts);
        CliRun run = CliRun.withInput(new ByteArrayInputStream(crlf.getBytes(StandardCharsets.UTF_8)), "predict", model);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(plain, run.out());
        CliRun empty = CliRun.withInput(new ByteArrayInputStream(new byte[0]), "predict", model);
        assertEquals(0, empty.exitCode(), empty.err());
        assertEquals("", empty.out());
    }

    @Test
    void badArgumentsExitWith2AndBadFilesWith1(@TempDir Path dir) throws Exception {
        String model = FIXTURES.resolve("v1-lstm.lorem").toString();
        for (String n : List.of("0", "65", "-3")) {
            CliRun run = CliRun.of("predict", model, "--input", TEXTS.toString(), "--threads", n);
            assertEquals(2, run.exitCode(), n);
            assertTrue(run.err().contains("--threads must be in [1, 64], got " + n), run.err());
        }
        CliRun noModel = CliRun.of("predict", dir.resolve("none.lorem").toString(), "--input", TEXTS.toString());
        assertEquals(1, noModel.exitCode());
        assertEquals("lore predict: error: input file not found: " + dir.resolve("none.lorem") + System.lineSeparator(),
                noModel.err());
        CliRun noInput = CliRun.of("predict", model, "--input", dir.resolve("none.txt").toString());
        assertEquals(1, noInput.exitCode());
        assertTrue(noInput.err().contains("input file not found: " + dir.resolve("none.txt")), noInput.err());
        Path notAModel = Files.writeString(dir.resolve("x.lorem"), "not a model\n");
        CliRun garbage = CliRun.of("predict", notAModel.toString(), "--input", TEXTS.toString());
        assertEquals(1, garbage.exitCode());
        assertTrue(garbage.err().startsWith("lore predict: error: x.lorem: not a lore model file"), garbage.err());
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "good\nfine\ncaf\u00e9 bad\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun encoding = CliRun.of("predict", model, "--input", latin1.toString());
        assertEquals(1, encoding.exitCode());
        assertTrue(encoding.err().contains(latin1 + ":3: not valid UTF-8"), encoding.err());
    }
}
