package dev.lore.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference gradient checks against double-precision reference losses.
 *
 * <p>The reference loss is an independent, naive double implementation of the model's forward
 * pass (see {@link Reference}); central differences of it with a small step are accurate to
 * about 1e-9, so the comparison measures the float gradient's own error (about 1e-6 relative),
 * not finite-difference noise.
 */
final class GradientCheck {

    /** Central-difference step on parameters of order 0.1 to 1. */
    static final double STEP = 1e-5;
    /** Relative tolerance of a float gradient element against its double reference. */
    static final double REL_TOL = 2e-3;
    /** Absolute tolerance, for elements near zero. */
    static final double ABS_TOL = 2e-6;

    private GradientCheck() {
    }

    /** Parameter values as double arrays, by name. */
    static Map<String, double[]> values(List<Parameter> parameters) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            out.put(p.name(), toDouble(p.value()));
        }
        return out;
    }

    static double[] toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** Central differences of {@code loss} with respect to every element of parameter {@code name}. */
    static double[] numericGradient(ToDoubleFunction<Map<String, double[]>> loss,
            Map<String, double[]> theta, String name) {
        double[] x = theta.get(name);
        double[] g = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double saved = x[k];
            x[k] = saved + STEP;
            double up = loss.applyAsDouble(theta);
            x[k] = saved - STEP;
            double down = loss.applyAsDouble(theta);
            x[k] = saved;
            g[k] = (up - down) / (2 * STEP);
        }
        return g;
    }

    /** Index of the first element where the two gradients disagree beyond tolerance, or -1. */
    static int firstMismatch(double[] analytic, double[] numeric) {
        if (analytic.length != numeric.length) {
            return 0;
        }
        for (int k = 0; k < analytic.length; k++) {
            double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric[k]));
            if (!(Math.abs(analytic[k] - numeric[k]) <= ABS_TOL + REL_TOL * scale)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Checks every trainable parameter's gradient against central differences of
     * {@code loss} and every frozen one for zero; throws {@link AssertionError} naming the first
     * mismatch.
     */
    static void assertGradients(List<Parameter> parameters,
            ToDoubleFunction<Map<String, double[]>> loss) {
        Map<String, double[]> theta = values(parameters);
        for (Parameter p : parameters) {
            double[] analytic = toDouble(p.gradient());
            if (!p.isTrainable()) {
                for (int k = 0; k < analytic.length; k++) {
                    if (analytic[k] != 0) {
                        throw new AssertionError("frozen " + p.name() + " has gradient " + analytic[k]
                                + " at " + k);
                    }
                }
                continue;
            }
            double[] numeric = numericGradient(loss, theta, p.name());
            int k = firstMismatch(analytic, numeric);
            if (k >= 0) {
                throw new AssertionError(p.name() + "[" + k + "]: analytic " + analytic[k]
                        + ", finite differences " + numeric[k]);
            }
        }
    }
}
