package dev.lore.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over class scores and the mean cross-entropy
 * {@code L = -(1/n) sum_i log softmax(z_i)[y_i]}, whose gradient is
 * {@code dL/dz_i = (softmax(z_i) - onehot(y_i)) / n}.
 */
final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /** {@code probs[i] = softmax(logits[i])} for {@code i < n}, max-shifted for stability. */
    static void softmax(float[][] logits, int n, int classes, float[][] probs) {
        for (int i = 0; i < n; i++) {
            float[] z = logits[i];
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            for (int c = 0; c < classes; c++) {
                probs[i][c] = (float) (Math.exp(z[c] - max) / sum);
            }
        }
    }

    /**
     * The mean loss (computed in double from the logits, as {@code log sum exp(z) - z[y]}) and,
     * into {@code grad}, its gradient with respect to the logits; {@code probs} must hold
     * {@link #softmax} of the logits.
     */
    static double lossAndGradient(float[][] logits, float[][] probs, int[] labels, int n,
            int classes, float[][] grad) {
        double total = 0;
        float invN = 1f / n;
        for (int i = 0; i < n; i++) {
            float[] z = logits[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            total += max + Math.log(sum) - z[labels[i]];
            for (int c = 0; c < classes; c++) {
                grad[i][c] = (probs[i][c] - (c == labels[i] ? 1f : 0f)) * invN;
            }
        }
        return total / n;
    }

    /**
     * The labels of {@code batch}, checked against the number of classes.
     *
     * @throws IllegalArgumentException if there are none or one is {@code >= classes}
     */
    static int[] labels(TokenBatch batch, int classes) {
        int[] labels = batch.labels();
        if (labels == null) {
            throw new IllegalArgumentException("batch must have labels to compute a loss");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "labels[" + i + "] must be in [0, " + classes + "), got " + labels[i]);
            }
        }
        return labels;
    }

    /** The first {@code n} rows of {@code rows} as a new FLOAT {@code [n, classes]} array. */
    static INDArray toArray(float[][] rows, int n, int classes) {
        float[] flat = new float[n * classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * classes, classes);
        }
        return Nd4j.create(flat, new long[] {n, classes}, DataType.FLOAT);
    }

    /** The index of the largest score of each row (the first one on ties). */
    static int[] argmax(float[][] scores, int n, int classes) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i][c] > scores[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
