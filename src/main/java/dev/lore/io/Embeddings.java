package dev.lore.io;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Word vectors: a vocabulary and a float matrix whose row {@code i} is the vector of word {@code i}.
 *
 * @param vocabulary the words, in row order
 * @param vectors a {@code [vocabulary.size(), dimension]} FLOAT matrix, 'c' order
 */
public record Embeddings(Vocabulary vocabulary, INDArray vectors) {

    /**
     * @throws IllegalArgumentException if {@code vectors} is not a 2-d 'c'-ordered FLOAT matrix with
     *     one row per word and at least one column
     */
    public Embeddings {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.rank() != 2) {
            throw new IllegalArgumentException("vectors must be a matrix, got rank " + vectors.rank());
        }
        if (vectors.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("vectors must be FLOAT, got " + vectors.dataType());
        }
        if (vectors.ordering() != 'c' || vectors.isView()) {
            throw new IllegalArgumentException("vectors must be a contiguous 'c'-ordered matrix");
        }
        if (vectors.rows() != vocabulary.size()) {
            throw new IllegalArgumentException("vectors has " + vectors.rows()
                    + " rows but the vocabulary has " + vocabulary.size() + " words");
        }
        if (vectors.columns() < 1) {
            throw new IllegalArgumentException("vectors must have at least one column, got 0");
        }
    }

    /** Number of words (rows). */
    public int size() {
        return vocabulary.size();
    }

    /** Vector dimension (columns). */
    public int dimension() {
        return Math.toIntExact(vectors.columns());
    }
}
