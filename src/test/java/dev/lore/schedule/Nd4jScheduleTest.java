package dev.lore.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.serde.json.JsonMappers;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class Nd4jScheduleTest {

    /** Relative tolerance between ND4J's double kernels and the same Adam formula in Java. */
    private static final double ADAM_REL = 1e-12;

    /** CALR(ub .4, lb .1, step 2, decay .5), 3 iterations per epoch, worked out by hand (see CalrTest). */
    private static final Calr SMALL_CALR = Calr.of(0.4, 0.1, 2, 0.5, 1, 5);
    private static final double[] SMALL_CALR_RATES = {0.1, 0.25, 0.4, 0.15, 0.1, 0.15, 0.4, 0.20625, 0.0125, 0.10625};
    private static final int ITERATIONS_PER_EPOCH = 3;

    private static final List<LearningRateSchedule> ALL = List.of(
            Calr.fineTuning(69),
            new ConstantRate(0.01),
            new StepDecay(0.1, 0.5, 3),
            new ExponentialDecay(0.1, 0.9),
            new Triangular(1e-6, 1e-3, 69),
            new Triangular2(1e-6, 1e-3, 69),
            new ExpRange(1e-6, 1e-3, 69, 0.998),
            new CosineWarmRestarts(1e-3, 1e-6, 139, 2),
            new OneCycle(1e-3, 1390, 0.3, 25, 1e4));

    @Test
    void passesBothCountersThrough() {
        ISchedule s = Nd4jSchedule.of(SMALL_CALR);
        for (int i = 0; i < SMALL_CALR_RATES.length; i++) {
            assertEquals(SMALL_CALR_RATES[i], s.valueAt(i, i / ITERATIONS_PER_EPOCH), 1e-15, "iteration " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.valueAt(Integer.MIN_VALUE, 0));
        assertEquals("iteration must be >= 0, got -2147483648", e.getMessage());
    }

    @Test
    void jsonRoundTripThroughNd4jMapper() throws IOException {
        ObjectMapper mapper = JsonMappers.getMapper();
        for (LearningRateSchedule s : ALL) {
            Nd4jSchedule adapter = Nd4jSchedule.of(s);
            String json = mapper.writeValueAsString(adapter);
            assertTrue(json.contains("\"schedule\" : \"" + s + "\""), json);
            ISchedule back = mapper.readValue(json, ISchedule.class);
            assertEquals(adapter, back, json);
            assertEquals(s.valueAt(1000, 7), back.valueAt(1000, 7), 0.0);
        }
    }

    @Test
    void updaterConfigurationsRoundTripWithTheSchedule() throws IOException {
        ObjectMapper mapper = JsonMappers.getMapper();
        Nd4jSchedule calr = Nd4jSchedule.of(Calr.fineTuning(69));
        for (IUpdater updater : List.of(new Adam(calr), new Sgd(calr), new Nesterovs(calr))) {
            String json = mapper.writeValueAsString(updater);
            IUpdater back = mapper.readValue(json, IUpdater.class);
            assertEquals(updater, back, json);
            assertEquals(calr.valueAt(100, 1), back.getLearningRate(100, 1), 0.0);
        }
        TrainingConfig config = TrainingConfig.builder()
                .updater(new Adam(calr)).dataSetFeatureMapping("in").dataSetLabelMapping("label").build();
        TrainingConfig back = TrainingConfig.fromJson(config.toJson());
        assertEquals(calr, ((Adam) back.getUpdater()).getLearningRateSchedule());
    }

    @Test
    void schedulesWithoutATextFormFailAtWriteTime() {
        LearningRateSchedule custom = (iteration, epoch) -> 0.01;
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> JsonMappers.getMapper().writeValueAsString(Nd4jSchedule.of(custom)));
        assertTrue(e.getMessage().contains("cannot serialize"), e.getMessage());
        assertThrows(NotSerializableException.class, () -> javaRoundTrip(Nd4jSchedule.of(custom)));
        assertEquals(0.01, Nd4jSchedule.of(custom).valueAt(5, 5), 0.0, "usable without serialization");
    }

    @Test
    void javaSerializationUsesTheTextForm() throws Exception {
        for (LearningRateSchedule s : ALL) {
            Nd4jSchedule adapter = Nd4jSchedule.of(s);
            assertEquals(adapter, javaRoundTrip(adapter));
        }
    }

    private static Object javaRoundTrip(Object o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void cloneIsTheSameImmutableInstance() {
        Nd4jSchedule s = Nd4jSchedule.of(Calr.fineTuning(10));
        assertSame(s, s.clone());
        assertEquals(Calr.fineTuning(10), s.schedule());
        assertEquals("Nd4jSchedule[" + Calr.fineTuning(10) + "]", s.toString());
    }

    @Test
    void adamUpdaterUsesTheScheduledRateAtEachStep() {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        Adam adam = new Adam(Nd4jSchedule.of(SMALL_CALR));
        adam.setBeta1(beta1);
        adam.setBeta2(beta2);
        adam.setEpsilon(eps);
        int n = 3;
        GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, adam.stateSize(n)), true);
        double[] m = new double[n];
        double[] v = new double[n];
        for (int t = 0; t < SMALL_CALR_RATES.length; t++) {
            double[] g = {0.5 + t, -1.0 + 0.25 * t, 2.0 / (t + 1)};
            INDArray grad = Nd4j.create(g, new long[] {1, n}, DataType.DOUBLE);
            assertEquals('c', grad.ordering());
            updater.applyUpdater(grad, t, t / ITERATIONS_PER_EPOCH);
            double alpha = SMALL_CALR_RATES[t] * Math.sqrt(1 - Math.pow(beta2, t + 1)) / (1 - Math.pow(beta1, t + 1));
            for (int j = 0; j < n; j++) {
                m[j] = beta1 * m[j] + (1 - beta1) * g[j];
                v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
                double expected = alpha * m[j] / (Math.sqrt(v[j]) + eps);
                assertEquals(expected, grad.getDouble(0, j), Math.abs(expected) * ADAM_REL, "step " + t + " element " + j);
            }
        }
    }

    @Test
    void sgdUpdateIsTheScheduledRateTimesTheGradient() {
        Sgd sgd = new Sgd(Nd4jSchedule.of(SMALL_CALR));
        GradientUpdater<?> updater = sgd.instantiate((INDArray) null, true);
        for (int t = 0; t < SMALL_CALR_RATES.length; t++) {
            INDArray grad = Nd4j.ones(DataType.DOUBLE, 1, 4).muli(2.0);
            updater.applyUpdater(grad, t, t / ITERATIONS_PER_EPOCH);
            for (int j = 0; j < 4; j++) {
                assertEquals(2.0 * SMALL_CALR_RATES[t], grad.getDouble(0, j), 1e-15, "step " + t);
            }
        }
    }
}
