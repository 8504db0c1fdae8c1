package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class QuantizedFactorEmbeddingSequenceLayerTest {

    private static final double GRADIENT_STEP = 1e-6;
    private static final double GRADIENT_REL_TOL = 1e-5;
    private static final double GRADIENT_ABS_TOL = 1e-9;

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

    static QuantizedMatrix factor(QuantizationScope scope, int bits, long seed) {
        return QuantizedMatrix.quantize(Networks.gaussian(V, R, seed), new QuantizationConfig(bits, scope));
    }

    private static QuantizedFactorEmbeddingSequenceLayer.Builder layer(QuantizationScope scope, int bits) {
        return new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(factor(scope, bits, 1)).nOut(D)
                .inputLength(T);
    }

    @ParameterizedTest
    @CsvSource({"ROW,3,false", "ROW,11,true", "MATRIX,4,false", "MATRIX,2,true"})
    void passesGradientCheckWithMasks(QuantizationScope scope, int bits, boolean bias) {
        MultiLayerNetwork net = Networks.pooled(layer(scope, bits).hasBias(bias).biasInit(0.2).build(), D, 3,
                new NoOp(), DataType.DOUBLE, 12345);
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
                .layer(layer(QuantizationScope.ROW, 4).outputDataFormat(RNNFormat.NWC).activation(Activation.TANH)
                        .build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray mask = Networks.mask(BATCH, T, DataType.DOUBLE);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, BATCH, T, 2);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < T; t++) {
                labels.putScalar(new int[] {i, t, (i + t) % 2}, 1.0);
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Networks.ids(BATCH, T, V, DataType.DOUBLE, 2)).labels(labels).inputMask(mask).labelMask(mask)
                .epsilon(GRADIENT_STEP).maxRelError(GRADIENT_REL_TOL).minAbsoluteError(GRADIENT_ABS_TOL));
        assertTrue(ok);
    }

    @Test
    void outputIsTheDequantizedRowTimesBMaskedBitForBit() {
        QuantizedMatrix a = factor(QuantizationScope.ROW, 5, 1);
        MultiLayerNetwork net = Networks.pooled(layer(QuantizationScope.ROW, 5).build(), D, 2, new NoOp(),
                DataType.FLOAT, 5);
        net.getLayer(0).setParam("scale", Nd4j.createFromArray(a.steps()));
        net.getLayer(0).setParam("offset", Nd4j.createFromArray(a.offsets()));
        INDArray b = net.getLayer(0).getParam("B");
        INDArray ids = Networks.ids(BATCH, T, V, DataType.FLOAT, 3);
        INDArray mask = Networks.mask(BATCH, T, DataType.FLOAT);
        net.setLayerMaskArrays(mask, null);
        INDArray out = net.feedForwardToLayer(0, ids, false).get(1); // [batch, d, T]
        net.clearLayerMaskArrays();
        assertArrayEquals(new long[] {BATCH, D, T}, out.shape());
        INDArray table = a.dequantize().mmul(b); // the same float rows, the same float product
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < D; j++) {
                    assertEquals(table.getDouble(ids.getInt(n, t), j) * mask.getDouble(n, t), out.getDouble(n, j, t),
                            1e-6);
                }
            }
        }
        assertEquals(List.of("scale", "offset", "B"), List.copyOf(net.getLayer(0).paramTable().keySet()));
    }

    @Test
    void aFreshLayerReadsAInMinusHalfToHalf() {
        MultiLayerNetwork net = Networks.pooled(layer(QuantizationScope.MATRIX, 3).build(), D, 2, new NoOp(),
                DataType.FLOAT, 5);
        assertEquals(1.0 / 7, net.getLayer(0).getParam("scale").getDouble(0), 1e-7);
        assertEquals(-0.5, net.getLayer(0).getParam("offset").getDouble(0), 0.0);
        assertEquals(1, net.getLayer(0).getParam("scale").length());
    }

    @Test
    void frozenParametersDoNotMoveUnderAdamAndL2() {
        for (boolean freezeScales : new boolean[] {true, false}) {
            MultiLayerNetwork net = Networks.pooled(layer(QuantizationScope.ROW, 4).freezeScales(freezeScales)
                    .freezeB(!freezeScales).l2(1e-2).build(), D, 2, new Adam(1e-2), DataType.FLOAT, 7);
            INDArray s0 = net.getLayer(0).getParam("scale").dup();
            INDArray o0 = net.getLayer(0).getParam("offset").dup();
            INDArray b0 = net.getLayer(0).getParam("B").dup();
            DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                    Networks.mask(8, T, DataType.FLOAT), null);
            for (int i = 0; i < 5; i++) {
                net.fit(ds);
            }
            assertEquals(freezeScales, s0.equals(net.getLayer(0).getParam("scale")));
            assertEquals(freezeScales, o0.equals(net.getLayer(0).getParam("offset")));
            assertEquals(!freezeScales, b0.equals(net.getLayer(0).getParam("B")));
        }
    }

    @Test
    void configurationWithItsCodesRoundTripsThroughJsonAndYaml() {
        QuantizedFactorEmbeddingSequenceLayer l = layer(QuantizationScope.MATRIX, 13).name("emb").hasBias(true)
                .freezeScales(true).inferInputLength(false).outputDataFormat(RNNFormat.NWC).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(1e-3)).list()
                .layer(l)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains("dev.lore.dl4j.QuantizedFactorEmbeddingSequenceLayer"), json);
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        QuantizedFactorEmbeddingSequenceLayer back =
                (QuantizedFactorEmbeddingSequenceLayer) MultiLayerConfiguration.fromJson(json).getConf(0).getLayer();
        QuantizedMatrix a = factor(QuantizationScope.MATRIX, 13, 1);
        for (int i = 0; i < V; i++) {
            for (int j = 0; j < R; j++) {
                assertEquals(a.code(i, j), back.codes()[i * R + j]);
            }
        }
        assertEquals(QuantizationScope.MATRIX, back.getScope());
        assertTrue(back.isFreezeScales() && back.hasBias() && !back.isFreezeB());
        assertNotEquals(l, layer(QuantizationScope.ROW, 13).name("emb").hasBias(true).freezeScales(true)
                .inferInputLength(false).outputDataFormat(RNNFormat.NWC).build());
    }

    @Test
    void networkRoundTripsThroughModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Networks.pooled(layer(QuantizationScope.ROW, 4).build(), D, 2, new Adam(1e-2),
                DataType.FLOAT, 9);
        DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                Networks.mask(8, T, DataType.FLOAT), null);
        net.fit(ds);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.params(), back.params());
        net.fit(ds);
        back.fit(ds);
        assertEquals(net.params(), back.params());
    }

    @Test
    void builderAndInitializationRejectBadConfigurations() {
        assertMessage(() -> new QuantizedFactorEmbeddingSequenceLayer.Builder().nOut(D).build(), "codes are not set");
        assertMessage(() -> new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(factor(QuantizationScope.ROW,
                4, 1)).build(), "nOut (the dimension d) must be >= 1, got 0");
        QuantizedFactorEmbeddingSequenceLayer edited = layer(QuantizationScope.ROW, 4).build();
        edited.setNIn(V + 1);
        assertMessage(() -> Networks.pooled(edited, D, 2, new NoOp(), DataType.FLOAT, 1),
                "codes must hold 24 codes of 4 bits = 12 bytes, got 11");
    }

    @Test
    void packedCodesMatchQuantizedMatrixWordsAtEveryWidth() {
        for (int bits = 1; bits <= 16; bits++) {
            QuantizedMatrix a = factor(QuantizationScope.ROW, bits, bits);
            byte[] packed = PackedCodes.of(a);
            int[] codes = PackedCodes.unpack(packed, V * R, bits);
            for (int i = 0; i < V * R; i++) {
                assertEquals(a.code(i / R, i % R), codes[i], "bits " + bits + ", code " + i);
            }
            assertArrayEquals(packed, PackedCodes.pack(codes, bits));
            assertArrayEquals(a.packedCodes(), PackedCodes.toWords(packed, (long) V * R, bits));
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
