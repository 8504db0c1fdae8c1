package dev.lore.nn;

import java.util.Map;

/**
 * Naive double-precision forward passes of the layers and models, written from the formulas in
 * the Javadoc, independently of the implementation: the oracle of the gradient checks.
 */
final class Reference {

    private Reference() {
    }

    /** How a token becomes a vector under parameter values {@code theta}. */
    interface Lookup {
        double[] row(Map<String, double[]> theta, int id);
    }

    static Lookup full(int d) {
        return (theta, id) -> {
            double[] e = theta.get("embedding.E");
            double[] out = new double[d];
            System.arraycopy(e, id * d, out, 0, d);
            return out;
        };
    }

    static Lookup factorized(int r, int d) {
        return (theta, id) -> {
            double[] a = theta.get("embedding.A");
            double[] b = theta.get("embedding.B");
            double[] out = new double[d];
            for (int j = 0; j < r; j++) {
                for (int c = 0; c < d; c++) {
                    out[c] += a[id * r + j] * b[j * d + c];
                }
            }
            return out;
        };
    }

    /** A fixed table (e.g. dequantized), not a parameter. */
    static Lookup fixed(double[] table, int d) {
        return (theta, id) -> {
            double[] out = new double[d];
            System.arraycopy(table, id * d, out, 0, d);
            return out;
        };
    }

    static double[] meanEmbedding(Map<String, double[]> theta, Lookup lookup, int[] ids, int length,
            int d) {
        double[] x = new double[d];
        for (int t = 0; t < length; t++) {
            double[] e = lookup.row(theta, ids[t]);
            for (int c = 0; c < d; c++) {
                x[c] += e[c] / length;
            }
        }
        return x;
    }

    /** {@code y = x W + b} with {@code W} row-major {@code [in, out]}, optionally ReLU. */
    static double[] dense(double[] x, double[] w, double[] b, boolean relu) {
        int out = b.length;
        double[] y = b.clone();
        for (int k = 0; k < x.length; k++) {
            for (int j = 0; j < out; j++) {
                y[j] += x[k] * w[k * out + j];
            }
        }
        if (relu) {
            for (int j = 0; j < out; j++) {
                y[j] = Math.max(0, y[j]);
            }
        }
        return y;
    }

    static double crossEntropy(double[] z, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - z[label];
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** DAN logits of one sequence. */
    static double[] danLogits(Map<String, double[]> theta, Lookup lookup, int[] ids, int length,
            int d) {
        double[] x = meanEmbedding(theta, lookup, ids, length, d);
        double[] h1 = dense(x, theta.get("dense1.W"), theta.get("dense1.b"), true);
        double[] h2 = dense(h1, theta.get("dense2.W"), theta.get("dense2.b"), true);
        return dense(h2, theta.get("output.W"), theta.get("output.b"), false);
    }

    static double danLoss(Map<String, double[]> theta, Lookup lookup, int[][] ids, int[] lengths,
            int[] labels, int d) {
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            total += crossEntropy(danLogits(theta, lookup, ids[i], lengths[i], d), labels[i]);
        }
        return total / ids.length;
    }

    /** Masked mean of the LSTM hidden states of one sequence (gate order i, f, g, o). */
    static double[] lstmMean(Map<String, double[]> theta, Lookup lookup, int[] ids, int length,
            int d, int hidden) {
        double[] w = theta.get("lstm.W");
        double[] u = theta.get("lstm.U");
        double[] b = theta.get("lstm.b");
        int g4 = 4 * hidden;
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        double[] sum = new double[hidden];
        for (int t = 0; t < length; t++) {
            double[] x = lookup.row(theta, ids[t]);
            double[] z = b.clone();
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < g4; j++) {
                    z[j] += x[k] * w[k * g4 + j];
                }
            }
            for (int k = 0; k < hidden; k++) {
                for (int j = 0; j < g4; j++) {
                    z[j] += h[k] * u[k * g4 + j];
                }
            }
            for (int k = 0; k < hidden; k++) {
                double ig = sigmoid(z[k]);
                double fg = sigmoid(z[hidden + k]);
                double gg = Math.tanh(z[2 * hidden + k]);
                double og = sigmoid(z[3 * hidden + k]);
                c[k] = fg * c[k] + ig * gg;
                h[k] = og * Math.tanh(c[k]);
                sum[k] += h[k];
            }
        }
        if (length > 0) {
            for (int k = 0; k < hidden; k++) {
                sum[k] /= length;
            }
        }
        return sum;
    }

    static double[] lstmLogits(Map<String, double[]> theta, Lookup lookup, int[] ids, int length,
            int d, int hidden, float[] mask) {
        double[] m = lstmMean(theta, lookup, ids, length, d, hidden);
        if (mask != null) {
            for (int k = 0; k < hidden; k++) {
                m[k] *= mask[k];
            }
        }
        return dense(m, theta.get("output.W"), theta.get("output.b"), false);
    }

    static double lstmLoss(Map<String, double[]> theta, Lookup lookup, int[][] ids, int[] lengths,
            int[] labels, int d, int hidden, float[][] mask) {
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            double[] z = lstmLogits(theta, lookup, ids[i], lengths[i], d, hidden,
                    mask == null ? null : mask[i]);
            total += crossEntropy(z, labels[i]);
        }
        return total / ids.length;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
