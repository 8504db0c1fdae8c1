package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FactorizedEmbeddingSequenceLayerTest {

    /** Central differences in double: DL4J's default step. */
    private static final double GRADIENT_STEP = 1e-6;
    /** Largest relative error of an analytic gradient against central differences, in double. */
    private static final double GRADIENT_REL_TOL = 1e-5;
    /** Absolute differences below this are not counted as errors (gradients that are ~0). */
    private static final double GRADIENT_ABS_TOL = 1e-9;
    /** Float forward pass against a double reference. */
    private static final double FLOAT_TOL = 1e-5;

    private static final int V = 7;
    private static final int R = 3;
    private static final int D = 4;
    private static final int T = 5;
    private static final int BATCH = 4;

    private static DataType savedType;
    private static DataType savedFloatType;

    @BeforeAll
    static void doublePrecision() {
        savedType = Nd4j.dataType();
        savedFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil requires it
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedType, savedFloatType);
    }

    private static FactorizedEmbeddingSequenceLayer.Builder layer() {
        return new FactorizedEmbeddingSequenceLayer.Builder().nIn(V).rank(R).nOut(D).inputLength(T);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void passesGradientCheckWithMasks(boolean bias) {
        MultiLayerNetwork net = Networks.pooled(layer().hasBias(bias).biasInit(0.3).build(), D, 3, new NoOp(),
                DataType.DOUBLE, 12345);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Networks.ids(BATCH, T, V, DataType.DOUBLE, 1))
                .labels(Networks.labels(BATCH, 3, DataType.DOUBLE))
                .inputMask(Networks.mask(BATCH, T, DataType.DOUBLE))
                .epsilon(GRADIENT_STEP).maxRelError(GRADIENT_REL_TOL).minAbsoluteError(GRADIENT_ABS_TOL));
        assertTrue(ok);
    }

    @Test
    void passesGradientCheckInTimeMajorFormatWithANonlinearActivation() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                .dataType(DataType.DOUBLE).list()
                .layer(layer().outputDataFormat(RNNFormat.NWC).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(3)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray mask = Networks.mask(BATCH, T, DataType.DOUBLE);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, BATCH, T, 3);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < T; t++) {
                labels.putScalar(new int[] {i, t, (i + t) % 3}, 1.0);
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Networks.ids(BATCH, T, V, DataType.DOUBLE, 2)).labels(labels).inputMask(mask).labelMask(mask)
                .epsilon(GRADIENT_STEP).maxRelError(GRADIENT_REL_TOL).minAbsoluteError(GRADIENT_ABS_TOL));
        assertTrue(ok);
    }

    @Test
    void outputIsTheLookupTimesBMaskedInDl4jLayout() {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new NoOp(), DataType.FLOAT, 5);
        INDArray a = net.getLayer(0).getParam("A").castTo(DataType.DOUBLE);
        INDArray b = net.getLayer(0).getParam("B").castTo(DataType.DOUBLE);
        INDArray ids = Networks.ids(BATCH, T, V, DataType.FLOAT, 3);
        INDArray mask = Networks.mask(BATCH, T, DataType.FLOAT);
        net.setLayerMaskArrays(mask, null);
        INDArray out = net.feedForwardToLayer(0, ids, false).get(1); // [batch, d, T]
        net.clearLayerMaskArrays();
        assertArrayEquals(new long[] {BATCH, D, T}, out.shape());
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < T; t++) {
                INDArray expected = a.getRow(ids.getInt(n, t)).reshape(1, R).mmul(b).mul(mask.getDouble(n, t));
                for (int j = 0; j < D; j++) {
                    assertEquals(expected.getDouble(0, j), out.getDouble(n, j, t), FLOAT_TOL);
                }
            }
        }
    }

    @Test
    void parametersAreViewsOfTheNetworksFlatParameters() {
        MultiLayerNetwork net = Networks.pooled(layer().hasBias(true).build(), D, 2, new NoOp(), DataType.FLOAT, 5);
        INDArray a = Networks.gaussian(V, R, 1);
        INDArray b = Networks.gaussian(R, D, 2);
        net.getLayer(0).setParam("A", a);
        net.setParam("0_B", b);
        INDArray flat = net.getLayer(0).params().reshape(-1);
        assertEquals(V * R + R * D + D, flat.length());
        assertEquals(a.reshape(-1), flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, V * R)));
        assertEquals(b.reshape(-1), flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(V * R, V * R + R * D)));
        assertEquals(List.of("A", "B", "b"), List.copyOf(net.getLayer(0).paramTable().keySet()));
    }

    @Test
    void gradientOfATouchesOnlyTheRowsOfTheBatch() {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new NoOp(), DataType.DOUBLE, 6);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 1, 4, 0, 0}, {4, 2, 2, 1, 1}});
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}});
        net.setInput(ids);
        net.setLabels(Networks.labels(2, 2, DataType.DOUBLE));
        net.setLayerMaskArrays(mask, null);
        net.computeGradientAndScore();
        INDArray gradA = net.gradient().getGradientFor("0_A");
        for (int row = 0; row < V; row++) {
            boolean inBatch = row == 1 || row == 2 || row == 4; // row 0 appears only at masked positions
            assertEquals(inBatch, gradA.getRow(row).amaxNumber().doubleValue() > 0, "row " + row);
        }
    }

    @Test
    void aFrozenFactorDoesNotMoveUnderAdamAndL2() {
        for (boolean freezeA : new boolean[] {true, false}) {
            MultiLayerNetwork net = Networks.pooled(layer().freezeA(freezeA).freezeB(!freezeA).l2(1e-2).build(), D, 2,
                    new Adam(1e-2), DataType.FLOAT, 7);
            INDArray a0 = net.getLayer(0).getParam("A").dup();
            INDArray b0 = net.getLayer(0).getParam("B").dup();
            DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                    Networks.mask(8, T, DataType.FLOAT), null);
            for (int i = 0; i < 5; i++) {
                net.fit(ds);
            }
            assertEquals(freezeA, a0.equals(net.getLayer(0).getParam("A")), "A frozen: " + freezeA);
            assertEquals(!freezeA, b0.equals(net.getLayer(0).getParam("B")), "B frozen: " + !freezeA);
        }
    }

    @Test
    void configurationRoundTripsThroughJsonAndYaml() {
        FactorizedEmbeddingSequenceLayer l = layer().name("emb").hasBias(true).freezeB(true).inferInputLength(false)
                .outputDataFormat(RNNFormat.NWC).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(1e-3)).list()
                .layer(l)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains("dev.lore.dl4j.FactorizedEmbeddingSequenceLayer"), json);
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        FactorizedEmbeddingSequenceLayer back =
                (FactorizedEmbeddingSequenceLayer) MultiLayerConfiguration.fromJson(json).getConf(0).getLayer();
        assertEquals(R, back.getRank());
        assertTrue(back.isFreezeB() && back.hasBias() && !back.isFreezeA() && !back.isInferInputLength());
        assertEquals(RNNFormat.NWC, back.getOutputFormat());
        FactorizedEmbeddingSequenceLayer other = layer().rank(R - 1).name("emb").hasBias(true).freezeB(true)
                .inferInputLength(false).outputDataFormat(RNNFormat.NWC).build();
        assertNotEquals(conf.getConf(0).getLayer(), other);
    }

    @Test
    void networkRoundTripsThroughModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new Adam(1e-2), DataType.FLOAT, 9);
        DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                Networks.mask(8, T, DataType.FLOAT), null);
        net.fit(ds);
        net.fit(ds);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null),
                back.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null));
        net.fit(ds);
        back.fit(ds);
        assertEquals(net.params(), back.params()); // the restored updater continues identically
    }

    @Test
    void builderRejectsBadShapesNamingTheField() {
        assertMessage(() -> layer().rank(0).build(), "rank must be in [1, min(nIn, nOut)] = [1, 4], got 0");
        assertMessage(() -> layer().rank(5).build(), "got 5");
        assertMessage(() -> layer().nIn(0).build(), "nIn (the vocabulary size V) must be >= 1, got 0");
        assertMessage(() -> layer().nOut(0).build(), "nOut (the dimension d) must be >= 1, got 0");
        assertMessage(() -> layer().inputLength(0).build(), "inputLength must be >= 1, got 0");
        assertMessage(() -> new FactorizedEmbeddingSequenceLayer.Builder().rank(2).nOut(4).build(), "nIn");
    }

    @Test
    void aConfigurationEditedAfterBuildingIsCheckedAtInit() {
        FactorizedEmbeddingSequenceLayer l = layer().build();
        l.setRank(9);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list().layer(l)
                .layer(new RnnOutputLayer.Builder().nIn(D).nOut(2).activation(Activation.SOFTMAX).build()).build();
        assertMessage(() -> new MultiLayerNetwork(conf).init(), "rank must be in [1, min(nIn, nOut)]");
    }

    @Test
    void setParamChecksShapesAndValuesBeforeWriting() {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new NoOp(), DataType.FLOAT, 10);
        INDArray before = net.params().dup();
        assertMessage(() -> net.getLayer(0).setParam("A", Nd4j.zeros(DataType.FLOAT, V, R + 1)),
                "parameter A must be [7, 3], got [7, 4]");
        assertMessage(() -> net.setParam("0_B", Nd4j.zeros(DataType.FLOAT, D, R)), "parameter B must be [3, 4], got [4, 3]");
        assertMessage(() -> net.getLayer(0).setParam("W", Nd4j.zeros(DataType.FLOAT, V, D)), "has no parameter 'W'");
        INDArray nan = Nd4j.zeros(DataType.FLOAT, V, R);
        nan.putScalar(2, 1, Float.NaN);
        assertMessage(() -> net.getLayer(0).setParam("A", nan), "must be finite");
        assertMessage(() -> net.getLayer(0).setParams(Nd4j.zeros(DataType.FLOAT, 1, 5)), "expected 33 parameter values, got 5");
        assertEquals(before, net.params());
    }

    @Test
    void rejectsIdsOutsideTheVocabularyAndFractionalIds() {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new NoOp(), DataType.FLOAT, 11);
        INDArray ids = Networks.ids(2, T, V, DataType.FLOAT, 1);
        ids.putScalar(1, 3, V);
        assertThrows(DL4JInvalidInputException.class, () -> net.output(ids));
        ids.putScalar(1, 3, 1.5);
        assertThrows(DL4JInvalidInputException.class, () -> net.output(ids));
        ids.putScalar(1, 3, -1);
        assertThrows(DL4JInvalidInputException.class, () -> net.output(ids));
    }

    @Test
    void theInputTypeNeitherSetsNInNorCrashes() {
        for (InputType type : new InputType[] {InputType.recurrent(1, T), InputType.feedForward(T)}) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list().layer(layer().build())
                    .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                    .setInputType(type).build();
            FactorizedEmbeddingSequenceLayer l = (FactorizedEmbeddingSequenceLayer) conf.getConf(0).getLayer();
            assertEquals(V, l.getNIn(), type.toString());
            assertEquals(D, ((RnnOutputLayer) conf.getConf(1).getLayer()).getNIn(), type.toString());
        }
    }

    @Test
    void acceptsIdsOfShapeBatchOneTAndIntegerTypes() {
        MultiLayerNetwork net = Networks.pooled(layer().build(), D, 2, new NoOp(), DataType.FLOAT, 12);
        INDArray ids = Networks.ids(3, T, V, DataType.FLOAT, 4);
        INDArray expected = net.output(ids);
        assertEquals(expected, net.output(ids.reshape(3, 1, T)));
        assertEquals(expected, net.output(ids.castTo(DataType.INT)));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
