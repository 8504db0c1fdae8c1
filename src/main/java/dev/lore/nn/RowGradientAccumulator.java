package dev.lore.nn;

import java.util.Arrays;

/**
 * Sums gradient rows by table row (duplicate ids add up) and hands the result to a row-sparse
 * {@link Parameter}. Work is proportional to the number of looked-up tokens, never to the table
 * size. Lifecycle: {@link #begin()}, any number of {@link #add}, then {@link #writeTo}.
 */
final class RowGradientAccumulator {

    private final int columns;
    private final int[] slotOfRow;
    private int[] rows = new int[64];
    private float[][] sums = new float[64][];
    private int count;
    private float[] sorted = new float[0];
    private final float[] scaled;

    RowGradientAccumulator(int tableRows, int columns) {
        this.columns = columns;
        this.slotOfRow = new int[tableRows];
        Arrays.fill(slotOfRow, -1);
        this.scaled = new float[columns];
    }

    void begin() {
        for (int k = 0; k < count; k++) {
            slotOfRow[rows[k]] = -1;
        }
        count = 0;
    }

    /** Adds {@code scale * src[offset .. offset + columns)} to the gradient of table row {@code row}. */
    void add(int row, float[] src, int offset, float scale) {
        int s = slot(row); // may grow sums: evaluate before reading the field
        float[] sum = sums[s];
        // Copy first: loops over arrays at different offsets don't vectorize in C2 (JDK 17).
        System.arraycopy(src, offset, scaled, 0, columns);
        for (int c = 0; c < columns; c++) {
            sum[c] += scale * scaled[c];
        }
    }

    private int slot(int row) {
        int s = slotOfRow[row];
        if (s >= 0) {
            return s;
        }
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, count * 2);
            sums = Arrays.copyOf(sums, count * 2);
        }
        s = count++;
        slotOfRow[row] = s;
        rows[s] = row;
        if (sums[s] == null) {
            sums[s] = new float[columns];
        } else {
            Arrays.fill(sums[s], 0f);
        }
        return s;
    }

    /** Writes the sums, rows in ascending order, as the parameter's whole gradient. */
    void writeTo(Parameter parameter) {
        int[] order = Arrays.copyOf(rows, count);
        Arrays.sort(order);
        if (sorted.length < count * columns) {
            sorted = new float[count * columns];
        }
        for (int k = 0; k < count; k++) {
            System.arraycopy(sums[slotOfRow[order[k]]], 0, sorted, k * columns, columns);
        }
        parameter.setRowGradients(order, count, sorted);
    }
}
