package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.NO_TRANS;
import static dev.lore.linalg.NativeBlas.ROW_MAJOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Maps rows {@code e} ({@code 1 x d}) to {@code e W} ({@code 1 x r}) for a fixed {@code d x r}
 * matrix {@code W}, then scales each column: the second pass of the out-of-core and distributed
 * factorizations, where {@code W = V_r} and the result is a block of the factor {@code A}.
 *
 * <p>The product is a float {@code sgemm}, as in the in-memory route ({@link TruncatedSvd}); each
 * scaling step {@code f} (see {@link #scaled}) replaces every value {@code y} of column {@code j}
 * by {@code (float) (y * f_j)}, computed in double and rounded once, with {@code +0} where
 * {@code f_j = 0}. The in-memory route computes {@code A} in the same steps (divide by
 * {@code s_j}, then the placement's share of {@code s_j}), so a projector with the same steps
 * reproduces its rows.
 *
 * <p>Immutable and thread-safe: every call allocates its own native buffers.
 */
public final class RowProjector {

    /** Rows per {@code sgemm}, so that a block's output stays in cache. */
    static final int BLOCK_ROWS = RightVectorsSvd.PRODUCT_BLOCK_ROWS;

    private final float[] w;
    private final int d;
    private final int r;
    private final List<double[]> steps;

    private RowProjector(float[] w, int d, int r, List<double[]> steps) {
        this.w = w;
        this.d = d;
        this.r = r;
        this.steps = steps;
    }

    /**
     * A projector by {@code W}, without scaling.
     *
     * @param w the {@code d x r} row-major matrix, finite; copied
     * @param dimension {@code d >= 1}
     * @param rank {@code r >= 1}
     * @return the projector
     * @throws IllegalArgumentException if a size is not positive, {@code w} does not hold
     *     {@code d r} values, or a value is not finite
     * @throws NullPointerException if {@code w} is null
     */
    public static RowProjector of(float[] w, int dimension, int rank) {
        Objects.requireNonNull(w, "w");
        if (dimension < 1 || rank < 1) {
            throw new IllegalArgumentException("dimension and rank must be >= 1, got " + dimension + " and " + rank);
        }
        if (w.length != Math.multiplyExact(dimension, rank)) {
            throw new IllegalArgumentException("w must hold " + dimension + " x " + rank + " values, got " + w.length);
        }
        for (int k = 0; k < w.length; k++) {
            if (!Float.isFinite(w[k])) {
                throw new IllegalArgumentException("w[" + k / rank + "][" + k % rank + "] must be finite, got " + w[k]);
            }
        }
        return new RowProjector(w.clone(), dimension, rank, List.of());
    }

    /**
     * This projector followed by one more scaling of each column (rounded to float once).
     *
     * @param factors {@code r} finite factors, copied
     * @return a new projector; this one is unchanged
     * @throws IllegalArgumentException if there are not {@code r} factors or one is not finite
     * @throws NullPointerException if {@code factors} is null
     */
    public RowProjector scaled(double[] factors) {
        Objects.requireNonNull(factors, "factors");
        if (factors.length != r) {
            throw new IllegalArgumentException("expected " + r + " factors, got " + factors.length);
        }
        for (double f : factors) {
            if (!Double.isFinite(f)) {
                throw new IllegalArgumentException("factors must be finite, got " + f);
            }
        }
        List<double[]> s = new ArrayList<>(steps);
        s.add(factors.clone());
        return new RowProjector(w, d, r, List.copyOf(s));
    }

    /**
     * The number of columns of the rows it takes.
     *
     * @return {@code d}
     */
    public int dimension() {
        return d;
    }

    /**
     * The number of columns of the rows it gives.
     *
     * @return {@code r}
     */
    public int rank() {
        return r;
    }

    /**
     * Projects {@code count} rows.
     *
     * @param rows row-major input, {@code rows[offset + i d + k]}; not modified
     * @param offset index of the first input value, {@code >= 0}
     * @param count rows, {@code >= 0}
     * @param out receives the {@code count x r} row-major result from {@code outOffset}; nothing
     *     else of it is modified
     * @param outOffset index of the first output value, {@code >= 0}
     * @throws IndexOutOfBoundsException if a range lies outside its array
     * @throws IllegalArgumentException if {@code count < 0}
     * @throws NullPointerException if an array is null
     */
    public void project(float[] rows, int offset, int count, float[] out, int outOffset) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(out, "out");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, d), rows.length);
        Objects.checkFromIndexSize(outOffset, Math.multiplyExact(count, r), out.length);
        if (count == 0) {
            return;
        }
        int block = Math.min(count, BLOCK_ROWS);
        try (FloatPointer wp = new FloatPointer(w); FloatPointer xp = new FloatPointer((long) block * d);
                FloatPointer yp = new FloatPointer((long) block * r)) {
            for (int s = 0; s < count; s += block) {
                int b = Math.min(block, count - s);
                xp.put(rows, offset + s * d, b * d);
                openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, b, r, d, 1f, xp, d, wp, r, 0f, yp, r);
                yp.get(out, outOffset + s * r, b * r);
            }
        }
        for (double[] f : steps) {
            for (int i = 0; i < count; i++) {
                int base = outOffset + i * r;
                for (int j = 0; j < r; j++) {
                    out[base + j] = f[j] == 0.0 ? 0f : (float) (out[base + j] * f[j]);
                }
            }
        }
    }

    /**
     * Projects {@code count} rows into a new array.
     *
     * @param rows row-major input; not modified
     * @param offset index of the first input value, {@code >= 0}
     * @param count rows, {@code >= 0}
     * @return the {@code count x r} row-major result
     * @throws IndexOutOfBoundsException if the range lies outside {@code rows}
     * @throws IllegalArgumentException if {@code count < 0}
     * @throws NullPointerException if {@code rows} is null
     */
    public float[] project(float[] rows, int offset, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        float[] out = new float[Math.multiplyExact(count, r)];
        project(rows, offset, count, out, 0);
        return out;
    }

    /** Shape and the number of scaling steps; never the values. */
    @Override
    public String toString() {
        return "RowProjector[" + d + " -> " + r + ", " + steps.size() + " scaling step(s)]";
    }
}
