package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.quant.ProductQuantizedMatrix;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
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

class ProductQuantizedEmbeddingSequenceLayerTest {

    private static final double GRADIENT_STEP = 1e-6;
    private static final double GRADIENT_REL_TOL = 1e-5;
    private static final double GRADIENT_ABS_TOL = 1e-9;
    private static final double FLOAT_TOL = 1e-5;

    private static final int V = 7;
    /** Columns of the quantized rows. */
    private static final int R = 4;
    private static final int M = 2;
    private static final int BITS = 2;
    private static final int D = 3;
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

    /** A quantized [V, R] table with random codes (every centroid of sub-space 0 used) and codebooks. */
    static ProductQuantizedMatrix matrix(long seed) {
        Random random = new Random(seed);
        int k = 1 << BITS;
        int[] codes = new int[V * M];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = i < k * M && i % M == 0 ? i / M : random.nextInt(k);
        }
        float[] books = new float[M * k * (R / M)];
        for (int i = 0; i < books.length; i++) {
            books[i] = (float) random.nextGaussian();
        }
        return ProductQuantizedMatrix.fromParts(V, R, M, BITS, books, PackedCodes.pack(codes, BITS), null);
    }

    private static ProductQuantizedEmbeddingSequenceLayer.Builder layer(boolean projection) {
        return new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(matrix(1)).projection(projection)
                .nOut(projection ? D : R).inputLength(T);
    }

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void passesGradientCheckWithMasks(boolean projection, boolean bias) {
        MultiLayerNetwork net = Networks.pooled(layer(projection).hasBias(bias).biasInit(0.2).build(),
                projection ? D : R, 3, new NoOp(), DataType.DOUBLE, 12345);
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
                .layer(layer(true).outputDataFormat(RNNFormat.NWC).activation(Activation.TANH).build())
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
    void outputIsTheDecodedRowTimesBMasked() {
        ProductQuantizedMatrix pq = matrix(1);
        MultiLayerNetwork net = Networks.pooled(layer(true).build(), D, 2, new NoOp(), DataType.FLOAT, 5);
        net.getLayer(0).setParam("C", Nd4j.create(pq.codebooks(), new long[] {(long) M << BITS, R / M}, 'c'));
        INDArray b = net.getLayer(0).getParam("B").castTo(DataType.DOUBLE);
        INDArray ids = Networks.ids(BATCH, T, V, DataType.FLOAT, 3);
        INDArray mask = Networks.mask(BATCH, T, DataType.FLOAT);
        net.setLayerMaskArrays(mask, null);
        INDArray out = net.feedForwardToLayer(0, ids, false).get(1); // [batch, d, T]
        net.clearLayerMaskArrays();
        assertArrayEquals(new long[] {BATCH, D, T}, out.shape());
        float[] row = new float[R];
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < T; t++) {
                pq.decodeRow(ids.getInt(n, t), row, 0);
                for (int j = 0; j < D; j++) {
                    double expected = 0;
                    for (int k = 0; k < R; k++) {
                        expected += row[k] * b.getDouble(k, j);
                    }
                    assertEquals(expected * mask.getDouble(n, t), out.getDouble(n, j, t), FLOAT_TOL);
                }
            }
        }
    }

    @Test
    void withoutProjectionTheOutputIsTheDecodedRow() {
        ProductQuantizedMatrix pq = matrix(4);
        MultiLayerNetwork net = Networks.pooled(new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(pq)
                .outputDataFormat(RNNFormat.NWC).build(), R, 2, new NoOp(), DataType.FLOAT, 5);
        net.getLayer(0).setParam("C", Nd4j.create(pq.codebooks(), new long[] {(long) M << BITS, R / M}, 'c'));
        INDArray ids = Nd4j.createFromArray(new float[][] {{6, 0, 3}});
        INDArray out = net.feedForwardToLayer(0, ids, false).get(1); // [1, T, d]
        INDArray decoded = pq.decode();
        for (int t = 0; t < 3; t++) {
            assertEquals(decoded.getRow(ids.getInt(0, t)), out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        }
        assertEquals(List.of("C"), List.copyOf(net.getLayer(0).paramTable().keySet()));
    }

    @Test
    void gradientOfTheCodebooksTouchesOnlyTheChosenCentroids() {
        ProductQuantizedMatrix pq = matrix(1);
        MultiLayerNetwork net = Networks.pooled(layer(true).build(), D, 2, new NoOp(), DataType.DOUBLE, 6);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 1, 4, 0, 0}, {4, 2, 2, 1, 1}});
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}});
        net.setInput(ids);
        net.setLabels(Networks.labels(2, 2, DataType.DOUBLE));
        net.setLayerMaskArrays(mask, null);
        net.computeGradientAndScore();
        INDArray gradC = net.gradient().getGradientFor("0_C");
        int k = 1 << BITS;
        boolean[] chosen = new boolean[M * k];
        for (int token : new int[] {1, 2, 4}) { // token 0 appears only at masked positions
            for (int m = 0; m < M; m++) {
                chosen[m * k + pq.code(token, m)] = true;
            }
        }
        for (int row = 0; row < M * k; row++) {
            assertEquals(chosen[row], gradC.getRow(row).amaxNumber().doubleValue() > 0, "centroid row " + row);
        }
    }

    @Test
    void frozenParametersDoNotMoveUnderAdamAndL2() {
        for (boolean freezeCodebooks : new boolean[] {true, false}) {
            MultiLayerNetwork net = Networks.pooled(layer(true).freezeCodebooks(freezeCodebooks)
                    .freezeB(!freezeCodebooks).l2(1e-2).build(), D, 2, new Adam(1e-2), DataType.FLOAT, 7);
            INDArray c0 = net.getLayer(0).getParam("C").dup();
            INDArray b0 = net.getLayer(0).getParam("B").dup();
            DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                    Networks.mask(8, T, DataType.FLOAT), null);
            for (int i = 0; i < 5; i++) {
                net.fit(ds);
            }
            assertEquals(freezeCodebooks, c0.equals(net.getLayer(0).getParam("C")));
            assertEquals(!freezeCodebooks, b0.equals(net.getLayer(0).getParam("B")));
        }
    }

    @Test
    void configurationWithItsCodesRoundTripsThroughJsonAndYaml() {
        ProductQuantizedEmbeddingSequenceLayer l = layer(true).name("emb").hasBias(true).freezeB(true)
                .inferInputLength(false).outputDataFormat(RNNFormat.NWC).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(1e-3)).list()
                .layer(l)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(D).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains("dev.lore.dl4j.ProductQuantizedEmbeddingSequenceLayer"), json);
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        ProductQuantizedEmbeddingSequenceLayer back =
                (ProductQuantizedEmbeddingSequenceLayer) MultiLayerConfiguration.fromYaml(conf.toYaml()).getConf(0)
                        .getLayer();
        assertArrayEquals(matrix(1).codes(), back.codes());
        assertEquals(M, back.getSubspaces());
        assertEquals(BITS, back.getBits());
        assertTrue(back.isProjection() && back.hasBias() && back.isFreezeB() && !back.isFreezeCodebooks());
        ProductQuantizedEmbeddingSequenceLayer other = new ProductQuantizedEmbeddingSequenceLayer.Builder()
                .codes(matrix(2)).projection(true).nOut(D).inputLength(T).name("emb").hasBias(true).freezeB(true)
                .inferInputLength(false).outputDataFormat(RNNFormat.NWC).build();
        assertNotEquals(l, other); // other codes
    }

    @Test
    void networkRoundTripsThroughModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Networks.pooled(layer(true).build(), D, 2, new Adam(1e-2), DataType.FLOAT, 9);
        DataSet ds = new DataSet(Networks.ids(8, T, V, DataType.FLOAT, 8), Networks.labels(8, 2, DataType.FLOAT),
                Networks.mask(8, T, DataType.FLOAT), null);
        net.fit(ds);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.params(), back.params());
        assertEquals(net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null),
                back.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null));
        net.fit(ds);
        back.fit(ds);
        assertEquals(net.params(), back.params());
    }

    @Test
    void builderAndInitializationRejectBadConfigurations() {
        assertMessage(() -> new ProductQuantizedEmbeddingSequenceLayer.Builder().build(), "codes are not set");
        assertMessage(() -> layer(false).nOut(R + 1).build(), "nOut must equal the width 4, got 5");
        int k = 1 << BITS;
        ProductQuantizedMatrix rotated = ProductQuantizedMatrix.fromParts(V, R, M, BITS, new float[M * k * (R / M)],
                matrix(1).packedCodes(), Nd4j.eye(R).castTo(DataType.FLOAT).data().asFloat());
        assertMessage(() -> new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(rotated).build(),
                "needs projection(true)");
        ProductQuantizedEmbeddingSequenceLayer edited = layer(true).build();
        edited.setCodes(BITS, new byte[3]);
        assertMessage(() -> Networks.pooled(edited, D, 2, new NoOp(), DataType.FLOAT, 1),
                "codes must hold 14 codes of 2 bits = 4 bytes, got 3");
    }

    @Test
    void setParamChecksTheCodebooksShape() {
        MultiLayerNetwork net = Networks.pooled(layer(true).build(), D, 2, new NoOp(), DataType.FLOAT, 5);
        assertMessage(() -> net.getLayer(0).setParam("C", Nd4j.zeros(DataType.FLOAT, 8, 3)),
                "parameter C must be [8, 2], got [8, 3]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
