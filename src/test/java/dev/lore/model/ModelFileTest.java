package dev.lore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Synthetic;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Parameter;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationConfig;
import dev.lore.schedule.ConstantRate;
import dev.lore.train.Evaluation;
import dev.lore.train.OnlineCompression;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.Trainer;
import dev.lore.train.TrainerConfig;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFileTest {

    private static final EncodedDataset DATA = Synthetic.encoded(41, 300, 100, 100);

    private static TextClassifier trained(TextClassifier model) {
        Trainer.train(model, DATA.train(), DATA.dev(), new TrainerConfig(20, 2, 2,
                ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT, 1), ProgressListener.none());
        return model;
    }

    private static TrainedModel dan() {
        TextClassifier net = trained(new Architecture.Dan(new DanConfig(8, 6, 0.25)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), 2, 3));
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
        TextClassifier lstm = trained(new Architecture.Lstm(new LstmConfig(5, 0.25, 0.5)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), 2, 9));
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
    void provenanceAndFrozenParametersRoundTrip(@TempDir Path dir) throws Exception {
        TextClassifier net = OnlineCompression.compress(dan().network(), 0.5).model();
        Parameter a = net.embedding().parameters().get(0);
        a.setTrainable(false);
        TrainerConfig pre = new TrainerConfig(20, 2, 2, ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT, 1);
        TrainerConfig fine = new TrainerConfig(50, 6, 3, ScheduleSpec.of(
                dev.lore.schedule.LearningRateSchedules.parse("calr(ub=3e-4,lb=1e-6,step=35,decay=0.1)")),
                AdamConfig.PAPER, 7);
        TrainedModel m = TrainedModel.of(net, DATA, Map.of("dataset", "synthetic"))
                .withTraining("pre-training", pre).withTraining("fine-tuning", fine);
        Path file = dir.resolve("m.lorem");
        ModelFile.write(file, m);
        TrainedModel back = ModelFile.read(file);
        assertEquals(m.provenance(), back.provenance());
        assertEquals(DATA.trainSha256(), back.provenance().get(TrainedModel.DATA_SHA256));
        assertEquals("300", back.provenance().get("data.train.examples"));
        assertEquals("fine-tuning", back.provenance().get("training.2.phase"));
        assertEquals("50", back.provenance().get("training.2.batch_size"));
        assertEquals("6", back.provenance().get("training.2.max_epochs"));
        assertEquals("3", back.provenance().get("training.2.patience"));
        assertEquals("7", back.provenance().get("training.2.seed"));
        assertEquals(fine.schedule().toString(), back.provenance().get("training.2.schedule"));
        assertTrue(back.provenance().get("training.2.schedule").startsWith("calr(ub=3.0E-4"),
                back.provenance().get("training.2.schedule"));
        assertEquals("adam(beta1=0.9,beta2=0.999,epsilon=0.01,form=nd4j)", back.provenance().get("training.2.adam"));
        for (int i = 0; i < net.parameters().size(); i++) {
            assertEquals(net.parameters().get(i).isTrainable(), back.network().parameters().get(i).isTrainable(),
                    net.parameters().get(i).name());
        }
        assertTrue(!back.network().embedding().parameters().get(0).isTrainable(), "A stays frozen");
        assertTrue(back.network().embedding().parameters().get(1).isTrainable(), "B stays trainable");
        assertSamePredictions(m, back);
    }

    /** Files of format version 1 (written before provenance was recorded) still read and predict as they did. */
    @ParameterizedTest
    @CsvSource({"v1-dan-factorized, FactorizedEmbedding", "v1-lstm, FullEmbedding"})
    void readsVersionOneFiles(String name, String embedding) throws Exception {
        Path res = Path.of("src/test/resources/dev/lore/model");
        TrainedModel m = ModelFile.read(res.resolve(name + ".lorem"));
        assertEquals(embedding, m.network().embedding().getClass().getSimpleName());
        List<String> texts = Files.readAllLines(res.resolve("v1-texts.txt"));
        assertEquals(Files.readAllLines(res.resolve(name + ".labels")), m.predict(texts));
        assertEquals(Map.of(), m.provenance());
        for (Parameter p : m.network().parameters()) {
            assertTrue(p.isTrainable(), p.name());
        }
        assertEquals("synthetic", m.metadata().get("dataset"));
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
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ModelFile.FORMAT_VERSION + 1);
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
        assertTrue(msg.startsWith(bad.getFileName().toString()), msg);
    }

    @Test
    void writeNeedsAnExistingDirectory(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> ModelFile.write(dir.resolve("missing/m.lorem"), dan()));
    }

    // ---------------------------------------------------------------- crafted sizes

    /** An untrained model is enough to be saved and damaged. */
    private static TrainedModel untrained(boolean lstm) {
        FullEmbedding e = FullEmbedding.of(DATA.vocabulary().initialVectors());
        TextClassifier net = lstm ? new Architecture.Lstm(new LstmConfig(5, 0.25, 0.5)).create(e, 2, 9)
                : new Architecture.Dan(new DanConfig(8, 6)).create(e, 2, 3);
        return TrainedModel.of(net, DATA, Map.of("dataset", "synthetic"));
    }

    private static byte[] saved(Path dir, boolean lstm) throws Exception {
        Path file = dir.resolve(lstm ? "lstm.lorem" : "dan.lorem");
        ModelFile.write(file, untrained(lstm));
        return Files.readAllBytes(file);
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** Offset of the first occurrence of {@code pattern} in {@code bytes}. */
    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    /** Offset just after the first stored text equal to {@code text} (its length prefix included). */
    private static int after(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(int32(t.length));
        p.writeBytes(t);
        return indexOf(bytes, p.toByteArray()) + 4 + t.length;
    }

    /** Sets the length field to the array's size and recomputes the checksum, so only the content is wrong. */
    private static byte[] reframed(byte[] b) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(12, b.length);
        return withChecksum(b);
    }

    /** The model file with the value of header entry {@code key} replaced, framed as a valid file. */
    private static byte[] withEntry(byte[] file, String key, String value) {
        int valueAt = after(file, key);
        int oldLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(valueAt);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, valueAt);
        out.writeBytes(int32(v.length));
        out.writeBytes(v);
        int rest = valueAt + 4 + oldLength;
        out.write(file, rest, file.length - rest);
        return reframed(out.toByteArray());
    }

    private static void assertRejected(Path dir, byte[] content, String... fragments) throws Exception {
        Path bad = dir.resolve("crafted.lorem");
        String msg = failure(bad, content);
        assertTrue(msg.startsWith(bad.getFileName() + ": "), msg);
        for (String f : fragments) {
            assertTrue(msg.contains(f), "'" + f + "' in: " + msg);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // too large for the bytes left: caught before the network is built
        "false | dan.hidden1 | 20000000 | dan.hidden1=20000000",
        "false | dan.hidden2 | 2147483647 | dan.hidden2=2147483647",
        "true | lstm.hidden | 4096 | lstm.hidden=4096",
        // out of range
        "false | dan.hidden1 | 0 | entry dan.hidden1 must be an integer in [1, 2147483647], got '0'",
        "false | dan.hidden2 | -3 | entry dan.hidden2 must be an integer in [1, 2147483647], got '-3'",
        "false | dan.hidden1 | 99999999999 | entry dan.hidden1 must be an integer in [1, 2147483647], got '99999999999'",
        "false | dan.hidden1 | 1e3 | entry dan.hidden1 must be an integer in [1, 2147483647], got '1e3'",
        "true | lstm.hidden | 5000 | entry lstm.hidden must be an integer in [1, 4096], got '5000'",
        "true | lstm.dropout | 1.5 | entry lstm.dropout must be a finite number in [0, 1), got '1.5'",
        "true | lstm.forget_bias | NaN | entry lstm.forget_bias must be a finite number, got 'NaN'",
        "false | classes | 1000000000 | entry classes must be >= 2 and equal the 2 labels stored, got 1000000000",
        "false | classes | 0 | entry classes must be an integer in [1, 2147483647], got '0'",
        "false | max_length | 0 | entry max_length must be an integer in [1, 1000000], got '0'",
        "false | max_length | 2000000 | entry max_length must be an integer in [1, 1000000], got '2000000'",
        "false | seed | x | entry seed must be a decimal int64, got 'x'",
        "false | architecture | cnn | entry architecture must be dan or lstm, got 'cnn'",
    })
    void rejectsImpossibleHeaderEntries(boolean lstm, String key, String value, String expected, @TempDir Path dir)
            throws Exception {
        assertRejected(dir, withEntry(saved(dir, lstm), key, value), expected);
    }

    @Test
    void controlCharactersOfAnEntryAreEscapedInTheMessage(@TempDir Path dir) throws Exception {
        assertRejected(dir, withEntry(saved(dir, false), "architecture", "\u001b[2Jdan"),
                "entry architecture must be dan or lstm, got '\\x1b[2Jdan'");
    }

    @Test
    void rejectsSizesWhoseProductOverflows(@TempDir Path dir) throws Exception {
        byte[] b = withEntry(withEntry(saved(dir, false), "dan.hidden1", "2147483647"), "dan.hidden2", "2147483647");
        assertRejected(dir, b, "dan.hidden1=2147483647, dan.hidden2=2147483647, classes=2",
                "parameter values, more than the");
    }

    @Test
    void rejectsCountsAndLengthsBeyondTheFile(@TempDir Path dir) throws Exception {
        byte[] good = saved(dir, false);
        ByteBuffer view = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int embeddingAt = after(good, "pos");
        long loreLength = view.getLong(embeddingAt);
        int parametersAt = Math.toIntExact(embeddingAt + 8 + loreLength);
        assertEquals(6, view.getInt(parametersAt), "the DAN's six own parameters");

        byte[] labels = good.clone();
        int labelCountAt = embeddingAt - 2 * 4 - "neg".length() - "pos".length() - 4;
        assertEquals(2, view.getInt(labelCountAt));
        ByteBuffer.wrap(labels).order(ByteOrder.LITTLE_ENDIAN).putInt(labelCountAt, 2_000_000_000);
        assertRejected(dir, reframed(labels), "offset " + labelCountAt, "labels count 2000000000 does not fit");

        for (long length : new long[] {-1, Long.MAX_VALUE, good.length}) {
            byte[] b = good.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(embeddingAt, length);
            assertRejected(dir, reframed(b), "offset " + embeddingAt, "embedding length must be in [0, ",
                    "got " + length);
        }
        byte[] shorter = good.clone();
        ByteBuffer.wrap(shorter).order(ByteOrder.LITTLE_ENDIAN).putLong(embeddingAt, loreLength - 1);
        assertRejected(dir, reframed(shorter), "embedding section: ", "says " + loreLength + " bytes");

        byte[] inner = good.clone();
        inner[embeddingAt + 8 + (int) loreLength - 10] ^= 1; // inside the embedding, outer checksum fixed
        assertRejected(dir, reframed(inner), "offset " + (embeddingAt + 8 + loreLength - 4)
                + ": embedding section: checksum mismatch");

        byte[] parameters = good.clone();
        ByteBuffer.wrap(parameters).order(ByteOrder.LITTLE_ENDIAN).putInt(parametersAt, Integer.MAX_VALUE);
        assertRejected(dir, reframed(parameters), "parameters count 2147483647 does not fit");
        ByteBuffer.wrap(parameters).order(ByteOrder.LITTLE_ENDIAN).putInt(parametersAt, 5);
        assertRejected(dir, reframed(parameters), "has 6 parameters besides its embedding, the file holds 5");
    }

    @Test
    void rejectsAShapeThatDisagreesWithTheHeader(@TempDir Path dir) throws Exception {
        byte[] good = saved(dir, false);
        int shapeAt = after(good, "dense1.W") + 4;
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(shapeAt, Long.MAX_VALUE);
        assertRejected(dir, reframed(b), "dense1.W has shape [9223372036854775807, 8], expected [16, 8]");
    }

    @Test
    void parameterCountMatchesTheBuiltNetwork() {
        // d = 16, C = 2. DAN 8, 6: 16*8 + 8 + 8*6 + 6 + 6*2 + 2. LSTM 5: 20*16 + 20*5 + 20 + 5*2 + 2.
        assertEquals(204, untrained(false).architecture().parameterCount(Synthetic.DIM, 2));
        assertEquals(452, untrained(true).architecture().parameterCount(Synthetic.DIM, 2));
        for (boolean lstm : new boolean[] {false, true}) {
            TextClassifier net = untrained(lstm).network();
            long values = net.parameters().stream().skip(net.embedding().parameters().size())
                    .mapToLong(Parameter::length).sum();
            assertEquals(values, Architecture.of(net).parameterCount(Synthetic.DIM, 2));
        }
        assertThrows(ArithmeticException.class, () -> new Architecture.Dan(new DanConfig(Integer.MAX_VALUE,
                Integer.MAX_VALUE)).parameterCount(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> untrained(false).architecture().parameterCount(0, 2));
    }
}
