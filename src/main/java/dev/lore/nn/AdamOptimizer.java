package dev.lore.nn;

import dev.lore.schedule.LearningRateSchedule;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Dense Adam in plain Java loops: every element of every trainable parameter is updated at every
 * step, rows with zero gradient included (their moments decay and keep moving them), as in
 * ND4J, PyTorch and the paper; this is not the "lazy" sparse variant.
 *
 * <p>With {@link AdamConfig.Form#ND4J} it performs, in float, the same operations in the same
 * order as ND4J's {@code adam_updater} kernel followed by {@code value.subi(update)}:
 * {@code m = beta1 m + g (1 - beta1)}, {@code v = beta2 v + g g (1 - beta2)},
 * {@code a = lr sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code theta -= (m a) / (sqrt(v) + eps)}
 * with {@code t = iteration + 1}; results agree with ND4J's to float rounding
 * (AdamOptimizerTest). One deliberate difference: ND4J replaces a step factor {@code a} that is
 * zero, NaN or infinite by {@code eps}, so a learning rate of exactly 0 still moves every
 * parameter; here a learning rate of 0 leaves the parameters unchanged (the moments are still
 * updated), as in PyTorch. It runs about 8x faster than ND4J's updater on a 13,484 x 100 table
 * (docs/design/nn.md): the moments live on the heap in chunks small enough for the cache, and the
 * loop vectorizes. With {@link AdamConfig.Form#PYTORCH} it follows {@code torch.optim.Adam}.
 *
 * <p>Not thread-safe: see {@link Optimizer}.
 */
public final class AdamOptimizer extends AbstractOptimizer {

    private static final int CHUNK = 8192;

    private final AdamConfig config;
    private final float[][][] m;
    private final float[][][] v;
    private final float[] valueChunk;
    private final float[] gradChunk;

    private AdamOptimizer(List<Parameter> parameters, AdamConfig config, LearningRateSchedule learningRate) {
        super(parameters, learningRate);
        this.config = config;
        List<Parameter> ps = parameters();
        this.m = new float[ps.size()][][];
        this.v = new float[ps.size()][][];
        int largest = CHUNK;
        for (Parameter p : ps) {
            largest = Math.max(largest, chunkLength(p));
        }
        this.valueChunk = new float[largest];
        this.gradChunk = new float[largest];
        for (int i = 0; i < ps.size(); i++) {
            int chunk = chunkLength(ps.get(i));
            m[i] = chunks(ps.get(i).length(), chunk);
            v[i] = chunks(ps.get(i).length(), chunk);
        }
    }

    /**
     * An optimizer for {@code parameters} (each listed once), with zero moments.
     *
     * @param parameters the parameters to step, each listed once; the list is copied, the
     *     parameters' values are modified by {@link #step()}
     * @param config the hyper-parameters, not null
     * @param learningRate the rate at each iteration and epoch, not null
     * @return the optimizer, at iteration 0 and epoch 0
     * @throws IllegalArgumentException if a parameter is listed twice
     * @throws NullPointerException if an argument is null
     */
    public static AdamOptimizer create(List<Parameter> parameters, AdamConfig config,
            LearningRateSchedule learningRate) {
        java.util.Objects.requireNonNull(config, "config");
        return new AdamOptimizer(parameters, config, learningRate);
    }

    /**
     * The hyper-parameters.
     *
     * @return the configuration given at creation
     */
    public AdamConfig config() {
        return config;
    }

    /** Whole rows per chunk for row-sparse parameters, so a chunk's gradient can be assembled from touched rows. */
    private static int chunkLength(Parameter p) {
        if (!p.isRowSparse()) {
            return CHUNK;
        }
        int row = p.rowLength();
        return row * Math.max(1, CHUNK / row);
    }

    private static float[][] chunks(int n, int chunk) {
        int count = (n + chunk - 1) / chunk;
        float[][] out = new float[count][];
        for (int c = 0; c < count; c++) {
            out[c] = new float[Math.min(chunk, n - c * chunk)];
        }
        return out;
    }

    @Override
    void apply(double lr, long iteration, int epoch) {
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float eps = (float) config.epsilon();
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        float stepScale;
        float denomScale;
        if (config.form() == AdamConfig.Form.ND4J) {
            // Mirrors libnd4j's adamUpdater_: powers and the step factor in float, the division by
            // (1 - beta1^t) in double.
            float t = (float) iteration + 1f;
            float b1t = (float) Math.pow(b1, t);
            float b2t = (float) Math.pow(b2, t);
            float a = (float) ((double) ((float) lr * (float) Math.sqrt((float) (1.0 - b2t))) / (1.0 - b1t));
            // ND4J replaces a zero, NaN or infinite step factor by epsilon, so a learning rate of
            // exactly 0 would still move the parameters; here it leaves them unchanged.
            stepScale = lr == 0.0 ? 0f : Float.isNaN(a) || a == 0f || Float.isInfinite(a) ? eps : a;
            denomScale = 1f;
        } else {
            double t = iteration + 1.0;
            stepScale = (float) (lr / (1.0 - Math.pow(config.beta1(), t)));
            denomScale = (float) Math.sqrt(1.0 - Math.pow(config.beta2(), t));
            c1 = (float) (1.0 - config.beta1());
            c2 = (float) (1.0 - config.beta2());
        }
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            if (!p.isTrainable()) {
                continue;
            }
            FloatBuffer values = p.valueBuffer();
            FloatBuffer grads = p.gradientBuffer();
            float[][] mi = m[i];
            float[][] vi = v[i];
            int chunk = mi[0].length;
            int row = p.rowLength();
            int next = 0;
            for (int c = 0; c < mi.length; c++) {
                int from = c * chunk;
                int len = mi[c].length;
                values.get(from, valueChunk, 0, len);
                if (p.isRowSparse()) {
                    // Only touched rows have gradient: don't stream the whole zero table in.
                    java.util.Arrays.fill(gradChunk, 0, len, 0f);
                    int end = (from + len) / row;
                    for (; next < p.touchedCount() && p.touchedRow(next) < end; next++) {
                        int r = p.touchedRow(next);
                        grads.get(r * row, gradChunk, r * row - from, row);
                    }
                } else {
                    grads.get(from, gradChunk, 0, len);
                }
                if (config.form() == AdamConfig.Form.ND4J) {
                    nd4jKernel(valueChunk, gradChunk, mi[c], vi[c], len, b1, b2, c1, c2, stepScale, eps);
                } else {
                    torchKernel(valueChunk, gradChunk, mi[c], vi[c], len, b1, b2, c1, c2, stepScale,
                            denomScale, eps);
                }
                values.put(from, valueChunk, 0, len);
            }
        }
    }

    private static void nd4jKernel(float[] p, float[] g, float[] m, float[] v, int n, float b1,
            float b2, float c1, float c2, float a, float eps) {
        for (int k = 0; k < n; k++) {
            float gk = g[k];
            float mk = b1 * m[k] + gk * c1;
            float vk = b2 * v[k] + gk * gk * c2;
            m[k] = mk;
            v[k] = vk;
            p[k] = p[k] - (mk * a) / ((float) Math.sqrt(vk) + eps);
        }
    }

    private static void torchKernel(float[] p, float[] g, float[] m, float[] v, int n, float b1,
            float b2, float c1, float c2, float stepSize, float bc2Sqrt, float eps) {
        for (int k = 0; k < n; k++) {
            float gk = g[k];
            float mk = m[k] * b1 + c1 * gk;
            float vk = v[k] * b2 + c2 * gk * gk;
            m[k] = mk;
            v[k] = vk;
            p[k] = p[k] - stepSize * (mk / ((float) Math.sqrt(vk) / bc2Sqrt + eps));
        }
    }
}
