package dev.lore.nn;

import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.ConstantRate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamOptimizerTest {

    /** Agreement with ND4J's native Adam, relative to the largest value (float rounding). */
    private static final double ND4J_REL_TOL = 1e-6;
    /** Float implementation against a double reference. */
    private static final double DOUBLE_REL_TOL = 1e-5;

    private static Parameter scalar(float value) {
        return Parameter.dense("x", Nd4j.create(new float[] {value}, new long[] {1}, DataType.FLOAT));
    }

    @Test
    void firstStepByHandInBothForms() {
        // g = 2, lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 0.01: m = 0.2, v = 0.004.
        double m = 0.2;
        double v = 0.004;
        double nd4j = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9) * m / (Math.sqrt(v) + 0.01);
        double torch = 0.1 / (1 - 0.9) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999) + 0.01);
        for (AdamConfig.Form form : AdamConfig.Form.values()) {
            Parameter p = scalar(1f);
            p.setGradient(new float[] {2f});
            AdamOptimizer.create(List.of(p), AdamConfig.PAPER.withForm(form), new ConstantRate(0.1)).step();
            double expected = 1 - (form == AdamConfig.Form.ND4J ? nd4j : torch);
            assertEquals(expected, p.value().getDouble(0), 1e-6, form.name());
        }
        assertNotEquals(nd4j, torch, 1e-3); // the two forms really differ at this epsilon
    }

    @Test
    void matchesNd4jAdamOverManySteps() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray table = Batches.uniform(40, 30, 1.0, rng); // 1,200 values: crosses no chunk boundary
        INDArray big = Batches.uniform(1, 20_000, 1.0, rng); // crosses chunk boundaries
        INDArray bias = Batches.uniform(1, 7, 1.0, rng).reshape(7);
        List<Parameter> ours = List.of(Parameter.rowSparse("t", table), Parameter.dense("w", big), Parameter.dense("b", bias));
        List<Parameter> theirs = List.of(Parameter.rowSparse("t", table), Parameter.dense("w", big), Parameter.dense("b", bias));
        LearningRateSchedule lr = (it, epoch) -> 0.01 * (1 + Math.sin(it)) + 1e-4;
        AdamConfig config = new AdamConfig(0.9, 0.999, 0.01, AdamConfig.Form.ND4J);
        Optimizer fast = AdamOptimizer.create(ours, config, lr);
        Optimizer reference = Nd4jOptimizer.create(theirs, config.toNd4j(1.0), lr);
        for (int step = 0; step < 150; step++) {
            setSameRandomGradients(ours, theirs, rng, step % 3 == 2);
            fast.step();
            reference.step();
        }
        for (int k = 0; k < ours.size(); k++) {
            float[] a = Batches.floats(ours.get(k).value());
            float[] b = Batches.floats(theirs.get(k).value());
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(b[i]));
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst <= ND4J_REL_TOL * scale, ours.get(k).name() + ": max difference " + worst);
        }
    }

    /** Random gradients; the table gets a few rows only, or none at all when {@code empty}. */
    private static void setSameRandomGradients(List<Parameter> a, List<Parameter> b, SplittableRandom rng,
            boolean empty) {
        int cols = a.get(0).value().columns();
        int[] rows = empty ? new int[0] : new int[] {1, 5, 6, 39};
        float[] values = new float[rows.length * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) rng.nextGaussian();
        }
        a.get(0).setRowGradients(rows, rows.length, values);
        b.get(0).setRowGradients(rows, rows.length, values);
        for (int p = 1; p < a.size(); p++) {
            float[] g = new float[a.get(p).length()];
            for (int k = 0; k < g.length; k++) {
                g[k] = (float) (rng.nextGaussian() * (k % 5 == 0 ? 0 : 1));
            }
            a.get(p).setGradient(g);
            b.get(p).setGradient(g);
        }
    }

    @Test
    void pytorchFormMatchesADoubleReference() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 50;
        double[] x = new double[n];
        float[] init = new float[n];
        for (int i = 0; i < n; i++) {
            init[i] = (float) rng.nextGaussian();
            x[i] = init[i];
        }
        Parameter p = Parameter.dense("x", Nd4j.create(init, new long[] {n}, DataType.FLOAT));
        AdamConfig config = new AdamConfig(0.8, 0.99, 0.01, AdamConfig.Form.PYTORCH);
        Optimizer opt = AdamOptimizer.create(List.of(p), config, (it, epoch) -> 0.05 / (1 + it));
        double[] m = new double[n];
        double[] v = new double[n];
        for (int step = 0; step < 40; step++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) rng.nextGaussian();
            }
            p.setGradient(g);
            opt.step();
            int t = step + 1;
            double lr = 0.05 / (1 + step);
            for (int i = 0; i < n; i++) {
                m[i] = 0.8 * m[i] + 0.2 * g[i];
                v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(0.8, t));
                double vHat = v[i] / (1 - Math.pow(0.99, t));
                x[i] -= lr * mHat / (Math.sqrt(vHat) + 0.01);
            }
        }
        float[] got = Batches.floats(p.value());
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], got[i], DOUBLE_REL_TOL * Math.max(1, Math.abs(x[i])));
        }
    }

    @Test
    void rowsWithoutGradientKeepMovingOnMomentum() {
        Parameter p = Parameter.rowSparse("t", Nd4j.zeros(DataType.FLOAT, 3, 2));
        Optimizer opt = AdamOptimizer.create(List.of(p), AdamConfig.PAPER, new ConstantRate(0.1));
        p.setRowGradients(new int[] {1}, 1, new float[] {1f, -1f});
        opt.step();
        float afterFirst = p.value().getFloat(1, 0);
        p.setRowGradients(new int[0], 0, new float[0]);
        opt.step();
        assertTrue(p.value().getFloat(1, 0) < afterFirst, "dense Adam: momentum moves the row further");
        assertEquals(0f, p.value().getFloat(0, 0));
        assertEquals(-p.value().getFloat(1, 0), p.value().getFloat(1, 1));
        assertEquals(2, opt.iteration());
    }

    @Test
    void frozenParametersAreNotUpdated() {
        Parameter a = scalar(1f);
        Parameter b = Parameter.dense("y", Nd4j.create(new float[] {1f}, new long[] {1}, DataType.FLOAT));
        a.setGradient(new float[] {1f});
        b.setGradient(new float[] {1f});
        b.setTrainable(false);
        AdamOptimizer.create(List.of(a, b), AdamConfig.DEFAULT, new ConstantRate(0.1)).step();
        assertTrue(a.value().getFloat(0) < 1f);
        assertEquals(1f, b.value().getFloat(0));
    }

    @Test
    void aZeroLearningRateLeavesParametersUnchangedInBothForms() {
        for (AdamConfig config : List.of(AdamConfig.DEFAULT, AdamConfig.PAPER,
                new AdamConfig(0.9, 0.999, 1e-8, AdamConfig.Form.PYTORCH))) {
            Parameter p = scalar(1f);
            Optimizer opt = AdamOptimizer.create(List.of(p), config, (it, epoch) -> it < 3 ? 0.0 : 0.1);
            for (int i = 0; i < 3; i++) {
                p.setGradient(new float[] {1f});
                opt.step();
                assertEquals(1f, p.value().getFloat(0), config + " step " + i);
            }
            p.setGradient(new float[] {1f});
            opt.step();
            assertTrue(p.value().getFloat(0) < 1f, config + ": the moments kept accumulating and a positive rate moves it");
        }
    }

    @Test
    void learningRateSeesIterationAndEpochAndMustBeValid() {
        Parameter p = scalar(0f);
        long[] seen = new long[2];
        Optimizer opt = AdamOptimizer.create(List.of(p), AdamConfig.DEFAULT, (it, epoch) -> {
            seen[0] = it;
            seen[1] = epoch;
            return it < 2 ? 0.1 : Double.NaN;
        });
        opt.step();
        opt.setEpoch(3);
        opt.step();
        assertArrayEquals(new long[] {1, 3}, seen);
        IllegalStateException ex = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(ex.getMessage().contains("iteration 2, epoch 3 must be finite and >= 0, got NaN"), ex.getMessage());
        assertEquals(2, opt.iteration());
        assertThrows(IllegalArgumentException.class, () -> opt.setEpoch(-1));
        assertThrows(IllegalArgumentException.class,
                () -> AdamOptimizer.create(List.of(p, p), AdamConfig.DEFAULT, new ConstantRate(1)));
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(1.0, 0.999, 1e-8, AdamConfig.Form.ND4J));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, -0.1, 1e-8, AdamConfig.Form.ND4J));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, 0.999, 0, AdamConfig.Form.ND4J));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, 0.999, Double.NaN, AdamConfig.Form.ND4J));
        assertThrows(IllegalStateException.class, () -> AdamConfig.PAPER.withForm(AdamConfig.Form.PYTORCH).toNd4j(0.1));
        assertEquals(0.01, AdamConfig.PAPER.epsilon());
    }
}
