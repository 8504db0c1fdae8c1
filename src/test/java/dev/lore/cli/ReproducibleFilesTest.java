package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducible files: {@code lore compress} and {@code lore train}, run in fresh JVMs with
 * {@code SOURCE_DATE_EPOCH} set, write byte-identical {@code .lore} and {@code .lorem} files for
 * the same inputs and seed; another creation time changes the field {@code created} and nothing else.
 */
class ReproducibleFilesTest {

    @TempDir
    Path dir;

    /** Runs {@code lore ARGS} in a new JVM with {@code SOURCE_DATE_EPOCH=epoch}; fails on a non-zero exit. */
    private void lore(String epoch, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoreCommand.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("SOURCE_DATE_EPOCH", epoch);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + Files.readString(dir.resolve("log.txt")));
    }

    private static Map<String, String> withoutCreated(Map<String, String> m) {
        Map<String, String> c = new TreeMap<>(m);
        c.remove("created");
        return c;
    }

    @Test
    void theSameInputsSeedAndCreationTimeGiveTheSameBytesAndAnotherTimeOnlyAnotherCreatedField() throws Exception {
        Path glove = TrainingData.glove(dir, 3);
        Path data = TrainingData.dataset(dir, "d", 4);
        for (String[] run : new String[][] {{"1700000000", "a"}, {"1700000000", "b"}, {"1800000000", "c"}}) {
            lore(run[0], "compress", "--input", glove.toString(), "--rank", "3", "--output",
                    dir.resolve(run[1] + ".lore").toString(), "-q");
            lore(run[0], "train", "--dataset", data.toString(), "--embeddings", glove.toString(), "--compression", "0.5",
                    "--pretrain-epochs", "1", "--seed", "7", "--output", dir.resolve(run[1] + ".lorem").toString(), "-q");
        }
        for (String ext : new String[] {".lore", ".lorem"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a" + ext)), Files.readAllBytes(dir.resolve("b" + ext)), ext);
            assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a" + ext)), Files.readAllBytes(dir.resolve("c" + ext))),
                    ext + " files of another creation time are the same");
        }
        CompressedEmbedding a = LoreFile.read(dir.resolve("a.lore"));
        CompressedEmbedding c = LoreFile.read(dir.resolve("c.lore"));
        assertEquals("2023-11-14T22:13:20Z", a.provenance().entries().get("created"));
        assertEquals(withoutCreated(a.provenance().entries()), withoutCreated(c.provenance().entries()));
        assertArrayEquals(a.a().toFloat().data().asFloat(), c.a().toFloat().data().asFloat());
        TrainedModel ma = ModelFile.read(dir.resolve("a.lorem"));
        TrainedModel mc = ModelFile.read(dir.resolve("c.lorem"));
        assertEquals(withoutCreated(ma.provenance()), withoutCreated(mc.provenance()));
        assertEquals(withoutCreated(ma.metadata()), withoutCreated(mc.metadata()));
        List<String> texts = List.of("a good one", "bad and sad", "w1 w2 w3");
        assertEquals(ma.predict(texts), mc.predict(texts));
    }
}
