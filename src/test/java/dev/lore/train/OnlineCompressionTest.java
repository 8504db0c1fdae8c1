package dev.lore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Placement;
import dev.lore.data.EncodedDataset;
import dev.lore.data.MiniBatches;
import dev.lore.data.Synthetic;
import dev.lore.io.Vocabulary;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.AdamOptimizer;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.LstmClassifier;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Optimizer;
import dev.lore.nn.Parameter;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.quant.QuantizationConfig;
import dev.lore.schedule.ConstantRate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class OnlineCompressionTest {

    /** float32 products of the factors against the SVD's own reconstruction. */
    private static final double PRODUCT_TOL = 1e-4;

    private static final EncodedDataset DATA = Synthetic.encoded(21, 400, 150, 150);

    private static TrainerConfig config(int epochs) {
        return new TrainerConfig(20, epochs, epochs, ScheduleSpec.of(new ConstantRate(0.01)), AdamConfig.DEFAULT, 3);
    }

    private static TextClassifier trainedDan() {
        TextClassifier model = new Architecture.Dan(new DanConfig(10, 8)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), 2, 1);
        Trainer.train(model, DATA.train(), DATA.dev(), config(8), ProgressListener.none());
        return model;
    }

    @Test
    void factorizedModelKeepsDenseLayersAndCompressesTheTable() {
        TextClassifier model = trainedDan();
        INDArray before = model.embedding().toMatrix();
        CompressedModel c = OnlineCompression.compress(model, 0.5);
        int v = DATA.vocabulary().size();
        int d = Synthetic.DIM;
        int r = (int) Math.floor(0.5 * v * d / (double) (v + d) + 1e-9);
        FactorizedEmbedding f = assertInstanceOf(FactorizedEmbedding.class, c.model().embedding());
        assertEquals(r, f.rank());
        assertEquals(r, c.report().rank());
        assertEquals((long) r * (v + d), c.report().storedParameters());
        assertEquals(CompressedEmbedding.Kind.LOW_RANK, c.embedding().kind());
        assertEquals("#0", c.embedding().vocabulary().word(0));
        // The model's layer holds exactly the stored factors, and the original is untouched.
        assertArrayEquals(c.embedding().a().toFloat().data().asFloat(), f.a().value().data().asFloat());
        assertArrayEquals(before.data().asFloat(), model.embedding().toMatrix().data().asFloat());
        for (int i = 1; i < model.parameters().size() - 1; i++) {
            assertArrayEquals(model.parameters().get(i).value().data().asFloat(),
                    c.model().parameters().get(i + 1).value().data().asFloat());
        }
        // A B is the truncated reconstruction the report measured.
        INDArray product = f.toMatrix();
        double err = product.sub(before).norm2Number().doubleValue() / before.norm2Number().doubleValue();
        assertEquals(c.report().relativeError(), err, PRODUCT_TOL);
    }

    @Test
    void fullRankKeepsPredictionsAndFineTuningRecoversAccuracy() {
        TextClassifier model = trainedDan();
        double full = Evaluation.accuracy(model, DATA.test());
        assertTrue(full >= 0.95, "full model test accuracy " + full);
        // Rank d = 8 reproduces the table: predictions agree.
        CompressedModel exact = OnlineCompression.compress(model, DATA.vocabulary().words(),
                CompressionSpec.lowRank(dev.lore.linalg.RankRule.rank(Synthetic.DIM)));
        assertArrayEquals(Evaluation.predict(model, DATA.test()), Evaluation.predict(exact.model(), DATA.test()));
        // Rank 1 loses information; fine-tuning the two layers brings the accuracy back.
        CompressedModel small = OnlineCompression.compress(model, DATA.vocabulary().words(),
                CompressionSpec.lowRank(dev.lore.linalg.RankRule.rank(1)));
        Trainer.train(small.model(), DATA.train(), DATA.dev(), config(8), ProgressListener.none());
        double tuned = Evaluation.accuracy(small.model(), DATA.test());
        assertTrue(tuned >= full - 0.03, "fine-tuned rank-1 accuracy " + tuned + " vs full " + full);
    }

    @Test
    void placementMovesSingularValuesButNotTheProduct() {
        TextClassifier model = trainedDan();
        INDArray right = null;
        for (Placement p : Placement.values()) {
            CompressedModel c = OnlineCompression.compress(model, DATA.vocabulary().words(),
                    OnlineCompression.spec(0.5, p));
            INDArray product = c.model().embedding().toMatrix();
            if (right == null) {
                right = product;
            } else {
                assertTrue(product.equalsWithEps(right, 1e-4), p.label());
            }
        }
    }

    @Test
    void quantizedModelReadsAFrozenTable() {
        TextClassifier model = trainedDan();
        CompressedModel q = OnlineCompression.quantize(model, DATA.vocabulary().words(), QuantizationConfig.perRow(3));
        QuantizedEmbedding e = assertInstanceOf(QuantizedEmbedding.class, q.model().embedding());
        assertEquals(3, e.matrix().config().bits());
        assertTrue(e.parameters().isEmpty());
        assertEquals(q.embedding().matrixBytes(), q.report().storedBytes());
        assertTrue(q.report().relativeError() > 0 && q.report().relativeError() < 0.3);
        // The dense layers still train; the quantized table does not move.
        List<float[]> before = new ArrayList<>();
        for (Parameter p : q.model().parameters()) {
            before.add(p.value().dup().data().asFloat());
        }
        INDArray table = e.toMatrix();
        Optimizer optimizer = AdamOptimizer.create(q.model().parameters(), AdamConfig.DEFAULT, new ConstantRate(0.01));
        q.model().setTraining(true);
        for (TokenBatch batch : MiniBatches.inOrder(DATA.train(), 50)) {
            q.model().computeGradients(batch);
            optimizer.step();
        }
        assertTrue(!q.model().parameters().isEmpty());
        for (int i = 0; i < before.size(); i++) {
            assertFalse(Arrays.equals(before.get(i), q.model().parameters().get(i).value().data().asFloat()),
                    q.model().parameters().get(i).name() + " was trained");
        }
        assertArrayEquals(table.data().asFloat(), e.toMatrix().data().asFloat(), "the quantized table is unchanged");
    }

    @Test
    void worksForTheLstmToo() {
        TextClassifier lstm = new Architecture.Lstm(new LstmConfig(6, 0.2, 1.0)).create(FullEmbedding.of(DATA.vocabulary().initialVectors()), 2, 2);
        CompressedModel c = OnlineCompression.compress(lstm, 0.5);
        assertInstanceOf(LstmClassifier.class, c.model());
        assertInstanceOf(FactorizedEmbedding.class, c.model().embedding());
        assertEquals(new LstmConfig(6, 0.2, 1.0), ((LstmClassifier) c.model()).config());
    }

    /** The usage shown in docs/design/train.md and the class Javadoc, on the synthetic data. */
    @Test
    void documentedUsageRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        EncodedDataset data = DATA;
        long seed = 1;
        ProgressListener progress = ProgressListener.none();
        Architecture dan = Architecture.named("dan");
        TextClassifier model = dan.create(FullEmbedding.of(data.vocabulary().initialVectors()), data.labels().size(), seed);
        Trainer.train(model, data.train(), data.dev(), TrainingDefaults.pretraining(dan, seed), progress);
        assertTrue(Evaluation.accuracy(model, data.test()) >= 0.95);
        // 0.5 rather than the documented 0.9: this 64 x 16 table would keep rank 1.
        CompressedModel small = OnlineCompression.compress(model, 0.5);
        double compressedDev = Evaluation.accuracy(small.model(), data.dev());
        TrainingResult r = Trainer.train(small.model(), data.train(), data.dev(),
                TrainingDefaults.fineTuning(dan, seed), progress);
        assertTrue(r.bestDevAccuracy() >= compressedDev);
        assertEquals(r.bestDevAccuracy(), Evaluation.accuracy(small.model(), data.dev()));
        java.nio.file.Path file = dir.resolve("synthetic-dan-0.5.lorem");
        ModelFile.write(file, TrainedModel.of(small.model(), data, java.util.Map.of()));
        TrainedModel back = ModelFile.read(file);
        assertArrayEquals(Evaluation.predict(small.model(), data.test()), Evaluation.predict(back.network(), data.test()));
    }

    @Test
    void rejectsBadArguments() {
        TextClassifier model = trainedDan();
        assertThrows(IllegalArgumentException.class, () -> OnlineCompression.compress(model, 1.0));
        assertThrows(IllegalArgumentException.class, () -> OnlineCompression.compress(model,
                DATA.vocabulary().words(), CompressionSpec.dense()));
        assertThrows(IllegalArgumentException.class, () -> OnlineCompression.compress(model,
                DATA.vocabulary().words(), OnlineCompression.spec(0.5, Placement.RIGHT)
                        .withQuantization(QuantizationConfig.perRow(4))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnlineCompression.compress(
                model, Vocabulary.indexed(3), OnlineCompression.spec(0.5, Placement.RIGHT)));
        assertTrue(e.getMessage().contains("vocabulary has 3 words"), e.getMessage());
        assertFalse(model.embedding() instanceof FactorizedEmbedding);
    }
}
