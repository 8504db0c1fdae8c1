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
     * The text form of doubles.
     *
     * @param values the values, not modified
     * @return {@code [a, b, c]} for at most {@value #SHOWN} values, else the first {@value #SHOWN}
     *     and {@code ... (N values)}; each value as {@link Double#toString(double)} prints it
     * @throws NullPointerException if {@code values} is null
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

    /**
     * The same form as {@link #doubles} for ints.
     *
     * @param values the values, not modified
     * @return {@code [1, 2, 3]} for at most {@value #SHOWN} values, else the first {@value #SHOWN}
     *     and {@code ... (N values)}
     * @throws NullPointerException if {@code values} is null
     */
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

    /**
     * An array's type, shape and order, never its values.
     *
     * @param array any array, not read
     * @return e.g. {@code FLOAT [3, 4] 'c'}
     * @throws NullPointerException if {@code array} is null
     */
    public static String shape(INDArray array) {
        Objects.requireNonNull(array, "array");
        return array.dataType() + " " + Arrays.toString(array.shape()) + " '" + array.ordering() + "'";
    }
}
