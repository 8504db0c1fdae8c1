package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Placement;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.linalg.RankRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LoreDl4jTest {

    /** Outputs of two float networks that differ only in how A B is computed (A[ids] B against (A B)[ids]). */
    private static final double OUTPUT_TOL = 1e-5;
    /** Orthonormality of A = U_r, float. */
    private static final double ORTHO_TOL = 1e-4;

    private static final int V = 50;
    private static final int D = 20;
    private static final int T = 6;
    /** {@code floor((1 - 0.5) 50 20 / (50 + 20)) = floor(7.14)}. */
    private static final int RANK_AT_HALF = 7;

    private static MultiLayerNetwork trainedSequenceNet(boolean bias) {
        MultiLayerNetwork net = Networks.pooled(new EmbeddingSequenceLayer.Builder().nIn(V).nOut(D).inputLength(T)
                .hasBias(bias).build(), D, 3, new Adam(1e-2), DataType.FLOAT, 21);
        DataSet ds = data(24, 3);
        for (int i = 0; i < 5; i++) {
            net.fit(ds);
        }
        return net;
    }

    private static DataSet data(int n, int classes) {
        return new DataSet(Networks.ids(n, T, V, DataType.FLOAT, n), Networks.labels(n, classes, DataType.FLOAT),
                Networks.mask(n, T, DataType.FLOAT), null);
    }

    private static INDArray output(MultiLayerNetwork net, DataSet ds) {
        return net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
    }

    @Test
    void compressOnlineReplacesTheEmbeddingByItsSvdAndKeepsTheRest() {
        MultiLayerNetwork net = trainedSequenceNet(true);
        INDArray before = net.params().dup();
        MultiLayerNetwork small = LoreDl4j.compressOnline(net, 0, 0.5);

        FactorizedEmbeddingSequenceLayer f = assertInstanceOf(FactorizedEmbeddingSequenceLayer.class,
                small.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(RANK_AT_HALF, f.getRank());
        INDArray a = small.getLayer(0).getParam("A");
        INDArray b = small.getLayer(0).getParam("B");
        assertArrayEquals(new long[] {V, RANK_AT_HALF}, a.shape());
        assertArrayEquals(new long[] {RANK_AT_HALF, D}, b.shape());
        INDArray gram = a.transpose().mmul(a); // A = U_r: orthonormal columns
        assertTrue(gram.sub(Nd4j.eye(RANK_AT_HALF).castTo(DataType.FLOAT)).amaxNumber().doubleValue() < ORTHO_TOL);
        assertEquals(net.getLayer(0).getParam("b"), small.getLayer(0).getParam("b").reshape(net.getLayer(0).getParam("b").shape()));

        MultiLayerNetwork reference = net.clone();
        reference.getLayer(0).setParam("W", a.mmul(b));
        DataSet ds = data(10, 3);
        assertTrue(output(small, ds).sub(output(reference, ds)).amaxNumber().doubleValue() < OUTPUT_TOL);

        for (int i = 1; i < net.getnLayers(); i++) {
            assertEquals(net.getLayerWiseConfigurations().getConf(i).getLayer(),
                    small.getLayerWiseConfigurations().getConf(i).getLayer());
            assertEquals(net.getLayer(i).params(), small.getLayer(i).params());
        }
        assertEquals(0, small.getUpdater().getStateViewArray().amaxNumber().doubleValue());
        assertEquals(0, small.getIterationCount());
        assertTrue(net.getIterationCount() > 0);
        assertEquals(before, net.params()); // the input network is not modified
        assertEquals(small.getLayerWiseConfigurations(),
                MultiLayerConfiguration.fromJson(small.getLayerWiseConfigurations().toJson()));

        double s0 = small.score(ds);
        for (int i = 0; i < 10; i++) {
            small.fit(ds);
        }
        assertTrue(small.score(ds) < s0);
    }

    @Test
    void compressOnlineTakesARankRuleOrASpec() {
        MultiLayerNetwork net = trainedSequenceNet(false);
        MultiLayerNetwork fixed = LoreDl4j.compressOnline(net, 0, RankRule.rank(3));
        assertEquals(3, ((FactorizedEmbeddingSequenceLayer) fixed.getLayerWiseConfigurations().getConf(0).getLayer())
                .getRank());
        MultiLayerNetwork left = LoreDl4j.compressOnline(net, 0,
                CompressionSpec.lowRank(RankRule.rank(3)).withPlacement(Placement.LEFT));
        INDArray productRight = fixed.getLayer(0).getParam("A").mmul(fixed.getLayer(0).getParam("B"));
        INDArray productLeft = left.getLayer(0).getParam("A").mmul(left.getLayer(0).getParam("B"));
        assertTrue(productRight.sub(productLeft).amaxNumber().doubleValue() < OUTPUT_TOL);
        INDArray b = left.getLayer(0).getParam("B"); // B = V_r^T: orthonormal rows
        assertTrue(b.mmul(b.transpose()).sub(Nd4j.eye(3).castTo(DataType.FLOAT)).amaxNumber().doubleValue() < ORTHO_TOL);
    }

    @Test
    void compressOnlineOfAFeedForwardEmbeddingLayer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).list()
                .layer(new EmbeddingLayer.Builder().nIn(V).nOut(D).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray ids = Networks.ids(16, 1, V, DataType.FLOAT, 4);
        DataSet ds = new DataSet(ids, Networks.labels(16, 2, DataType.FLOAT));
        net.fit(ds);
        MultiLayerNetwork small = LoreDl4j.compressOnline(net, 0, 0.5);
        assertInstanceOf(FactorizedEmbeddingLayer.class, small.getLayerWiseConfigurations().getConf(0).getLayer());
        MultiLayerNetwork reference = net.clone();
        reference.getLayer(0).setParam("W", small.getLayer(0).getParam("A").mmul(small.getLayer(0).getParam("B")));
        assertTrue(small.output(ids).sub(reference.output(ids)).amaxNumber().doubleValue() < OUTPUT_TOL);
    }

    private static ComputationGraph trainedGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("ids")
                .addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(V).nOut(D).inputLength(T).build(), "ids")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "emb")
                .addLayer("hidden", new DenseLayer.Builder().nIn(D).nOut(8).activation(Activation.RELU).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        DataSet ds = data(24, 3);
        for (int i = 0; i < 5; i++) {
            graph.fit(ds);
        }
        return graph;
    }

    @Test
    void compressOnlineOfAComputationGraph(@TempDir Path dir) throws Exception {
        ComputationGraph graph = trainedGraph();
        INDArray before = graph.params().dup();
        ComputationGraph small = LoreDl4j.compressOnline(graph, "emb", 0.5);
        assertInstanceOf(FactorizedEmbeddingSequenceLayer.class, small.getLayer("emb").conf().getLayer());
        assertEquals(RANK_AT_HALF, small.getLayer("emb").getParam("A").columns());

        ComputationGraph reference = graph.clone();
        reference.getLayer("emb").setParam("W", small.getLayer("emb").getParam("A").mmul(small.getLayer("emb").getParam("B")));
        DataSet ds = data(10, 3);
        MultiDataSet mds = new MultiDataSet(ds.getFeatures(), ds.getLabels(), ds.getFeaturesMaskArray(), null);
        INDArray got = small.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
        INDArray want = reference.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
        assertTrue(got.sub(want).amaxNumber().doubleValue() < OUTPUT_TOL);
        for (String name : List.of("hidden", "out")) {
            assertEquals(graph.getLayer(name).params(), small.getLayer(name).params(), name);
        }
        assertEquals(0, small.getUpdater().getStateViewArray().amaxNumber().doubleValue());
        assertEquals(before, graph.params());
        assertEquals(small.getConfiguration(), ComputationGraphConfiguration.fromJson(small.getConfiguration().toJson()));

        small.fit(ds);
        java.io.File file = dir.resolve("graph.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(small, file, true);
        ComputationGraph back = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(small.getConfiguration(), back.getConfiguration());
        assertEquals(small.params(), back.params());
        assertEquals(small.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    @Test
    void compressOnlineRejectsWhatItCannotCompress() {
        MultiLayerNetwork net = trainedSequenceNet(false);
        assertMessage(() -> LoreDl4j.compressOnline(net, 2, 0.5),
                "layer 2 (DenseLayer) cannot be compressed online");
        assertMessage(() -> LoreDl4j.compressOnline(net, 4, 0.5), "layerIndex must be in [0, 3], got 4");
        assertMessage(() -> LoreDl4j.compressOnline(net, 0, 1.0), "compression must be in [0, 1), got 1.0");
        assertMessage(() -> LoreDl4j.compressOnline(net, 0, CompressionSpec.dense()), "spec must be low-rank");
        MultiLayerNetwork small = LoreDl4j.compressOnline(net, 0, 0.5);
        assertMessage(() -> LoreDl4j.compressOnline(small, 0, 0.5),
                "layer 0 (FactorizedEmbeddingSequenceLayer) cannot be compressed online");
        assertMessage(() -> LoreDl4j.compressOnline(trainedGraph(), "nope", 0.5),
                "the graph has no layer named \"nope\"; its layers are [");
        MultiLayerNetwork fresh = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        assertThrows(IllegalStateException.class, () -> LoreDl4j.compressOnline(fresh, 0, 0.5));
    }

    private static Vocabulary words(int n) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add("w" + i);
        }
        return Vocabulary.of(w);
    }

    private static CompressedEmbedding lowRank(int v, int r, int d) {
        return CompressedEmbedding.lowRank(words(v), StoredMatrix.of(Networks.gaussian(v, r, 1)),
                StoredMatrix.of(Networks.gaussian(r, d, 2)), new double[0], Provenance.of(Source.none(), "test", "", "", 0));
    }

    private static CompressedEmbedding dense(int v, int d) {
        return CompressedEmbedding.dense(words(v), StoredMatrix.of(Networks.gaussian(v, d, 3)),
                Provenance.of(Source.none(), "none", "", "", 0));
    }

    @Test
    void setEmbeddingLoadsFactorsOrTables() {
        MultiLayerNetwork full = trainedSequenceNet(false);
        CompressedEmbedding table = dense(V, D);
        LoreDl4j.setEmbedding(full, 0, table);
        assertEquals(table.a().toFloat(), full.getLayer(0).getParam("W"));
        CompressedEmbedding factors = lowRank(V, 4, D);
        LoreDl4j.setEmbedding(full, 0, factors);
        assertEquals(factors.reconstruct().matrix(), full.getLayer(0).getParam("W"));

        MultiLayerNetwork small = LoreDl4j.compressOnline(full, 0, RankRule.rank(4));
        LoreDl4j.setEmbedding(small, 0, factors);
        assertEquals(factors.a().toFloat(), small.getLayer(0).getParam("A"));
        assertEquals(factors.b().orElseThrow().toFloat(), small.getLayer(0).getParam("B"));

        ComputationGraph graph = trainedGraph();
        LoreDl4j.setEmbedding(graph, "emb", table);
        assertEquals(table.a().toFloat(), graph.getLayer("emb").getParam("W"));
    }

    @Test
    void setEmbeddingChecksEveryShapeFirstAndNamesTheLayer() {
        MultiLayerNetwork full = trainedSequenceNet(false);
        MultiLayerNetwork small = LoreDl4j.compressOnline(full, 0, RankRule.rank(4));
        INDArray fullBefore = full.params().dup();
        INDArray smallBefore = small.params().dup();
        assertMessage(() -> LoreDl4j.setEmbedding(full, 0, dense(V - 1, D)),
                "layer 0 (EmbeddingSequenceLayer): expected an embedding of [V, d] = [50, 20], found [49, 20]");
        assertMessage(() -> LoreDl4j.setEmbedding(full, 0, lowRank(V, 3, D + 1)),
                "expected an embedding of [V, d] = [50, 20], found [50, 21] (A [50, 3], B [3, 21])");
        assertMessage(() -> LoreDl4j.setEmbedding(small, 0, lowRank(V, 5, D)),
                "layer 0 (FactorizedEmbeddingSequenceLayer): expected A [50, 4] and B [4, 20], found A [50, 5] and B [5, 20]");
        assertMessage(() -> LoreDl4j.setEmbedding(small, 0, dense(V, D)), "holds factors A B but the embedding is a dense [50, 20] table");
        assertMessage(() -> LoreDl4j.setEmbedding(full, 1, dense(V, D)), "layer 1 (GlobalPoolingLayer) is not an embedding layer");
        assertMessage(() -> LoreDl4j.setEmbedding(trainedGraph(), "hidden", dense(V, D)),
                "layer \"hidden\" (DenseLayer) is not an embedding layer");
        assertEquals(fullBefore, full.params());
        assertEquals(smallBefore, small.params());
    }

    @Test
    void toCompressedEmbeddingRoundTripsThroughLoreFile(@TempDir Path dir) throws Exception {
        MultiLayerNetwork full = trainedSequenceNet(false);
        Vocabulary vocabulary = words(V);
        CompressedEmbedding table = LoreDl4j.toCompressedEmbedding(full, 0, vocabulary);
        assertEquals(CompressedEmbedding.Kind.DENSE, table.kind());
        assertEquals("deeplearning4j", table.provenance().extra().get("model.framework"));
        Path file = dir.resolve("full.lore");
        LoreFile.write(file, table);
        CompressedEmbedding back = LoreFile.read(file);
        assertEquals(table, back);
        assertEquals(full.getLayer(0).getParam("W"), back.a().toFloat());

        MultiLayerNetwork small = LoreDl4j.compressOnline(full, 0, 0.5);
        small.fit(data(24, 3)); // fine-tuned factors, not those of the SVD
        CompressedEmbedding factors = LoreDl4j.toCompressedEmbedding(small, 0, vocabulary);
        assertEquals(RANK_AT_HALF, factors.rank());
        Path lowRankFile = dir.resolve("small.lore");
        LoreFile.write(lowRankFile, factors);
        CompressedEmbedding read = LoreFile.read(lowRankFile);
        assertEquals(factors, read);
        MultiLayerNetwork other = LoreDl4j.compressOnline(trainedSequenceNet(false), 0, 0.5);
        LoreDl4j.setEmbedding(other, 0, read);
        assertEquals(small.getLayer(0).getParam("A"), other.getLayer(0).getParam("A"));
        assertEquals(small.getLayer(0).getParam("B"), other.getLayer(0).getParam("B"));

        ComputationGraph graph = trainedGraph();
        assertEquals(graph.getLayer("emb").getParam("W"),
                LoreDl4j.toCompressedEmbedding(graph, "emb", vocabulary).a().toFloat());
    }

    @Test
    void toCompressedEmbeddingCopiesTheParameters() {
        MultiLayerNetwork full = trainedSequenceNet(false);
        CompressedEmbedding table = LoreDl4j.toCompressedEmbedding(full, 0, words(V));
        INDArray before = full.getLayer(0).getParam("W").dup();
        MultiLayerNetwork small = LoreDl4j.compressOnline(full, 0, 0.5);
        CompressedEmbedding factors = LoreDl4j.toCompressedEmbedding(small, 0, words(V));
        INDArray a = small.getLayer(0).getParam("A").dup();
        full.fit(data(24, 3));
        small.fit(data(24, 3));
        assertNotEquals(before, full.getLayer(0).getParam("W"));
        assertNotEquals(a, small.getLayer(0).getParam("A"));
        assertEquals(before, table.a().toFloat());
        assertEquals(a, factors.a().toFloat());
    }

    @Test
    void toCompressedEmbeddingChecksTheVocabularyAndTheBias() {
        assertMessage(() -> LoreDl4j.toCompressedEmbedding(trainedSequenceNet(false), 0, words(V + 1)),
                "layer 0 (EmbeddingSequenceLayer) has 50 rows but the vocabulary has 51 words");
        assertMessage(() -> LoreDl4j.toCompressedEmbedding(trainedSequenceNet(true), 0, words(V)), "has a bias");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
