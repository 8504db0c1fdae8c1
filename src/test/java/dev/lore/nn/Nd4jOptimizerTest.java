package dev.lore.nn;

import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.ConstantRate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

class Nd4jOptimizerTest {

    @Test
    void sgdSubtractsRateTimesGradientAndLeavesGradientAlone() {
        Parameter w = Parameter.dense("w", Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.FLOAT));
        Parameter b = Parameter.dense("b", Nd4j.create(new float[] {5, 6}, new long[] {2}, DataType.FLOAT));
        w.setGradient(new float[] {1, -1, 0.5f, 0});
        b.setGradient(new float[] {2, 4});
        // The configured rate (5.0) is replaced by the LearningRateSchedule (0.25).
        Nd4jOptimizer.create(List.of(w, b), new Sgd(5.0), new ConstantRate(0.25)).step();
        assertArrayEquals(new float[] {0.75f, 2.25f, 2.875f, 4}, Batches.floats(w.value()), 0f);
        assertArrayEquals(new float[] {4.5f, 5}, Batches.floats(b.value()), 0f);
        assertArrayEquals(new float[] {1, -1, 0.5f, 0}, Batches.floats(w.gradient()), 0f);
    }

    @Test
    void rowSparseGradientOfAnEmbeddingIsApplied() {
        Parameter t = Parameter.rowSparse("t", Nd4j.zeros(DataType.FLOAT, 3, 2));
        t.setRowGradients(new int[] {2}, 1, new float[] {1, 2});
        Nd4jOptimizer opt = Nd4jOptimizer.create(List.of(t), new Sgd(0.1), new ConstantRate(0.5));
        opt.step();
        assertArrayEquals(new float[] {0, 0, 0, 0, -0.5f, -1}, Batches.floats(t.value()), 0f);
        assertEquals(1, opt.iteration());
    }

    @Test
    void nesterovMomentumAccumulatesAcrossSteps() {
        // ND4J's Nesterov update with momentum mu: v' = mu v - lr g, step = -(mu v - (1 + mu) v'),
        // theta -= step. With g = 1, lr = 0.1, mu = 0.5: v1 = -0.1, step1 = 0.15, v2 = -0.15, step2 = 0.175.
        Parameter p = Parameter.dense("x", Nd4j.create(new float[] {0}, new long[] {1}, DataType.FLOAT));
        Nd4jOptimizer opt = Nd4jOptimizer.create(List.of(p), new Nesterovs(0.1, 0.5), new ConstantRate(0.1));
        p.setGradient(new float[] {1});
        opt.step();
        assertEquals(-0.15f, p.value().getFloat(0), 1e-7f);
        opt.step();
        assertEquals(-0.325f, p.value().getFloat(0), 1e-7f);
    }
}
