package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FactorizedEmbeddingLayerTest {

    private static final double GRADIENT_STEP = 1e-6;
    private static final double GRADIENT_REL_TOL = 1e-5;
    private static final double GRADIENT_ABS_TOL = 1e-9;

    private static final int V = 6;
    private static final int R = 2;
    private static final int D = 3;
    private static final int BATCH = 5;

    private static DataType savedType;
    private static DataType savedFloatType;

    @BeforeAll
    static void doublePrecision() {
        savedType = Nd4j.dataType();
        savedFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedType, savedFloatType);
    }

    private static FactorizedEmbeddingLayer.Builder layer() {
        return new FactorizedEmbeddingLayer.Builder().nIn(V).rank(R).nOut(D);
    }

    private static INDArray ids() {
        return Nd4j.createFromArray(new double[][] {{3}, {0}, {3}, {5}, {1}});
    }

    @Test
    void passesGradientCheckWithAMask() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new NoOp())
                .dataType(DataType.DOUBLE).list()
                .layer(layer().hasBias(true).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}, {1}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(ids())
                .labels(Networks.labels(BATCH, 2, DataType.DOUBLE)).inputMask(mask).labelMask(mask)
                .epsilon(GRADIENT_STEP).maxRelError(GRADIENT_REL_TOL).minAbsoluteError(GRADIENT_ABS_TOL));
        assertTrue(ok);
    }

    @Test
    void passesGradientCheckInAComputationGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(1.0))
                .dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("ids")
                .addLayer("emb", layer().build(), "ids")
                .addLayer("dense", new DenseLayer.Builder().nIn(D).nOut(4).activation(Activation.SIGMOID).build(), "emb")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {ids()}).labels(new INDArray[] {Networks.labels(BATCH, 2, DataType.DOUBLE)})
                .epsilon(GRADIENT_STEP).maxRelError(GRADIENT_REL_TOL).minAbsoluteError(GRADIENT_ABS_TOL));
        assertTrue(ok);
    }

    @Test
    void outputIsOneRowOfABPerExample() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(layer().build())
                .layer(new OutputLayer.Builder().nIn(D).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(V, ((FactorizedEmbeddingLayer) conf.getConf(0).getLayer()).getNIn());
        INDArray out = net.feedForwardToLayer(0, ids().castTo(DataType.FLOAT), false).get(1);
        INDArray ab = net.getLayer(0).getParam("A").mmul(net.getLayer(0).getParam("B"));
        assertArrayEquals(new long[] {BATCH, D}, out.shape());
        for (int n = 0; n < BATCH; n++) {
            assertEquals(ab.getRow(ids().getInt(n, 0)), out.getRow(n));
        }
    }

    @Test
    void configurationRoundTripsThroughJsonAndYaml() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(layer().freezeA(true).hasBias(true).build())
                .layer(new OutputLayer.Builder().nIn(D).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        assertTrue(((FactorizedEmbeddingLayer) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(0).getLayer())
                .isFreezeA());
    }

    @Test
    void rejectsARankAboveTheDimension() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer().rank(D + 1).build());
        assertTrue(e.getMessage().contains("rank must be in [1, min(nIn, nOut)] = [1, 3], got 4"), e.getMessage());
    }
}
