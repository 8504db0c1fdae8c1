package dev.lore.train;

import dev.lore.data.EncodedSplit;
import dev.lore.data.MiniBatches;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import java.util.Arrays;
import java.util.Objects;

/**
 * Predictions of a model on a split, as a confusion matrix: {@code confusion[y][k]} counts the
 * examples of class {@code y} predicted as {@code k}.
 *
 * @param confusion a square matrix of counts {@code >= 0}, at least one example in total (copied)
 */
public record Evaluation(int[][] confusion) {

    /** Examples per batch when predicting; results do not depend on it for the DAN. */
    public static final int BATCH_SIZE = 500;

    /**
     * Validates and copies the matrix.
     *
     * @param confusion square, counts {@code >= 0}, at least one example; copied
     * @throws IllegalArgumentException if the matrix is not square, has a negative count or is empty
     * @throws NullPointerException if {@code confusion} or a row is null
     */
    public Evaluation {
        Objects.requireNonNull(confusion, "confusion");
        int c = confusion.length;
        long total = 0;
        int[][] copy = new int[c][];
        for (int y = 0; y < c; y++) {
            if (confusion[y].length != c) {
                throw new IllegalArgumentException("confusion must be square, row " + y + " has "
                        + confusion[y].length + " columns, expected " + c);
            }
            for (int k = 0; k < c; k++) {
                if (confusion[y][k] < 0) {
                    throw new IllegalArgumentException("confusion[" + y + "][" + k + "] must be >= 0, got "
                            + confusion[y][k]);
                }
                total += confusion[y][k];
            }
            copy[y] = confusion[y].clone();
        }
        if (total == 0) {
            throw new IllegalArgumentException("confusion must count at least one example");
        }
        confusion = copy;
    }

    /**
     * Evaluates {@code model} on {@code split} without dropout ({@link TextClassifier#predict});
     * the model's mode is not changed.
     *
     * @param model the model, not modified
     * @param split the encoded split, its labels classes of the model
     * @return the confusion matrix, {@code model.numClasses()} square
     * @throws IllegalArgumentException if a label of the split is not a class of the model
     */
    public static Evaluation of(TextClassifier model, EncodedSplit split) {
        int c = model.numClasses();
        int[][] counts = new int[c][c];
        int[] predicted = predict(model, split);
        for (int i = 0; i < predicted.length; i++) {
            int y = split.label(i);
            if (y >= c) {
                throw new IllegalArgumentException("label " + y + " of example " + i + " is not a class of"
                        + " the model (" + c + " classes)");
            }
            counts[y][predicted[i]]++;
        }
        return new Evaluation(counts);
    }

    /**
     * The accuracy of {@code model} on {@code split}; see {@link #of}.
     *
     * @param model the model, not modified
     * @param split the encoded split, its labels classes of the model
     * @return the share of correct predictions, in {@code [0, 1]}
     * @throws IllegalArgumentException if a label of the split is not a class of the model
     */
    public static double accuracy(TextClassifier model, EncodedSplit split) {
        return of(model, split).accuracy();
    }

    /**
     * The predicted class of every example of {@code split}, in order, without dropout, in batches
     * of {@value #BATCH_SIZE}.
     *
     * @param model the model, not modified
     * @param split the encoded split; its labels are ignored
     * @return a new array of {@code split.size()} classes, each in {@code [0, model.numClasses())}
     * @throws NullPointerException if an argument is null
     */
    public static int[] predict(TextClassifier model, EncodedSplit split) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(split, "split");
        int[] out = new int[split.size()];
        MiniBatches batches = MiniBatches.inOrder(split, BATCH_SIZE);
        TokenBatch buffer = null;
        for (int b = 0; b < batches.size(); b++) {
            buffer = batches.batch(b, buffer);
            int[] p = model.predict(buffer);
            System.arraycopy(p, 0, out, b * BATCH_SIZE, p.length);
        }
        return out;
    }

    /**
     * The confusion matrix.
     *
     * @return a deep copy, {@code [classes][classes]}
     */
    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int y = 0; y < copy.length; y++) {
            copy[y] = confusion[y].clone();
        }
        return copy;
    }

    /**
     * Number of classes.
     *
     * @return the matrix's size
     */
    public int classes() {
        return confusion.length;
    }

    /**
     * Number of examples.
     *
     * @return the sum of all counts, {@code >= 1}
     */
    public long total() {
        long t = 0;
        for (int[] row : confusion) {
            for (int n : row) {
                t += n;
            }
        }
        return t;
    }

    /**
     * Number of correct predictions.
     *
     * @return the sum of the diagonal
     */
    public long correct() {
        long t = 0;
        for (int y = 0; y < confusion.length; y++) {
            t += confusion[y][y];
        }
        return t;
    }

    /**
     * The share of correct predictions.
     *
     * @return {@code correct / total}, in {@code [0, 1]}
     */
    public double accuracy() {
        return (double) correct() / total();
    }

    /**
     * The unweighted mean over classes of F1 = {@code 2 tp / (2 tp + fp + fn)}; a class with no
     * example and no prediction counts as 1 (nothing to get wrong).
     *
     * @return the macro-averaged F1, in {@code [0, 1]}
     */
    public double macroF1() {
        int c = confusion.length;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            long tp = confusion[k][k];
            long fp = 0;
            long fn = 0;
            for (int j = 0; j < c; j++) {
                if (j != k) {
                    fp += confusion[j][k];
                    fn += confusion[k][j];
                }
            }
            long denominator = 2 * tp + fp + fn;
            sum += denominator == 0 ? 1.0 : 2.0 * tp / denominator;
        }
        return sum / c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Arrays.deepEquals(confusion, e.confusion);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(confusion);
    }

    /** Accuracy, size and the confusion matrix row by row. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Evaluation[accuracy=").append(accuracy()).append(", examples=")
                .append(total()).append(", confusion=[");
        for (int y = 0; y < confusion.length; y++) {
            sb.append(y == 0 ? "" : ", ").append(Arrays.toString(confusion[y]));
        }
        return sb.append("]]").toString();
    }
}
