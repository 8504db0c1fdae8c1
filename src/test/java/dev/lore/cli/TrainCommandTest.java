package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.QuantizedEmbedding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    private static CliRun train(Path prefix, Path glove, Path model, String... extra) {
        String[] base = {"train", "--dataset", prefix.toString(), "--embeddings", glove.toString(), "--output",
                model.toString(), "--pretrain-epochs", "6", "--finetune-epochs", "3", "-q"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void trainsCompressesAndSaves(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 5);
        Path glove = TrainingData.glove(dir, 6);
        CliRun full = train(prefix, glove, dir.resolve("full.lorem"));
        assertEquals(0, full.exitCode(), full.err());
        assertInstanceOf(FullEmbedding.class, ModelFile.read(dir.resolve("full.lorem")).network().embedding());
        CliRun online = train(prefix, glove, dir.resolve("online.lorem"), "--compression", "0.8");
        assertEquals(0, online.exitCode(), online.err());
        assertTrue(online.out().contains("fine-tuned"), online.out());
        assertTrue(online.out().matches("(?s).*compressed, rank \\d+ float32 +dev .*"), online.out());
        TrainedModel m = ModelFile.read(dir.resolve("online.lorem"));
        assertInstanceOf(FactorizedEmbedding.class, m.network().embedding());
        assertEquals("online", m.metadata().get("method"));
        assertEquals("pos", m.predict("w1 good w2"));
        CliRun quantized = train(prefix, glove, dir.resolve("q.lorem"), "--quantize-bits", "4");
        assertEquals(0, quantized.exitCode(), quantized.err());
        assertTrue(quantized.out().contains("compressed, 4-bit "), quantized.out());
        assertEquals("quantized-ft", ModelFile.read(dir.resolve("q.lorem")).metadata().get("method"));
        assertInstanceOf(QuantizedEmbedding.class, ModelFile.read(dir.resolve("q.lorem")).network().embedding());
    }

    @Test
    void argumentErrors(@TempDir Path dir) throws Exception {
        Path prefix = TrainingData.dataset(dir, "cue", 5);
        Path glove = TrainingData.glove(dir, 6);
        CliRun both = train(prefix, glove, dir.resolve("m.lorem"), "--compression", "0.8", "--quantize-bits", "4");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRun p = train(prefix, glove, dir.resolve("m.lorem"), "--compression", "1");
        assertEquals(2, p.exitCode());
        assertTrue(p.err().contains("--compression must be in [0, 1), got 1.0"), p.err());
        CliRun nan = train(prefix, glove, dir.resolve("m.lorem"), "--compression", "NaN");
        assertEquals(2, nan.exitCode());
        assertTrue(nan.err().contains("--compression must be in [0, 1), got NaN"), nan.err());
        CliRun length = train(prefix, glove, dir.resolve("m.lorem"), "--max-length", "-5");
        assertEquals(2, length.exitCode());
        assertTrue(length.err().contains("--max-length must be in [1, 1000000], got -5"), length.err());
        CliRun bits = train(prefix, glove, dir.resolve("m.lorem"), "--quantize-bits", "0");
        assertEquals(2, bits.exitCode());
        assertTrue(bits.err().contains("--quantize-bits must be in [1, 16], got 0"), bits.err());
        CliRun noDir = train(prefix, glove, dir.resolve("no/such/m.lorem"));
        assertEquals(1, noDir.exitCode());
        assertTrue(noDir.err().contains("output directory does not exist"), noDir.err());
    }
}
