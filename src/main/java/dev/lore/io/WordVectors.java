package dev.lore.io;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Word vectors: a vocabulary and a float matrix whose row {@code i} is the vector of word {@code i}.
 *
 * @param vocabulary the words, in row order
 * @param matrix a {@code [vocabulary.size(), dimension]} FLOAT matrix, 'c' order
 */
public record WordVectors(Vocabulary vocabulary, INDArray matrix) {

    /**
     * Validates the matrix against the vocabulary; neither is copied.
     *
     * @param vocabulary the words, in row order, not null
     * @param matrix a {@code [vocabulary.size(), dimension]} FLOAT matrix, 'c' order, not a view,
     *     {@code dimension >= 1}; held, not copied
     * @throws IllegalArgumentException if {@code matrix} is not a 2-d 'c'-ordered FLOAT matrix with
     *     one row per word and at least one column
     * @throws NullPointerException if an argument is null
     */
    public WordVectors {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(matrix, "matrix");
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("matrix must be a matrix, got rank " + matrix.rank());
        }
        if (matrix.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("matrix must be FLOAT, got " + matrix.dataType());
        }
        if (matrix.ordering() != 'c' || matrix.isView()) {
            throw new IllegalArgumentException("matrix must be a contiguous 'c'-ordered matrix");
        }
        if (matrix.rows() != vocabulary.size()) {
            throw new IllegalArgumentException("matrix has " + matrix.rows()
                    + " rows but the vocabulary has " + vocabulary.size() + " words");
        }
        if (matrix.columns() < 1) {
            throw new IllegalArgumentException("matrix must have at least one column, got 0");
        }
    }

    /**
     * Number of words (rows).
     *
     * @return {@code vocabulary().size()}
     */
    public int size() {
        return vocabulary.size();
    }

    /**
     * Vector dimension (columns).
     *
     * @return the columns of the matrix, {@code >= 1}
     */
    public int dimension() {
        return Math.toIntExact(matrix.columns());
    }
}
