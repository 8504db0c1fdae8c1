package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.ByteBudget;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.PqRotation;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** LoreDl4j with the code-reading layers: budgets, loading lore's quantized matrices, reading them back. */
class LoreDl4jCodedTest {

    /** Outputs of two float networks that compute the same table in a different order. */
    private static final double OUTPUT_TOL = 1e-5;

    private static final int T = 6;

    private static MultiLayerNetwork sequenceNet(INDArray w) {
        MultiLayerNetwork net = Networks.pooled(new EmbeddingSequenceLayer.Builder().nIn(w.rows()).nOut(w.columns())
                .inputLength(T).build(), w.columns(), 3, new Adam(1e-2), DataType.FLOAT, 21);
        net.getLayer(0).setParam("W", w);
        return net;
    }

    private static DataSet data(int n, int v) {
        return new DataSet(Networks.ids(n, T, v, DataType.FLOAT, n), Networks.labels(n, 3, DataType.FLOAT),
                Networks.mask(n, T, DataType.FLOAT), null);
    }

    private static INDArray output(MultiLayerNetwork net, DataSet ds) {
        return net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
    }

    private static double maxDiff(INDArray x, INDArray y) {
        return x.castTo(DataType.DOUBLE).sub(y.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** The original network with W replaced by {@code table}. */
    private static MultiLayerNetwork withTable(MultiLayerNetwork net, INDArray table) {
        MultiLayerNetwork reference = net.clone();
        reference.getLayer(0).setParam("W", table);
        return reference;
    }

    /** A [64, 8] table with 16 distinct values per column: product quantization with M = 8 at 4 bits is exact. */
    private static INDArray columnsOfSixteenValues() {
        INDArray w = Nd4j.create(DataType.FLOAT, new long[] {64, 8}, 'c');
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 8; j++) {
                w.putScalar(i, j, ((i * 7 + j * 3 + (i / 16) * j) % 16) * 0.25 - 2.0);
            }
        }
        return w;
    }

    /** A [300, 16] table of rank 6. */
    private static INDArray rankSix() {
        return Networks.gaussian(300, 6, 1).mmul(Networks.gaussian(6, 16, 2));
    }

    /** Compresses {@code w} in a sequence network to {@code budget}; checks bytes, output and the round trip. */
    private static MultiLayerNetwork compressToBudget(INDArray w, ByteBudget budget) {
        MultiLayerNetwork net = sequenceNet(w);
        INDArray before = net.params().dup();
        MultiLayerNetwork small = LoreDl4j.compressOnline(net, 0, budget);
        int v = (int) w.rows();
        CompressedEmbedding stored = LoreDl4j.toCompressedEmbedding(small, 0, Vocabulary.indexed(v));
        assertTrue(stored.matrixBytes() <= budget.bytesFor(v, (int) w.columns()), stored.matrixBytes() + " bytes");
        DataSet ds = data(10, v);
        assertTrue(maxDiff(output(small, ds), output(withTable(net, stored.reconstruct().matrix()), ds)) < OUTPUT_TOL);
        assertEquals(before, net.params());
        for (int i = 1; i < net.getnLayers(); i++) {
            assertEquals(net.getLayer(i).params(), small.getLayer(i).params());
        }
        assertEquals(0, small.getUpdater().getStateViewArray().amaxNumber().doubleValue());
        assertEquals(small.getLayerWiseConfigurations(),
                MultiLayerConfiguration.fromJson(small.getLayerWiseConfigurations().toJson()));
        double s0 = small.score(ds);
        for (int i = 0; i < 10; i++) {
            small.fit(ds);
        }
        assertTrue(small.score(ds) < s0);
        return small;
    }

    @Test
    void aBudgetWhereProductQuantizationIsExactChoosesAProductQuantizedLayer() {
        INDArray w = columnsOfSixteenValues();
        MultiLayerNetwork small = compressToBudget(w, ByteBudget.ratio(2.0)); // 1,024 of 2,048 bytes
        assertInstanceOf(ProductQuantizedEmbeddingSequenceLayer.class,
                small.getLayerWiseConfigurations().getConf(0).getLayer());
        CompressedEmbedding stored = LoreDl4j.toCompressedEmbedding(small, 0, Vocabulary.indexed(64));
        assertInstanceOf(StoredMatrix.ProductQuantized.class, stored.a());
    }

    @Test
    void aBudgetWhereTheQuantizedFactorIsClosestChoosesIt() {
        INDArray w = rankSix();
        MultiLayerNetwork small = compressToBudget(w, ByteBudget.ratio(4.0)); // 4,800 bytes
        assertInstanceOf(QuantizedFactorEmbeddingSequenceLayer.class,
                small.getLayerWiseConfigurations().getConf(0).getLayer());
        CompressedEmbedding stored = LoreDl4j.toCompressedEmbedding(small, 0, Vocabulary.indexed(300));
        assertInstanceOf(StoredMatrix.Quantized.class, stored.a());
        assertEquals("lowrank-scalar", stored.scheme());
    }

    @Test
    void aBudgetOnAGraphAndOnALowRankTable() {
        INDArray w = Networks.gaussian(40, 3, 3).mmul(Networks.gaussian(3, 10, 4)); // rank 3
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Adam(1e-2))
                .graphBuilder().addInputs("ids")
                .addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(40).nOut(10).inputLength(T).build(), "ids")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "emb")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(10).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.getLayer("emb").setParam("W", w);
        ComputationGraph small = LoreDl4j.compressOnline(graph, "emb", ByteBudget.bytes(600)); // rank 3, exact
        assertInstanceOf(FactorizedEmbeddingSequenceLayer.class, small.getLayer("emb").conf().getLayer());
        DataSet ds = data(10, 40);
        INDArray got = small.output(false, new INDArray[] {ds.getFeatures()}, new INDArray[] {ds.getFeaturesMaskArray()})[0];
        INDArray want = graph.output(false, new INDArray[] {ds.getFeatures()}, new INDArray[] {ds.getFeaturesMaskArray()})[0];
        assertTrue(maxDiff(got, want) < 1e-4);
        assertEquals(graph.getLayer("out").params(), small.getLayer("out").params());
    }

    @Test
    void aBudgetTooSmallForAnythingIsAClearError() {
        MultiLayerNetwork net = sequenceNet(Networks.gaussian(40, 10, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoreDl4j.compressOnline(net, 0, ByteBudget.ratio(1000)));
        assertTrue(e.getMessage().contains("target ratio 1000.0 allows 1 bytes"), e.getMessage());
    }

    @Test
    void setEmbeddingLoadsAQuantizedLowRankEmbeddingIntoTheQuantizedFactorLayer() {
        INDArray w = rankSix();
        CompressedEmbedding e = EmbeddingCompressor.compress(new WordVectors(Vocabulary.indexed(300), w),
                CompressionSpec.lowRank(RankRule.rank(6)).withQuantization(QuantizationConfig.perRow(8))).embedding();
        QuantizedMatrix a = ((StoredMatrix.Quantized) e.a()).matrix();
        MultiLayerNetwork net = Networks.pooled(new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(a).nOut(16)
                .inputLength(T).build(), 16, 3, new NoOp(), DataType.FLOAT, 3);
        LoreDl4j.setEmbedding(net, 0, e);
        CompressedEmbedding back = LoreDl4j.toCompressedEmbedding(net, 0, Vocabulary.indexed(300));
        assertEquals(((StoredMatrix.Quantized) back.a()).matrix(), a);
        assertTrue(maxDiff(back.b().orElseThrow().toFloat(), e.b().orElseThrow().toFloat()) == 0.0);
        DataSet ds = data(10, 300);
        assertTrue(maxDiff(output(net, ds), output(withTable(sequenceNetOfShape(net, 300, 16), e.reconstruct().matrix()),
                ds)) < OUTPUT_TOL);

        CompressedEmbedding floatFactors = EmbeddingCompressor.compress(new WordVectors(Vocabulary.indexed(300), w),
                CompressionSpec.lowRank(RankRule.rank(6))).embedding();
        assertMessage(() -> LoreDl4j.setEmbedding(net, 0, floatFactors), "reads a quantized factor A but the"
                + " embedding is low-rank with A float32");
        CompressedEmbedding fourBits = EmbeddingCompressor.compress(new WordVectors(Vocabulary.indexed(300), w),
                CompressionSpec.lowRank(RankRule.rank(6)).withQuantization(QuantizationConfig.perRow(4))).embedding();
        assertMessage(() -> LoreDl4j.setEmbedding(net, 0, fourBits), "expected A quantized at 8 bits per row, found 4"
                + " bits per row");
        CompressedEmbedding rank5 = EmbeddingCompressor.compress(new WordVectors(Vocabulary.indexed(300), w),
                CompressionSpec.lowRank(RankRule.rank(5)).withQuantization(QuantizationConfig.perRow(8))).embedding();
        assertMessage(() -> LoreDl4j.setEmbedding(net, 0, rank5), "expected A [300, 6] and B [6, 16], found A [300, 5]");
    }

    /** The same pooled network with a plain embedding layer, parameters of the other layers copied. */
    private static MultiLayerNetwork sequenceNetOfShape(MultiLayerNetwork coded, int v, int d) {
        MultiLayerNetwork plain = Networks.pooled(new EmbeddingSequenceLayer.Builder().nIn(v).nOut(d).inputLength(T)
                .build(), d, 3, new NoOp(), DataType.FLOAT, 3);
        for (int i = 1; i < coded.getnLayers(); i++) {
            if (coded.getLayer(i).numParams() > 0) {
                plain.getLayer(i).params().assign(coded.getLayer(i).params());
            }
        }
        return plain;
    }

    @Test
    void aNegativeTrainedStepIsStoredWithMirroredCodes() {
        QuantizedMatrix a = QuantizedMatrix.quantize(Networks.gaussian(9, 3, 7), new QuantizationConfig(5,
                QuantizationScope.ROW));
        MultiLayerNetwork net = Networks.pooled(new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(a).nOut(4)
                .build(), 4, 2, new NoOp(), DataType.FLOAT, 3);
        INDArray scale = Nd4j.createFromArray(a.steps());
        scale.putScalar(2, -0.3f);
        net.getLayer(0).setParam("scale", scale);
        net.getLayer(0).setParam("offset", Nd4j.createFromArray(a.offsets()));
        CompressedEmbedding stored = LoreDl4j.toCompressedEmbedding(net, 0, Vocabulary.indexed(9));
        QuantizedMatrix back = ((StoredMatrix.Quantized) stored.a()).matrix();
        for (int j = 0; j < 3; j++) {
            assertEquals(a.offsets()[2] - 0.3f * a.code(2, j), back.get(2, j), 1e-5);
            assertEquals(a.get(1, j), back.get(1, j), 0.0);
        }
        assertTrue(back.steps()[2] > 0);
    }

    @Test
    void setEmbeddingLoadsAProductQuantizedMatrixWithARotation() {
        INDArray w = Networks.gaussian(64, 8, 9);
        ProductQuantizedMatrix pq = ProductQuantizer.quantize(w, ProductQuantizationConfig.of(4, 4)
                .withRotation(PqRotation.OPQ));
        assertTrue(pq.hasRotation());
        MultiLayerNetwork coded = Networks.pooled(new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(pq)
                .projection(true).inputLength(T).build(), 8, 3, new NoOp(), DataType.FLOAT, 3);
        LoreDl4j.setEmbedding(coded, 0, pq, null);
        MultiLayerNetwork plain = sequenceNetOfShape(coded, 64, 8);
        LoreDl4j.setEmbedding(plain, 0, pq, null);
        assertTrue(maxDiff(plain.getLayer(0).getParam("W"), pq.decode()) < 1e-6);
        DataSet ds = data(10, 64);
        assertTrue(maxDiff(output(coded, ds), output(plain, ds)) < OUTPUT_TOL);
        assertTrue(maxDiff(LoreDl4j.toCompressedEmbedding(coded, 0, Vocabulary.indexed(64)).reconstruct().matrix(),
                pq.decode()) < 1e-5);

        ProductQuantizedMatrix other = ProductQuantizer.quantize(w, ProductQuantizationConfig.of(2, 4));
        assertMessage(() -> LoreDl4j.setEmbedding(coded, 0, other, null),
                "expected codes of [V, r] = [64, 8] in 4 sub-spaces of 4 bits, found [64, 8] in 2 sub-spaces of 4 bits");
        MultiLayerNetwork unprojected = Networks.pooled(new ProductQuantizedEmbeddingSequenceLayer.Builder()
                .codes(other).inputLength(T).build(), 8, 3, new NoOp(), DataType.FLOAT, 3);
        assertMessage(() -> LoreDl4j.setEmbedding(unprojected, 0, other, Nd4j.eye(8).castTo(DataType.FLOAT)),
                "the layer has no projection, but a projection was given");
        assertMessage(() -> LoreDl4j.setEmbedding(unprojected, 0, CompressedEmbedding.dense(Vocabulary.indexed(64),
                StoredMatrix.of(w), dev.lore.compress.Provenance.of(dev.lore.compress.Source.none(), "test", "", "", 0))),
                "reads product-quantization codes but the embedding is");
        CompressedEmbedding asPq = CompressedEmbedding.dense(Vocabulary.indexed(64), StoredMatrix.of(other),
                dev.lore.compress.Provenance.of(dev.lore.compress.Source.none(), "test", "", "", 0));
        LoreDl4j.setEmbedding(unprojected, 0, asPq);
        assertEquals(other, ((StoredMatrix.ProductQuantized) LoreDl4j.toCompressedEmbedding(unprojected, 0,
                Vocabulary.indexed(64)).a()).matrix());
        assertMessage(() -> LoreDl4j.setEmbedding(plain, 0, ProductQuantizer.quantize(Networks.gaussian(64, 6, 1),
                ProductQuantizationConfig.of(2, 4)), null), "expected an embedding of [V, d] = [64, 8], found [64, 6]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
