package dev.lore.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded weight initialisations. They draw from a {@link SplittableRandom} only (never ND4J's
 * global generator), so a seed fixes every value on every machine.
 */
final class Init {

    private Init() {
    }

    /**
     * Glorot/Xavier uniform (Glorot and Bengio, 2010): {@code U(-s, s)} with
     * {@code s = sqrt(6 / (fanIn + fanOut))}, as a {@code [fanIn, fanOut]} matrix.
     */
    static INDArray glorotUniform(int fanIn, int fanOut, SplittableRandom rng) {
        double s = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] w = new float[Math.multiplyExact(fanIn, fanOut)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2.0 * rng.nextDouble() - 1.0) * s);
        }
        return Nd4j.create(w, new long[] {fanIn, fanOut}, DataType.FLOAT);
    }

    /**
     * A {@code [rows, cols]} matrix ({@code rows <= cols}) with orthonormal rows: Gaussian rows
     * made orthonormal by modified Gram-Schmidt (twice, in double), as Keras' {@code Orthogonal}
     * initialiser does for a recurrent kernel (Saxe et al., 2014).
     */
    static INDArray orthogonalRows(int rows, int cols, SplittableRandom rng) {
        if (rows > cols) {
            throw new IllegalArgumentException("rows must be <= cols, got " + rows + " > " + cols);
        }
        double[][] q = new double[rows][cols];
        for (double[] row : q) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += q[i][j] * q[k][j];
                    }
                    for (int j = 0; j < cols; j++) {
                        q[i][j] -= dot * q[k][j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < cols; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < cols; j++) {
                q[i][j] /= norm;
            }
        }
        float[] w = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] = (float) q[i][j];
            }
        }
        return Nd4j.create(w, new long[] {rows, cols}, DataType.FLOAT);
    }
}
