package dev.lore.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable tensor: its value, the gradient of the last backward pass, and whether it trains.
 *
 * <p>Value and gradient are FLOAT arrays of the same shape, contiguous and 'c'-ordered (never
 * views), so any ND4J {@code GradientUpdater} can step them and kernels can read their buffers
 * directly. The layer that owns a parameter writes its gradient in each backward pass (it
 * overwrites, it does not accumulate across passes); an {@link Optimizer} reads the gradient and
 * changes the value in place.
 *
 * <p>A <em>row-sparse</em> parameter (an embedding table) receives gradient in the rows that the
 * last backward pass looked up and nowhere else: {@link #touchedRows()} lists them, every other
 * row of {@link #gradient()} is zero.
 *
 * <p>A frozen parameter ({@code setTrainable(false)}) gets no gradient (it stays zero) and no
 * update.
 *
 * <p>Thread safety: reading the value ({@link #value()}, and the layers' forward passes that read
 * it) is thread-safe while nothing changes it; everything that writes (an optimizer step,
 * {@link #setTrainable}, a backward pass writing the gradient) is for one thread, with no reader
 * meanwhile.
 */
public final class Parameter {

    private final String name;
    private final INDArray value;
    private final INDArray gradient;
    private final FloatBuffer valueView;
    private final FloatBuffer gradientView;
    private final boolean rowSparse;
    private final int rowLength;
    private final float[] zeroRow;
    private boolean trainable = true;
    private int[] touched = new int[0];
    private int touchedCount;

    private Parameter(String name, INDArray value, boolean rowSparse) {
        this.name = name;
        this.value = value;
        this.gradient = Nd4j.zeros(DataType.FLOAT, value.shape());
        this.valueView = value.data().asNioFloat();
        this.gradientView = gradient.data().asNioFloat();
        this.rowSparse = rowSparse;
        this.rowLength = value.rank() == 2 ? value.columns() : (int) value.length();
        this.zeroRow = rowSparse ? new float[rowLength] : null;
    }

    /**
     * A dense parameter holding a copy of {@code initial}.
     *
     * @param initial a vector or matrix of finite values, any floating type (stored as FLOAT)
     * @throws IllegalArgumentException if the name is blank, the array is empty, of rank other
     *     than 1 or 2, longer than {@code Integer.MAX_VALUE}, or holds NaN or infinity
     */
    static Parameter dense(String name, INDArray initial) {
        return new Parameter(checkName(name), copyOf(name, initial), false);
    }

    /**
     * A row-sparse parameter (an embedding table, {@code [rows, columns]}) holding a copy of
     * {@code initial}; same rules as {@link #dense}, and the array must be a matrix.
     */
    static Parameter rowSparse(String name, INDArray initial) {
        Objects.requireNonNull(initial, name);
        if (initial.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a matrix, got rank " + initial.rank());
        }
        return new Parameter(checkName(name), copyOf(name, initial), true);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    private static INDArray copyOf(String name, INDArray initial) {
        Objects.requireNonNull(initial, name);
        if (initial.rank() < 1 || initial.rank() > 2) {
            throw new IllegalArgumentException(name + " must have rank 1 or 2, got " + initial.rank());
        }
        if (initial.length() < 1 || initial.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    name + " must have between 1 and 2^31-1 elements, got " + initial.length());
        }
        if (!initial.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be a floating-point array, got " + initial.dataType());
        }
        INDArray copy = Nd4j.createUninitialized(DataType.FLOAT, initial.shape(), 'c');
        copy.assign(initial.castTo(DataType.FLOAT));
        FloatBuffer view = copy.data().asNioFloat();
        for (int i = 0, n = (int) copy.length(); i < n; i++) {
            float x = view.get(i);
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(name + " must hold finite values, found " + x
                        + " at flat index " + i);
            }
        }
        return copy;
    }

    /**
     * The name.
     *
     * @return the name, unique within a model, e.g. {@code embedding.A} or {@code lstm.U}
     */
    public String name() {
        return name;
    }

    /**
     * The value, modified in place by optimizers.
     *
     * @return the FLOAT 'c' array itself, not a copy
     */
    public INDArray value() {
        return value;
    }

    /**
     * The gradient of the loss with respect to the value from the last backward pass. Read it,
     * don't modify it.
     *
     * @return the array itself: same shape as the value, FLOAT 'c'; all zeros before the first
     *     pass and while frozen
     */
    public INDArray gradient() {
        return gradient;
    }

    /**
     * Number of elements.
     *
     * @return the value's length, in {@code [1, 2^31 - 1]}
     */
    public int length() {
        return (int) value.length();
    }

    /**
     * Whether backward passes compute this parameter's gradient and optimizers update it.
     *
     * @return true unless frozen; true after construction
     */
    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes the parameter. Freezing zeroes the gradient, so a frozen
     * parameter never carries a stale one.
     *
     * @param trainable whether backward passes and optimizers touch the parameter from now on
     */
    public void setTrainable(boolean trainable) {
        if (!trainable) {
            clearGradient();
        }
        this.trainable = trainable;
    }

    /**
     * Whether the gradient is row-sparse (see {@link #touchedRows()}).
     *
     * @return true for an embedding table, false for a dense parameter
     */
    public boolean isRowSparse() {
        return rowSparse;
    }

    /**
     * The rows that received gradient in the last backward pass.
     *
     * @return for a row-sparse parameter, a fresh array of the touched rows in ascending order;
     *     for a dense parameter, an empty array
     */
    public int[] touchedRows() {
        return Arrays.copyOf(touched, touchedCount);
    }

    /** Elements per row (columns of a matrix, the length of a vector). */
    int rowLength() {
        return rowLength;
    }

    /** Number of rows touched by the last backward pass (row-sparse parameters). */
    int touchedCount() {
        return touchedCount;
    }

    /** The {@code k}-th touched row, ascending, {@code k < touchedCount()}. */
    int touchedRow(int k) {
        return touched[k];
    }

    FloatBuffer valueBuffer() {
        return valueView;
    }

    FloatBuffer gradientBuffer() {
        return gradientView;
    }

    /**
     * Makes this parameter a copy of {@code other}: its value and trainable flag (the gradient
     * becomes zero). Both must have the same shape.
     */
    void copyFrom(Parameter other) {
        if (!java.util.Arrays.equals(value.shape(), other.value.shape())) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(value.shape())
                    + " but " + other.name + " has " + java.util.Arrays.toString(other.value.shape()));
        }
        value.assign(other.value);
        clearGradient();
        trainable = other.trainable;
    }

    /** Zeroes the gradient (for a row-sparse parameter, only the rows touched last time). */
    void clearGradient() {
        if (rowSparse) {
            for (int k = 0; k < touchedCount; k++) {
                gradientView.put(touched[k] * rowLength, zeroRow, 0, rowLength);
            }
            touchedCount = 0;
        } else {
            gradient.assign(0);
        }
    }

    /**
     * Overwrites the whole gradient of a dense parameter with {@code values} (row-major).
     *
     * @throws IllegalStateException for a row-sparse parameter
     * @throws IllegalArgumentException if {@code values} is shorter than {@link #length()}
     */
    void setGradient(float[] values) {
        if (rowSparse) {
            throw new IllegalStateException(name + " is row-sparse: set its gradient by rows");
        }
        if (values.length < length()) {
            throw new IllegalArgumentException(name + " gradient needs " + length() + " values, got " + values.length);
        }
        gradientView.put(0, values, 0, length());
    }

    /**
     * Replaces the gradient of a row-sparse parameter: rows {@code rows[0..count)} (ascending,
     * distinct) get {@code values[k * columns ..]}, every other row becomes zero.
     *
     * @throws IllegalStateException for a dense parameter
     */
    void setRowGradients(int[] rows, int count, float[] values) {
        if (!rowSparse) {
            throw new IllegalStateException(name + " is dense: set its whole gradient");
        }
        clearGradient();
        if (touched.length < count) {
            touched = new int[Math.max(count, touched.length * 2)];
        }
        for (int k = 0; k < count; k++) {
            gradientView.put(rows[k] * rowLength, values, k * rowLength, rowLength);
            touched[k] = rows[k];
        }
        touchedCount = count;
    }

    @Override
    public String toString() {
        return "Parameter[" + name + " " + Arrays.toString(value.shape())
                + (rowSparse ? ", row-sparse" : "") + (trainable ? "" : ", frozen") + "]";
    }
}
