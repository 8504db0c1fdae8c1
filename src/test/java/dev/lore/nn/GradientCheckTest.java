package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The checker itself: it must pass exact gradients and catch wrong ones. */
class GradientCheckTest {

    private static final double EXACT_TOL = 1e-8;

    /** f(x) = sum_k sin(x_k) x_{k+1}, whose gradient is known in closed form. */
    private static final ToDoubleFunction<Map<String, double[]>> F = theta -> {
        double[] x = theta.get("x");
        double s = 0;
        for (int k = 0; k + 1 < x.length; k++) {
            s += Math.sin(x[k]) * x[k + 1];
        }
        return s;
    };

    private static double[] exactGradient(double[] x) {
        double[] g = new double[x.length];
        for (int k = 0; k + 1 < x.length; k++) {
            g[k] += Math.cos(x[k]) * x[k + 1];
            g[k + 1] += Math.sin(x[k]);
        }
        return g;
    }

    @Test
    void numericGradientMatchesClosedForm() {
        double[] x = {0.3, -1.2, 0.7, 2.0};
        Map<String, double[]> theta = new HashMap<>();
        theta.put("x", x.clone());
        assertArrayEquals(exactGradient(x), GradientCheck.numericGradient(F, theta, "x"), EXACT_TOL);
    }

    @Test
    void acceptsTheTrueGradientAndRejectsSmallErrors() {
        double[] x = {0.3, -1.2, 0.7, 2.0};
        Map<String, double[]> theta = new HashMap<>();
        theta.put("x", x.clone());
        double[] numeric = GradientCheck.numericGradient(F, theta, "x");
        double[] good = exactGradient(x);
        assertEquals(-1, GradientCheck.firstMismatch(good, numeric));
        double[] bad = good.clone();
        bad[2] *= 1.01; // a 1% error in one element
        assertEquals(2, GradientCheck.firstMismatch(bad, numeric));
        double[] swapped = good.clone();
        swapped[0] = good[1];
        swapped[1] = good[0];
        assertEquals(0, GradientCheck.firstMismatch(swapped, numeric));
    }

    @Test
    void assertGradientsCatchesAWrongParameterGradient() {
        Parameter p = Parameter.dense("x", Nd4j.create(new double[] {0.3, -1.2, 0.7, 2.0}).castTo(DataType.FLOAT));
        double[] x = GradientCheck.toDouble(p.value());
        float[] g = new float[4];
        double[] exact = exactGradient(x);
        for (int k = 0; k < 4; k++) {
            g[k] = (float) exact[k];
        }
        p.setGradient(g);
        GradientCheck.assertGradients(List.of(p), F); // passes
        g[3] = -g[3]; // a sign error, as from a wrong backward pass
        p.setGradient(g);
        assertThrows(AssertionError.class, () -> GradientCheck.assertGradients(List.of(p), F));
    }

    @Test
    void frozenParameterMustHaveZeroGradient() {
        Parameter p = Parameter.dense("x", Nd4j.create(new float[] {0.3f, -1.2f}, new long[] {2}, DataType.FLOAT));
        p.setGradient(new float[] {1f, 0f});
        p.setTrainable(false); // clears the gradient
        GradientCheck.assertGradients(List.of(p), F);
        p.setTrainable(true);
        p.setGradient(new float[] {1f, 0f});
        // Freezing after the fact is not what a layer does; simulate a layer that ignored the flag.
        Parameter q = Parameter.dense("x", Nd4j.create(new float[] {0.3f, -1.2f}, new long[] {2}, DataType.FLOAT));
        q.setTrainable(false);
        q.setGradient(new float[] {1f, 0f});
        assertThrows(AssertionError.class, () -> GradientCheck.assertGradients(List.of(q), F));
    }
}
