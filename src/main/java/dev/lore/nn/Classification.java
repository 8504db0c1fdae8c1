package dev.lore.nn;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of one inference pass over a batch ({@link TextClassifier#classify}): the most
 * probable class of each sequence and the class probabilities, from the same logits. The class
 * array is copied in and out; the probabilities array belongs to the caller (the model keeps no
 * reference to it), so the record is thread-safe as long as nobody writes into that array.
 *
 * @param classes the predicted class of each sequence, {@code argmax_c z[i][c]} of the logits
 *     (the first on ties), each in {@code [0, C)}
 * @param probabilities {@code softmax(z)}, a FLOAT {@code [batch, C]} array
 */
public record Classification(int[] classes, INDArray probabilities) {

    /**
     * Checks and copies the classes.
     *
     * @param classes the predicted class of each sequence
     * @param probabilities the class probabilities, {@code [batch, C]}
     * @throws IllegalArgumentException if {@code probabilities} is not a FLOAT matrix with one row
     *     per class entry, or a class is outside {@code [0, C)}
     */
    public Classification {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.rank() != 2 || probabilities.dataType() != DataType.FLOAT
                || probabilities.rows() != classes.length) {
            throw new IllegalArgumentException("probabilities must be a FLOAT [" + classes.length + ", C] matrix, got "
                    + probabilities.dataType() + " " + java.util.Arrays.toString(probabilities.shape()));
        }
        long c = probabilities.columns();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= c) {
                throw new IllegalArgumentException("classes[" + i + "] must be in [0, " + c + "), got " + classes[i]);
            }
        }
        classes = classes.clone();
    }

    /**
     * The predicted classes.
     *
     * @return a copy
     */
    @Override
    public int[] classes() {
        return classes.clone();
    }

    /**
     * The number of sequences.
     *
     * @return {@code classes().length}
     */
    public int size() {
        return classes.length;
    }
}
