package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.ROW_MAJOR;
import static dev.lore.linalg.NativeBlas.TRANS;
import static dev.lore.linalg.NativeBlas.UPPER;

import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The Gram matrix {@code G = E^T E} ({@code d x d}, in double) of rows that arrive in blocks: the
 * first pass of the out-of-core and distributed factorizations.
 *
 * <p>Rows are buffered into blocks of {@link #blockRows(GramPrecision)} rows and each full block is
 * accumulated exactly as the in-memory Gram route accumulates its blocks ({@link GramPrecision}):
 * a float {@code ssyrk} per block of {@value GramSvd#BLOCK_ROWS} rows added into a double
 * accumulator ({@link GramPrecision#MIXED}), or a double {@code dsyrk} per block of 8192 widened
 * rows ({@link GramPrecision#DOUBLE}). Fed the rows of a matrix in order, one accumulator therefore
 * gives bit for bit the Gram matrix of {@link SvdMethod.Gram} on that matrix, whatever the sizes of
 * the pieces passed to {@link #add}. {@link GramPrecision#FLOAT}, one {@code ssyrk} over all rows,
 * cannot be streamed and is refused.
 *
 * <p>Accumulators of disjoint sets of rows combine with {@link #merge} (for Spark's
 * {@code treeAggregate}); the state is plain values ({@link #dimension()}, {@link #precision()},
 * {@link #rows()}, {@link #gram()}) from which {@link #of} rebuilds an equal accumulator, so no
 * Java serialization of this class is needed. Merged sums are added in double; they equal the
 * single-stream sums up to rounding, not bit for bit.
 *
 * <p>Memory: the {@code d x d} doubles plus one block of buffered rows ({@code 32768 d} floats for
 * {@code MIXED}), allocated at the first {@link #add}. Not thread-safe: one accumulator per thread
 * or partition, combined with {@link #merge}.
 */
public final class GramAccumulator {

    /** Rows per block of the {@link GramPrecision#DOUBLE} route, as {@link GramSvd} uses. */
    static final int DOUBLE_BLOCK_ROWS = GramSvd.BLOCK_ROWS / 4;

    private final int n;
    private final GramPrecision precision;
    /** Row-major {@code n x n}; only the upper triangle is maintained. */
    private final double[] upper;
    private long rows;
    private float[] pending;
    private int pendingRows;

    private GramAccumulator(int n, GramPrecision precision, double[] upper, long rows) {
        this.n = n;
        this.precision = precision;
        this.upper = upper;
        this.rows = rows;
    }

    /**
     * An empty accumulator.
     *
     * @param dimension {@code d}, in {@code [1, 16384]}
     * @param precision {@link GramPrecision#MIXED} (the in-memory default) or
     *     {@link GramPrecision#DOUBLE}
     * @return the accumulator, holding no rows
     * @throws IllegalArgumentException if {@code dimension} is out of range or {@code precision} is
     *     {@link GramPrecision#FLOAT}
     * @throws NullPointerException if {@code precision} is null
     */
    public static GramAccumulator create(int dimension, GramPrecision precision) {
        checkDimension(dimension);
        checkPrecision(precision);
        return new GramAccumulator(dimension, precision, new double[dimension * dimension], 0);
    }

    /**
     * Rebuilds an accumulator from its state (as {@link #gram()} and {@link #rows()} gave it).
     *
     * @param dimension {@code d}, in {@code [1, 16384]}
     * @param precision as for {@link #create}
     * @param rows the number of rows accumulated, {@code >= 0}
     * @param gram the {@code d x d} row-major Gram matrix, symmetric; its upper triangle is read
     *     (copied, not kept)
     * @return an accumulator equal to the one whose state this is
     * @throws IllegalArgumentException if a size is out of range, {@code gram} does not hold
     *     {@code d^2} values, a value is not finite, or a diagonal entry is negative
     * @throws NullPointerException if an argument is null
     */
    public static GramAccumulator of(int dimension, GramPrecision precision, long rows, double[] gram) {
        checkDimension(dimension);
        checkPrecision(precision);
        Objects.requireNonNull(gram, "gram");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (gram.length != dimension * dimension) {
            throw new IllegalArgumentException("gram must hold " + dimension + " x " + dimension + " = "
                    + dimension * dimension + " values, got " + gram.length);
        }
        double[] u = new double[gram.length];
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double v = gram[i * dimension + j];
                if (!Double.isFinite(v) || (i == j && v < 0)) {
                    throw new IllegalArgumentException("gram[" + i + "][" + j + "] must be finite"
                            + (i == j ? " and >= 0" : "") + ", got " + v);
                }
                u[i * dimension + j] = v;
            }
        }
        return new GramAccumulator(dimension, precision, u, rows);
    }

    /**
     * The rows per block of the given precision's route.
     *
     * @param precision {@link GramPrecision#MIXED} or {@link GramPrecision#DOUBLE}
     * @return 32768 or 8192
     * @throws IllegalArgumentException for {@link GramPrecision#FLOAT}
     */
    public static int blockRows(GramPrecision precision) {
        checkPrecision(precision);
        return precision == GramPrecision.MIXED ? GramSvd.BLOCK_ROWS : DOUBLE_BLOCK_ROWS;
    }

    /**
     * Adds {@code count} rows.
     *
     * @param values row-major rows, {@code values[offset + i d + j]} is entry {@code j} of row
     *     {@code i}; not modified
     * @param offset index of the first value, {@code >= 0}
     * @param count rows to add, {@code >= 0}, with {@code offset + count d <= values.length}
     * @throws IllegalArgumentException if a value is NaN or infinite (named by its row, counted from
     *     the first row this accumulator received, and column); nothing is added then
     * @throws IndexOutOfBoundsException if the range lies outside {@code values}
     * @throws NullPointerException if {@code values} is null
     */
    public void add(float[] values, int offset, int count) {
        Objects.requireNonNull(values, "values");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, n), values.length);
        for (int k = 0; k < count * n; k++) {
            if (!Float.isFinite(values[offset + k])) {
                throw new IllegalArgumentException("row " + (rows + k / n) + " column " + k % n
                        + " must be finite, got " + values[offset + k]);
            }
        }
        int block = blockRows(precision);
        if (pending == null) {
            pending = new float[block * n];
        }
        for (int done = 0; done < count; ) {
            int take = Math.min(count - done, block - pendingRows);
            System.arraycopy(values, offset + done * n, pending, pendingRows * n, take * n);
            pendingRows += take;
            done += take;
            rows += take;
            if (pendingRows == block) {
                accumulate(upper, pending, pendingRows);
                pendingRows = 0;
            }
        }
    }

    /**
     * Adds the rows of {@code other} to this accumulator; {@code other} keeps its value.
     *
     * @param other an accumulator of the same dimension and precision, over other rows; may be
     *     this one (its rows are then counted twice)
     * @return this accumulator
     * @throws IllegalArgumentException if the dimension or precision differ
     * @throws NullPointerException if {@code other} is null
     */
    public GramAccumulator merge(GramAccumulator other) {
        Objects.requireNonNull(other, "other");
        if (other.n != n || other.precision != precision) {
            throw new IllegalArgumentException("cannot merge a " + other.n + "-column " + other.precision
                    + " accumulator into a " + n + "-column " + precision + " one");
        }
        double[] g = other.upperWithPending();
        long otherRows = other.rows;
        flush();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                upper[i * n + j] += g[i * n + j];
            }
        }
        rows += otherRows;
        return this;
    }

    /**
     * The number of columns {@code d}.
     *
     * @return {@code d >= 1}
     */
    public int dimension() {
        return n;
    }

    /**
     * How blocks are accumulated.
     *
     * @return {@link GramPrecision#MIXED} or {@link GramPrecision#DOUBLE}
     */
    public GramPrecision precision() {
        return precision;
    }

    /**
     * The number of rows added (merged ones included).
     *
     * @return {@code >= 0}
     */
    public long rows() {
        return rows;
    }

    /**
     * The Gram matrix of every row added so far, the partly filled block included; does not change
     * this accumulator (later rows are blocked as if it had not been called).
     *
     * @return a new {@code d x d} row-major symmetric matrix
     */
    public double[] gram() {
        double[] g = upperWithPending();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                g[i * n + j] = g[j * n + i];
            }
        }
        return g;
    }

    /**
     * {@code ||E||_F^2}, the trace of the Gram matrix.
     *
     * @return the sum of the diagonal of {@link #gram()}
     */
    public double squaredNorm() {
        double[] g = upperWithPending();
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += g[i * n + i];
        }
        return t;
    }

    /** Accumulates the partly filled block now (used before merging). */
    private void flush() {
        if (pendingRows > 0) {
            accumulate(upper, pending, pendingRows);
            pendingRows = 0;
        }
    }

    private double[] upperWithPending() {
        double[] g = upper.clone();
        if (pendingRows > 0) {
            accumulate(g, pending, pendingRows);
        }
        return g;
    }

    /** Adds the Gram matrix of the first {@code b} rows of {@code x} into the upper triangle of {@code acc}. */
    private void accumulate(double[] acc, float[] x, int b) {
        if (precision == GramPrecision.MIXED) {
            float[] block = new float[n * n];
            try (FloatPointer xp = new FloatPointer((long) b * n); FloatPointer g = new FloatPointer((long) n * n)) {
                xp.put(x, 0, b * n);
                openblas.cblas_ssyrk(ROW_MAJOR, UPPER, TRANS, n, b, 1f, xp, n, 0f, g, n);
                g.get(block);
            }
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    acc[i * n + j] += block[i * n + j];
                }
            }
            return;
        }
        double[] wide = new double[b * n];
        for (int k = 0; k < wide.length; k++) {
            wide[k] = x[k];
        }
        try (DoublePointer xp = new DoublePointer(wide); DoublePointer g = new DoublePointer(acc)) {
            openblas.cblas_dsyrk(ROW_MAJOR, UPPER, TRANS, n, b, 1.0, xp, n, 1.0, g, n);
            g.get(acc);
        }
    }

    private static void checkDimension(int dimension) {
        if (dimension < 1 || dimension > RightVectorsSvd.MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [1, " + RightVectorsSvd.MAX_DIMENSION
                    + "], got " + dimension);
        }
    }

    private static void checkPrecision(GramPrecision precision) {
        Objects.requireNonNull(precision, "precision");
        if (precision == GramPrecision.FLOAT) {
            throw new IllegalArgumentException("precision FLOAT (one ssyrk over all rows) cannot be streamed;"
                    + " use MIXED or DOUBLE");
        }
    }

    /** Dimension, precision and rows; never the values. */
    @Override
    public String toString() {
        return "GramAccumulator[d=" + n + ", " + precision + ", rows=" + rows + "]";
    }

    /** For tests: whether two accumulators hold bit-identical sums. */
    boolean sameSums(GramAccumulator o) {
        return Arrays.equals(gram(), o.gram()) && rows == o.rows;
    }
}
