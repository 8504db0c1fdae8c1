package dev.lore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.compress.QuantizationConfig;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.DanConfig;
import dev.lore.nn.DeepAveragingNetwork;
import dev.lore.nn.Embedding;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.LstmClassifier;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Parameter;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.schedule.ConstantRate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    private static final EncodedDataset DATA = Synthetic.encoded(41, 300, 100, 100);

    private static TextClassifier trained(TextClassifier model) {
        Trainer.train(model, DATA.train(), DATA.dev(), new TrainerConfig(20, 2, 2,
                ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT, 1), ProgressListener.none());
        return model;
    }

    private static TrainedModel dan() {
        TextClassifier net = trained(DeepAveragingNetwork.create(Embedding.of(DATA.vocabulary().embeddings()), 2,
                new DanConfig(8, 6, 0.25), 3));
        return TrainedModel.of(net, DATA, Map.of("dataset", "synthetic", "method", "none"));
    }

    private static void assertSamePredictions(TrainedModel a, TrainedModel b) {
        assertArrayEquals(Evaluation.predict(a.network(), DATA.test()), Evaluation.predict(b.network(), DATA.test()));
        a.network().setTraining(false);
        b.network().setTraining(false);
        for (int i = 0; i < 5; i++) {
            String text = DATA.test().size() > i ? "w" + i + " good w" + (i + 7) + " unseen" : "";
            assertArrayEquals(a.probabilities(text), b.probabilities(text), text);
            assertEquals(a.predict(text), b.predict(text));
        }
        List<Parameter> pa = a.network().parameters();
        List<Parameter> pb = b.network().parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).name(), pb.get(i).name());
            assertArrayEquals(pa.get(i).value().data().asFloat(), pb.get(i).value().data().asFloat(), pa.get(i).name());
        }
    }

    @Test
    void roundTripOfEveryEmbeddingKind(@TempDir Path dir) throws Exception {
        TrainedModel full = dan();
        TrainedModel factorized = TrainedModel.of(OnlineCompression.compress(full.network(), 0.5).model(), DATA, Map.of());
        TrainedModel quantized = TrainedModel.of(OnlineCompression.quantize(full.network(), full.vocabulary(),
                QuantizationConfig.perRow(4)).model(), DATA, Map.of());
        TextClassifier lstm = trained(LstmClassifier.create(Embedding.of(DATA.vocabulary().embeddings()), 2,
                new LstmConfig(5, 0.25, 0.5), 9));
        TrainedModel lstmFactorized = TrainedModel.of(OnlineCompression.compress(lstm, 0.5).model(), DATA, Map.of());
        int k = 0;
        for (TrainedModel m : List.of(full, factorized, quantized, lstmFactorized)) {
            Path file = dir.resolve("m" + k++ + ".lorem");
            ModelFile.write(file, m);
            TrainedModel back = ModelFile.read(file);
            assertEquals(m.network().embedding().getClass(), back.network().embedding().getClass());
            assertEquals(m.architecture(), back.architecture());
            assertEquals(m.labels(), back.labels());
            assertEquals(m.vocabulary(), back.vocabulary());
            assertEquals(m.tokenizer().name(), back.tokenizer().name());
            assertEquals(m.maxLen(), back.maxLen());
            assertEquals(m.metadata(), back.metadata());
            assertSamePredictions(m, back);
        }
        assertInstanceOf(FactorizedEmbedding.class, ModelFile.read(dir.resolve("m1.lorem")).network().embedding());
        QuantizedEmbedding q = assertInstanceOf(QuantizedEmbedding.class,
                ModelFile.read(dir.resolve("m2.lorem")).network().embedding());
        assertEquals(((QuantizedEmbedding) quantized.network().embedding()).matrix(), q.matrix());
        assertEquals(Map.of("dataset", "synthetic", "method", "none"), ModelFile.read(dir.resolve("m0.lorem")).metadata());
        try (var s = Files.list(dir)) {
            assertEquals(4, s.count(), "no temporary file left");
        }
    }

    @Test
    void predictsLabelsOfRawText() {
        TrainedModel m = dan();
        assertEquals(List.of("neg", "pos"), m.labels().labels());
        assertEquals(List.of("pos", "neg"), m.predict(List.of("good w1 w2", "bad w1 w2")));
        assertEquals("pos", m.predict("w3 good"));
        double[] p = m.probabilities("good");
        assertEquals(1.0, p[0] + p[1], 1e-6);
    }

    private static byte[] withChecksum(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private static String failure(Path file, byte[] content) throws Exception {
        Files.write(file, content);
        return assertThrows(ModelFileException.class, () -> ModelFile.read(file)).getMessage();
    }

    @Test
    void rejectsDamagedFiles(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.lorem");
        ModelFile.write(good, dan());
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.lorem");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        assertTrue(failure(bad, flipped).contains("checksum mismatch"));

        assertTrue(failure(bad, java.util.Arrays.copyOf(bytes, bytes.length - 100)).contains("truncated"));
        assertTrue(failure(bad, java.util.Arrays.copyOf(bytes, 10)).contains("truncated"));
        assertTrue(failure(bad, new byte[0]).contains("not a lore model file"));
        assertTrue(failure(bad, "label\ttext\n".getBytes(StandardCharsets.UTF_8)).contains("not a lore model file"));

        byte[] newer = bytes.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        assertTrue(failure(bad, newer).contains("written by a newer lore"));

        byte[] lore = Files.readAllBytes(good);
        Path loreFile = dir.resolve("e.lore");
        dev.lore.compress.LoreFile.write(loreFile, OnlineCompression.compress(dan().network(), 0.5).embedding());
        assertTrue(failure(bad, Files.readAllBytes(loreFile)).contains("not a lore model file"));

        // A consistent checksum over a description that does not match the stored weights.
        String text = new String(lore, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("dan.hidden1");
        assertTrue(at > 0);
        byte[] reshaped = lore.clone();
        int valueAt = at + "dan.hidden1".length() + 4;
        assertEquals('8', reshaped[valueAt]);
        reshaped[valueAt] = '9';
        String msg = failure(bad, withChecksum(reshaped));
        assertTrue(msg.contains("dense1.W has shape [16, 8], expected [16, 9]"), msg);
        assertTrue(msg.startsWith(bad.toString()), msg);
    }

    @Test
    void writeNeedsAnExistingDirectory(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> ModelFile.write(dir.resolve("missing/m.lorem"), dan()));
    }
}
