package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.ROW_MAJOR;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How far an approximation {@code A B} (or a dense {@code F}) is from {@code E}, measured in double.
 *
 * @param relativeError {@code ||E - A B||_F / ||E||_F}; {@code ||E - A B||_F} itself when {@code E = 0}
 * @param maxAbsError {@code max_ij |E - A B|_ij}
 * @param squaredNorm {@code ||E||_F^2}
 */
public record ReconstructionError(double relativeError, double maxAbsError, double squaredNorm) {

    /**
     * Validates the values.
     *
     * @param relativeError {@code >= 0}, may be infinite
     * @param maxAbsError {@code >= 0}, may be infinite
     * @param squaredNorm {@code >= 0}, may be infinite
     * @throws IllegalArgumentException if a value is NaN or negative (infinities are allowed: an overflowing E)
     */
    public ReconstructionError {
        if (!(relativeError >= 0) || !(maxAbsError >= 0) || !(squaredNorm >= 0)) {
            throw new IllegalArgumentException("errors and norm must be >= 0, got relativeError="
                    + relativeError + " maxAbsError=" + maxAbsError + " squaredNorm=" + squaredNorm);
        }
    }

    /** Rows per block: the residual of one block is {@code BLOCK_ROWS x d} doubles. */
    static final int BLOCK_ROWS = 4096;

    /**
     * Measures {@code E - A B} block by block of rows: each block of {@code E} and {@code A} is
     * widened to double and the product taken with {@code dgemm}, so the only rounding is that of
     * double arithmetic. Inputs are not modified.
     *
     * @param e {@code [V, d]}, not modified
     * @param a {@code [V, r]}, not modified
     * @param b {@code [r, d]}, not modified
     * @return the errors of {@code A B} against {@code E}
     * @throws IllegalArgumentException if the shapes do not match, or if {@code ||E||_F^2} or
     *     {@code ||E - A B||_F^2} is not finite (NaN or infinite inputs, or an overflow)
     * @throws NullPointerException if an argument is null
     */
    public static ReconstructionError of(INDArray e, INDArray a, INDArray b) {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.rank() != 2 || b.rank() != 2 || a.rows() != e.rows() || b.columns() != e.columns()
                || a.columns() != b.rows()) {
            throw new IllegalArgumentException("shapes do not match: E " + shape(e) + ", A " + shape(a)
                    + ", B " + shape(b));
        }
        INDArray ec = NativeBlas.contiguousFloat(e);
        INDArray ac = NativeBlas.contiguousFloat(a);
        int v = Math.toIntExact(ec.rows());
        int d = Math.toIntExact(ec.columns());
        int r = Math.toIntExact(ac.columns());
        int block = Math.min(v, BLOCK_ROWS);
        FloatBuffer eb = NativeBlas.buffer(ec);
        FloatBuffer ab = NativeBlas.buffer(ac);
        float[] ef = new float[block * d];
        double[] ed = new double[block * d];
        float[] af = new float[block * r];
        double[] adArr = new double[block * r];
        double num = 0.0;
        double den = 0.0;
        double max = 0.0;
        INDArray bc = NativeBlas.contiguousFloat(b);
        try (DoublePointer bp = new DoublePointer(toDouble(NativeBlas.buffer(bc), r * d));
                DoublePointer ap = new DoublePointer((long) block * r);
                DoublePointer cp = new DoublePointer((long) block * d)) {
            for (int s = 0; s < v; s += block) {
                int rows = Math.min(block, v - s);
                eb.get(s * d, ef, 0, rows * d);
                for (int i = 0; i < rows * d; i++) {
                    ed[i] = ef[i];
                    den += ed[i] * ed[i];
                }
                ab.get(s * r, af, 0, rows * r);
                for (int i = 0; i < rows * r; i++) {
                    adArr[i] = af[i];
                }
                cp.put(ed, 0, rows * d);
                ap.put(adArr, 0, rows * r);
                openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, d, r, -1.0, ap, r, bp, d, 1.0, cp, d);
                cp.get(ed, 0, rows * d);
                for (int i = 0; i < rows * d; i++) {
                    num += ed[i] * ed[i];
                    max = Math.max(max, Math.abs(ed[i]));
                }
            }
        }
        Reference.reachabilityFence(ec); // read through raw views of their memory
        Reference.reachabilityFence(ac);
        Reference.reachabilityFence(bc);
        return create(num, den, max);
    }

    /**
     * Measures {@code E - F} for a dense approximation {@code F} of the same shape, in double.
     *
     * @param e {@code [V, d]}, not modified
     * @param f {@code [V, d]}, not modified
     * @return the errors of {@code F} against {@code E}
     * @throws IllegalArgumentException if the shapes differ, or if {@code ||E||_F^2} or {@code ||E
     *     - F||_F^2} is not finite
     * @throws NullPointerException if an argument is null
     */
    public static ReconstructionError of(INDArray e, INDArray f) {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(f, "f");
        if (e.rank() != 2 || f.rank() != 2 || e.rows() != f.rows() || e.columns() != f.columns()) {
            throw new IllegalArgumentException("shapes do not match: E " + shape(e) + ", F " + shape(f));
        }
        INDArray ec = NativeBlas.contiguousFloat(e);
        INDArray fc = NativeBlas.contiguousFloat(f);
        FloatBuffer eb = NativeBlas.buffer(ec);
        FloatBuffer fb = NativeBlas.buffer(fc);
        double num = 0.0;
        double den = 0.0;
        double max = 0.0;
        for (int i = 0; i < eb.limit(); i++) {
            double x = eb.get(i);
            double diff = x - fb.get(i);
            num += diff * diff;
            den += x * x;
            max = Math.max(max, Math.abs(diff));
        }
        Reference.reachabilityFence(ec); // read through raw views of their memory
        Reference.reachabilityFence(fc);
        return create(num, den, max);
    }

    private static ReconstructionError create(double num, double den, double max) {
        if (!Double.isFinite(num) || !Double.isFinite(den)) {
            throw new IllegalArgumentException("matrices must be finite, got squared norms " + den + " and " + num);
        }
        double rel = den == 0.0 ? Math.sqrt(num) : Math.sqrt(num / den);
        return new ReconstructionError(rel, max, den);
    }

    private static double[] toDouble(FloatBuffer b, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static String shape(INDArray m) {
        return java.util.Arrays.toString(m.shape());
    }
}
