package dev.lore.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer over packed variable-length sequences, forward and backward by hand.
 *
 * <p>Gates, for input {@code x_t} and previous state {@code (h_{t-1}, c_{t-1})} (zero at
 * {@code t = 0}), with {@code z = x_t W + h_{t-1} U + b} split into four blocks of {@code h}
 * columns in the order i, f, g, o:
 * {@code i = sigmoid(z_i)}, {@code f = sigmoid(z_f)}, {@code g = tanh(z_g)},
 * {@code o = sigmoid(z_o)}, {@code c_t = f c_{t-1} + i g}, {@code h_t = o tanh(c_t)}.
 * Parameters {@code lstm.W [d, 4h]} (Glorot uniform), {@code lstm.U [h, 4h]} (orthonormal
 * rows), {@code lstm.b [4h]} (zero, forget block set to {@code forgetBias}).
 *
 * <p>Packing: sequences are sorted by length, longest first, so the sequences still running at
 * step {@code t} are the first {@code n_t}; packed row {@code off_t + j} holds step {@code t} of
 * the {@code j}-th sequence in that order. Padding never enters a product. Work per step: one
 * product {@code [n_t, h] x [h, 4h]} forward, one {@code [n_t, 4h] x [4h, h]} backward; the
 * input projection, {@code dW}, {@code dU} and the input gradient are one product each over all
 * steps. Products run in OpenBLAS; gate arithmetic in Java on heap rows (one array per gate, so
 * the loops vectorize).
 *
 * <p>Everything a pass computes lives in a {@link State} that the caller owns (one per workspace),
 * so {@link #forward} is thread-safe for distinct states while no optimizer changes the
 * parameters; {@link #backward} writes the parameters' gradients and is for one training thread.
 */
final class LstmLayer {

    final Parameter w;
    final Parameter u;
    final Parameter b;
    final int inputSize;
    final int hidden;
    private final int g4;
    /** Read-only zeros: the state before the first step and the gradient after the last. */
    private final float[] zeros;

    /**
     * The memory of one pass: the forward state per packed row (gates, cell, hidden), the native
     * buffers of the products, and the backward scratch. Grows to the largest batch seen; used by
     * one thread at a time.
     */
    static final class State {
        private Packing packing;
        private int width;
        private final float[][] bias;
        private float[][] gi;
        private float[][] gf;
        private float[][] gg;
        private float[][] go;
        private float[][] c;
        private float[][] tc;
        private float[][] h;
        private final NativeBuffer x = new NativeBuffer();
        private final NativeBuffer zp = new NativeBuffer();
        private final NativeBuffer hn = new NativeBuffer();
        // Backward state, allocated by the first backward pass.
        private final NativeBuffer dz = new NativeBuffer();
        private final NativeBuffer dhNative = new NativeBuffer();
        private final NativeBuffer hPrev = new NativeBuffer();
        private final NativeBuffer dx = new NativeBuffer();
        private float[][] dhRec;
        private float[][] dcCarry;
        private float[][] dzRow;
        private float[][] db;
        private float[] dbFlat;

        private State(int hidden) {
            this.bias = new float[4][hidden];
        }
    }

    LstmLayer(int inputSize, int hidden, double forgetBias, SplittableRandom rng) {
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.g4 = Math.multiplyExact(4, hidden);
        this.w = Parameter.dense("lstm.W", Init.glorotUniform(inputSize, g4, rng));
        this.u = Parameter.dense("lstm.U", Init.orthogonalRows(hidden, g4, rng));
        float[] b0 = new float[g4];
        Arrays.fill(b0, hidden, 2 * hidden, (float) forgetBias);
        this.b = Parameter.dense("lstm.b", Nd4j.create(b0, new long[] {g4}, DataType.FLOAT));
        this.zeros = new float[hidden];
    }

    /** A new, empty state for this layer's passes. */
    State newState() {
        return new State(hidden);
    }

    /**
     * Native buffer of {@code s} for the packed input {@code x}, {@code [packing.count, width]};
     * fill it, then call {@link #forward}.
     */
    FloatBuffer input(State s, Packing p, int width) {
        return s.x.ensure((long) p.count * width).view();
    }

    /** Hidden states of {@code s}, one heap row of {@code hidden} floats per packed row; valid after {@link #forward}. */
    float[][] hiddenStates(State s) {
        return s.h;
    }

    /**
     * Runs the recurrence over the packed input written through {@link #input}, with input
     * projection {@code z = x P + h U + b}: {@code P = W} for embeddings given as they are, or
     * {@code P = B W} when {@code x} holds rows of a factor {@code A} of the embedding {@code A B}
     * (the same product, with {@code r} instead of {@code d} columns). Writes only {@code s}.
     *
     * @param width columns of {@code x}
     * @param projection {@code P}, row-major {@code [width, 4h]}
     */
    void forward(State s, Packing p, int width, FloatPointer projection) {
        s.packing = p;
        s.width = width;
        int n = p.count;
        allocate(s, n);
        float[][] bias = s.bias;
        FloatBuffer bv = b.valueBuffer();
        for (int q = 0; q < 4; q++) {
            bv.get(q * hidden, bias[q], 0, hidden);
        }
        s.zp.ensure((long) n * g4);
        s.hn.ensure((long) n * hidden);
        Blas.gemm(false, false, n, g4, width, 1f, s.x.at(0), width, projection, g4, 0f, s.zp.at(0), g4);
        FloatBuffer zv = s.zp.view();
        FloatBuffer hv = s.hn.view();
        float[][] gi = s.gi;
        float[][] gf = s.gf;
        float[][] gg = s.gg;
        float[][] go = s.go;
        float[][] c = s.c;
        float[][] tc = s.tc;
        float[][] h = s.h;
        for (int t = 0; t < p.steps; t++) {
            int off = p.offset[t];
            int active = p.active[t];
            if (t > 0) {
                Blas.gemm(false, false, active, g4, hidden, 1f, s.hn.at((long) p.offset[t - 1] * hidden),
                        hidden, NativeBuffer.pointerTo(u.value(), 0), g4, 1f, s.zp.at((long) off * g4), g4);
            }
            for (int j = 0; j < active; j++) {
                int r = off + j;
                int base = r * g4;
                zv.get(base, gi[r], 0, hidden);
                zv.get(base + hidden, gf[r], 0, hidden);
                zv.get(base + 2 * hidden, gg[r], 0, hidden);
                zv.get(base + 3 * hidden, go[r], 0, hidden);
                float[] cPrev = t > 0 ? c[p.offset[t - 1] + j] : zeros;
                cell(bias, gi[r], gf[r], gg[r], go[r], cPrev, c[r], tc[r], h[r]);
                hv.put(r * hidden, h[r], 0, hidden);
            }
        }
    }

    /**
     * The cell update of one sequence at one step, in place: gate pre-activations become
     * activations. One short loop per nonlinearity: C2 only unrolls, hence vectorizes, small
     * loop bodies, and one loop with five inlined tanh stays scalar (measured 6x slower).
     */
    private void cell(float[][] bias, float[] i, float[] f, float[] g, float[] o, float[] cPrev, float[] cr,
            float[] tcr, float[] hr) {
        sigmoid(i, bias[0]);
        sigmoid(f, bias[1]);
        tanh(g, bias[2]);
        sigmoid(o, bias[3]);
        for (int k = 0; k < hidden; k++) {
            cr[k] = f[k] * cPrev[k] + i[k] * g[k];
        }
        for (int k = 0; k < hidden; k++) {
            tcr[k] = FloatMath.tanh(cr[k]);
        }
        for (int k = 0; k < hidden; k++) {
            hr[k] = o[k] * tcr[k];
        }
    }

    private void sigmoid(float[] z, float[] bz) {
        for (int k = 0; k < hidden; k++) {
            z[k] = FloatMath.sigmoid(z[k] + bz[k]);
        }
    }

    private void tanh(float[] z, float[] bz) {
        for (int k = 0; k < hidden; k++) {
            z[k] = FloatMath.tanh(z[k] + bz[k]);
        }
    }

    private void allocate(State s, int n) {
        s.gi = Tensors.matrix(n, hidden, s.gi);
        s.gf = Tensors.matrix(n, hidden, s.gf);
        s.gg = Tensors.matrix(n, hidden, s.gg);
        s.go = Tensors.matrix(n, hidden, s.go);
        s.c = Tensors.matrix(n, hidden, s.c);
        s.tc = Tensors.matrix(n, hidden, s.tc);
        s.h = Tensors.matrix(n, hidden, s.h);
    }

    /**
     * Back-propagation through time from {@code dh}, the gradient of the loss with respect to
     * each packed hidden state (heap rows, not modified). Writes the gradients of {@code U} and
     * {@code b} if trainable, {@code dP = x^T dZ} into {@code projectionGradient} unless it is
     * null, and, if {@code inputGradient}, {@code dx = dZ P^T} (readable through
     * {@link #inputGradient}). {@code P} is the projection given to the last {@link #forward}
     * on {@code s}, whose state this uses. The caller owns {@code W}'s gradient: {@code dW = dP}
     * when {@code P = W}. Not thread-safe (it writes the parameters' gradients).
     */
    void backward(State s, float[][] dh, FloatPointer projection, FloatPointer projectionGradient,
            boolean inputGradient) {
        Packing p = s.packing;
        if (p == null) {
            throw new IllegalStateException("backward before forward");
        }
        int n = p.count;
        int batch = p.steps == 0 ? 0 : p.active[0];
        if (s.dzRow == null) {
            s.dzRow = new float[4][hidden];
            s.db = new float[4][hidden];
            s.dbFlat = new float[g4];
        }
        s.dhRec = Tensors.matrix(batch, hidden, s.dhRec);
        s.dcCarry = Tensors.matrix(batch, hidden, s.dcCarry);
        float[][] dhRec = s.dhRec;
        float[][] dcCarry = s.dcCarry;
        float[][] dzRow = s.dzRow;
        s.dz.ensure((long) n * g4);
        s.dhNative.ensure((long) batch * hidden);
        for (float[] row : s.db) {
            Arrays.fill(row, 0f);
        }
        FloatBuffer dzv = s.dz.view();
        FloatBuffer dhv = s.dhNative.view();
        for (int t = p.steps - 1; t >= 0; t--) {
            int off = p.offset[t];
            int next = t + 1 < p.steps ? p.active[t + 1] : 0;
            for (int j = 0; j < p.active[t]; j++) {
                int r = off + j;
                float[] cPrev = t > 0 ? s.c[p.offset[t - 1] + j] : zeros;
                step(s, r, dh[r], j < next ? dhRec[j] : zeros, j < next ? dcCarry[j] : zeros, cPrev,
                        dcCarry[j]);
                int base = r * g4;
                for (int q = 0; q < 4; q++) {
                    dzv.put(base + q * hidden, dzRow[q], 0, hidden);
                }
            }
            if (t > 0) {
                Blas.gemm(false, true, p.active[t], hidden, g4, 1f, s.dz.at((long) off * g4), g4,
                        NativeBuffer.pointerTo(u.value(), 0), g4, 0f, s.dhNative.at(0), hidden);
                for (int j = 0; j < p.active[t]; j++) {
                    dhv.get(j * hidden, dhRec[j], 0, hidden);
                }
            }
        }
        parameterGradients(s, p);
        int width = s.width;
        if (projectionGradient != null) {
            // With no token at all, K = 0 and BLAS sets the product to beta C = 0.
            Blas.gemm(true, false, width, g4, n, 1f, s.x.at(0), width, s.dz.at(0), g4, 0f,
                    projectionGradient, g4);
        }
        if (inputGradient) {
            s.dx.ensure((long) n * width);
            Blas.gemm(false, true, n, width, g4, 1f, s.dz.at(0), g4, projection, g4, 0f, s.dx.at(0), width);
        }
    }

    /**
     * One cell backward: from {@code dhOut + dhRecurrent} and the carried {@code dc} of the next
     * step, the four pre-activation gradients into {@code s.dzRow} (accumulated into {@code s.db})
     * and {@code dc f} into {@code carryOut} for the previous step. {@code carryIn} and
     * {@code carryOut} may be the same array.
     */
    private void step(State s, int r, float[] dhOut, float[] dhRecurrent, float[] carryIn, float[] cPrev,
            float[] carryOut) {
        float[] i = s.gi[r];
        float[] f = s.gf[r];
        float[] g = s.gg[r];
        float[] o = s.go[r];
        float[] t = s.tc[r];
        float[][] dzRow = s.dzRow;
        float[] dzi = dzRow[0];
        float[] dzf = dzRow[1];
        float[] dzg = dzRow[2];
        float[] dzo = dzRow[3];
        for (int k = 0; k < hidden; k++) {
            float dhk = dhOut[k] + dhRecurrent[k];
            float dc = dhk * o[k] * (1f - t[k] * t[k]) + carryIn[k];
            dzi[k] = dc * g[k] * i[k] * (1f - i[k]);
            dzf[k] = dc * cPrev[k] * f[k] * (1f - f[k]);
            dzg[k] = dc * i[k] * (1f - g[k] * g[k]);
            dzo[k] = dhk * t[k] * o[k] * (1f - o[k]);
            carryOut[k] = dc * f[k];
        }
        for (int q = 0; q < 4; q++) {
            float[] acc = s.db[q];
            float[] src = dzRow[q];
            for (int k = 0; k < hidden; k++) {
                acc[k] += src[k];
            }
        }
    }

    /** {@code dU = H_prev^T dZ} over steps {@code t >= 1}, and {@code db}. */
    private void parameterGradients(State s, Packing p) {
        int n = p.count;
        if (u.isTrainable()) {
            int first = p.steps == 0 ? 0 : p.active[0];
            int rows = n - first;
            if (rows == 0) {
                u.clearGradient();
            } else {
                // Row off_t - first + j of hPrev is h_{t-1} of sequence j, aligned with dZ's rows.
                FloatBuffer hp = s.hPrev.ensure((long) rows * hidden).view();
                FloatBuffer hv = s.hn.view();
                for (int t = 1; t < p.steps; t++) {
                    hp.put((p.offset[t] - first) * hidden, hv, p.offset[t - 1] * hidden,
                            p.active[t] * hidden);
                }
                Blas.gemm(true, false, hidden, g4, rows, 1f, s.hPrev.at(0), hidden,
                        s.dz.at((long) first * g4), g4, 0f, NativeBuffer.pointerTo(u.gradient(), 0), g4);
            }
        }
        if (b.isTrainable()) {
            for (int q = 0; q < 4; q++) {
                System.arraycopy(s.db[q], 0, s.dbFlat, q * hidden, hidden);
            }
            b.setGradient(s.dbFlat);
        }
    }

    /** The gradient with respect to the packed input of {@code s}, {@code [count, width]}, after {@link #backward}. */
    FloatBuffer inputGradient(State s) {
        return s.dx.view();
    }

    /**
     * The packed layout of a batch: sequences sorted by decreasing length (ties by index),
     * {@code active[t]} sequences running at step {@code t}, their rows starting at
     * {@code offset[t]}.
     */
    static final class Packing {
        final int[] order;
        final int[] lengths;
        final int steps;
        final int[] active;
        final int[] offset;
        final int count;

        Packing(int[] lengths) {
            int n = lengths.length;
            this.lengths = lengths.clone();
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, bb) -> lengths[bb] != lengths[a]
                    ? Integer.compare(lengths[bb], lengths[a]) : Integer.compare(a, bb));
            this.order = new int[n];
            for (int j = 0; j < n; j++) {
                order[j] = idx[j];
            }
            this.steps = n == 0 ? 0 : lengths[order[0]];
            this.active = new int[steps];
            this.offset = new int[steps + 1];
            for (int t = 0; t < steps; t++) {
                int a = 0;
                while (a < n && lengths[order[a]] > t) {
                    a++;
                }
                active[t] = a;
                offset[t + 1] = offset[t] + a;
            }
            this.count = offset[steps];
        }

        /** Packed row of step {@code t} of the {@code j}-th sequence in sorted order. */
        int row(int t, int j) {
            return offset[t] + j;
        }
    }
}
