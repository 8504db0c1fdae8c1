package dev.lore;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Short text forms of arrays for the {@code toString()} of result records: values print exactly
 * ({@link Double#toString}), long arrays show their first values and their length. Stateless and
 * thread-safe.
 */
public final class Summary {

    /** Values shown before an array is cut. */
    public static final int SHOWN = 8;

    private Summary() {}

    /**
     * {@code [a, b, c]} for at most {@value #SHOWN} values, else the first {@value #SHOWN} and
     * {@code ... (N values)}.
     */
    public static String doubles(double[] values) {
        Objects.requireNonNull(values, "values");
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(values.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        if (shown < values.length) {
            sb.append(", ... (").append(values.length).append(" values)");
        }
        return sb.append(']').toString();
    }

    /** The same form as {@link #doubles} for ints. */
    public static String ints(int[] values) {
        Objects.requireNonNull(values, "values");
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(values.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        if (shown < values.length) {
            sb.append(", ... (").append(values.length).append(" values)");
        }
        return sb.append(']').toString();
    }

    /** {@code FLOAT [3, 4] 'c'}: an array's type, shape and order, never its values. */
    public static String shape(INDArray array) {
        Objects.requireNonNull(array, "array");
        return array.dataType() + " " + Arrays.toString(array.shape()) + " '" + array.ordering() + "'";
    }
}
