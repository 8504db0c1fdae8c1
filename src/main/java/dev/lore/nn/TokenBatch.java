package dev.lore.nn;

import dev.lore.Summary;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch of token-id sequences, padded to a common length.
 *
 * <p>Positions at or beyond a sequence's length are padding: models ignore them entirely, so
 * padding never leaks into a sentence's representation.
 *
 * <p>Thread-safe as long as nobody writes into {@code ids} or the arrays it was made from: the
 * models only read a batch, so one batch may be given to many threads at once.
 *
 * @param ids token ids, an INT matrix {@code [batch, seqLen]}, 'c' order
 * @param lengths number of real tokens of each sequence, each in {@code [0, seqLen]}
 * @param labels class of each sequence (each {@code >= 0}), or {@code null} when unlabeled
 */
public record TokenBatch(INDArray ids, int[] lengths, int[] labels) {

    /**
     * Validates the shapes and values; nothing is copied.
     *
     * @param ids an INT matrix {@code [batch, seqLen]}, {@code batch, seqLen >= 1}; held as is
     * @param lengths {@code batch} values, each in {@code [0, seqLen]}; held as is
     * @param labels {@code batch} values, each {@code >= 0}, or {@code null}; held as is
     * @throws IllegalArgumentException if shapes or values are inconsistent
     * @throws NullPointerException if {@code ids} or {@code lengths} is null
     */
    public TokenBatch {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(lengths, "lengths");
        if (ids.rank() != 2 || ids.dataType() != DataType.INT) {
            throw new IllegalArgumentException("ids must be an INT matrix [batch, seqLen], got "
                    + ids.dataType() + " of rank " + ids.rank());
        }
        long batch = ids.rows();
        long seqLen = ids.columns();
        if (batch < 1 || seqLen < 1) {
            throw new IllegalArgumentException("ids must be at least 1x1, got " + batch + "x" + seqLen);
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(
                    "lengths has " + lengths.length + " entries but the batch has " + batch);
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0 || lengths[i] > seqLen) {
                throw new IllegalArgumentException(
                        "lengths[" + i + "] must be in [0, " + seqLen + "], got " + lengths[i]);
            }
        }
        if (labels != null) {
            if (labels.length != batch) {
                throw new IllegalArgumentException(
                        "labels has " + labels.length + " entries but the batch has " + batch);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0) {
                    throw new IllegalArgumentException("labels[" + i + "] must be >= 0, got " + labels[i]);
                }
            }
        }
    }

    /**
     * Number of sequences.
     *
     * @return {@code batch >= 1}
     */
    public int size() {
        return (int) ids.rows();
    }

    /**
     * Padded sequence length.
     *
     * @return {@code seqLen >= 1}
     */
    public int seqLen() {
        return (int) ids.columns();
    }

    /** Shape, lengths and labels cut to their first values; never the ids. */
    @Override
    public String toString() {
        return "TokenBatch[" + Summary.shape(ids) + ", lengths=" + Summary.ints(lengths)
                + ", labels=" + (labels == null ? "none" : Summary.ints(labels)) + "]";
    }
}
