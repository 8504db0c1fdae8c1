package dev.lore.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code y = x W + b} ({@code W [in, out]}, {@code b [out]}) computed on
 * heap arrays: for the small layers of these models a Java loop costs microseconds where an ND4J
 * call costs about 50. Weights are Glorot uniform, biases zero.
 *
 * <p>A pass works on a {@link Weights} copy of the parameters that belongs to the caller's
 * workspace, so {@link #load} and {@link #forward} are thread-safe (while no optimizer changes the
 * parameters). {@link #backward} writes the parameters' gradients through buffers of this layer:
 * training is single-threaded.
 */
final class DenseLayer {

    final Parameter weight;
    final Parameter bias;
    final int in;
    final int out;
    private final float[][] gw;
    private final float[] gb;
    private final float[] flat;

    DenseLayer(String name, int in, int out, SplittableRandom rng) {
        this.in = in;
        this.out = out;
        this.weight = Parameter.dense(name + ".W", Init.glorotUniform(in, out, rng));
        this.bias = Parameter.dense(name + ".b", Nd4j.zeros(DataType.FLOAT, out));
        this.gw = new float[in][out];
        this.gb = new float[out];
        this.flat = new float[Math.multiplyExact(in, out)];
    }

    /** The parameters' values on the heap, for one pass: {@code w[k][j] = W[k][j]}, {@code b[j]}. */
    static final class Weights {
        final float[][] w;
        final float[] b;
        private float[][] wt;

        Weights(DenseLayer layer) {
            this.w = new float[layer.in][layer.out];
            this.b = new float[layer.out];
        }

        /** {@code W^T}, {@code [out][in]}, made from {@link #w} (only the backward pass needs it). */
        float[][] transposed() {
            int in = w.length;
            int out = b.length;
            if (wt == null) {
                wt = new float[out][in];
            }
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) {
                    wt[j][k] = w[k][j];
                }
            }
            return wt;
        }
    }

    /** New heap buffers for this layer's weights. */
    Weights newWeights() {
        return new Weights(this);
    }

    /** Copies the current parameter values into {@code dst}; call before {@link #forward}. */
    void load(Weights dst) {
        FloatBuffer wv = weight.valueBuffer();
        for (int k = 0; k < in; k++) {
            wv.get(k * out, dst.w[k], 0, out);
        }
        bias.valueBuffer().get(0, dst.b, 0, out);
    }

    /** {@code y[i] = b + x[i] W} for {@code i < n}, with the weights in {@code wb}; {@code y} is overwritten. */
    void forward(Weights wb, float[][] x, int n, float[][] y) {
        float[][] w = wb.w;
        float[] b = wb.b;
        for (int i = 0; i < n; i++) {
            float[] yi = y[i];
            System.arraycopy(b, 0, yi, 0, out);
            float[] xi = x[i];
            for (int k = 0; k < in; k++) {
                float xk = xi[k];
                float[] wk = w[k];
                for (int j = 0; j < out; j++) {
                    yi[j] += xk * wk[j];
                }
            }
        }
    }

    /**
     * Given {@code dy = dL/dy}: writes {@code dW = x^T dy} and {@code db = sum_i dy[i]} to the
     * trainable parameters, and {@code dx = dy W^T} into {@code dx} unless it is null, with the
     * weights {@code wb} of the forward pass. Not thread-safe (it writes the gradients).
     */
    void backward(Weights wb, float[][] x, float[][] dy, int n, float[][] dx) {
        if (weight.isTrainable()) {
            for (float[] row : gw) {
                Arrays.fill(row, 0f);
            }
            for (int i = 0; i < n; i++) {
                float[] xi = x[i];
                float[] dyi = dy[i];
                for (int k = 0; k < in; k++) {
                    float xk = xi[k];
                    float[] gk = gw[k];
                    for (int j = 0; j < out; j++) {
                        gk[j] += xk * dyi[j];
                    }
                }
            }
            for (int k = 0; k < in; k++) {
                System.arraycopy(gw[k], 0, flat, k * out, out);
            }
            weight.setGradient(flat);
        }
        if (bias.isTrainable()) {
            Arrays.fill(gb, 0f);
            for (int i = 0; i < n; i++) {
                float[] dyi = dy[i];
                for (int j = 0; j < out; j++) {
                    gb[j] += dyi[j];
                }
            }
            bias.setGradient(gb);
        }
        if (dx != null) {
            float[][] wt = wb.transposed();
            // Row by row against W^T: the inner loop is an axpy, which vectorizes; a dot product
            // (a float reduction) would not.
            for (int i = 0; i < n; i++) {
                float[] dyi = dy[i];
                float[] dxi = dx[i];
                Arrays.fill(dxi, 0, in, 0f);
                for (int j = 0; j < out; j++) {
                    float g = dyi[j];
                    float[] wj = wt[j];
                    for (int k = 0; k < in; k++) {
                        dxi[k] += g * wj[k];
                    }
                }
            }
        }
    }
}
