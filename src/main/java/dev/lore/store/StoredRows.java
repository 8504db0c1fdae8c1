package dev.lore.store;

import dev.lore.compress.StoredMatrix;
import java.util.Objects;

/**
 * The rows of a {@link StoredMatrix} decoded in the heap, read through {@link StoredMatrix#row}:
 * every kind of stored matrix, including those this package does not map, plugs in here.
 * {@code StoredMatrix} instances are immutable, so this is safe to read from many threads.
 */
final class StoredRows implements Rows {

    private final StoredMatrix matrix;

    StoredRows(StoredMatrix matrix) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
    }

    @Override
    public int rows() {
        return matrix.rows();
    }

    @Override
    public int columns() {
        return matrix.columns();
    }

    @Override
    public void read(int first, int count, float[] dst, int offset) {
        Objects.checkFromIndexSize(first, count, matrix.rows());
        int cols = matrix.columns();
        for (int i = 0; i < count; i++) {
            matrix.row(first + i, dst, offset + i * cols);
        }
    }

    @Override
    public long heapBytes() {
        return matrix.storageBytes();
    }
}
