package dev.lore.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A split as model input: for each example, token ids padded with {@link ModelVocabulary#PAD} (or
 * cut) to {@code maxLen}, its length (number of real ids) and its class. Immutable.
 */
public final class EncodedSplit {

    private final int maxLen;
    private final int[] ids; // [size, maxLen], row-major
    private final int[] lengths;
    private final int[] labels;
    private final SplitStats stats;

    /** Takes the arrays without copying; callers inside the package pass fresh arrays. */
    EncodedSplit(int maxLen, int[] ids, int[] lengths, int[] labels, SplitStats stats) {
        this.maxLen = maxLen;
        this.ids = ids;
        this.lengths = lengths;
        this.labels = labels;
        this.stats = stats;
    }

    /**
     * An encoded split from arrays (copied).
     *
     * @param maxLen padded length, {@code >= 1}
     * @param ids {@code [n * maxLen]}, row-major: ids of example {@code i} at
     *     {@code [i * maxLen, (i + 1) * maxLen)}, each {@code >= 0}, {@link ModelVocabulary#PAD} at
     *     and beyond the example's length and nowhere before it
     * @param lengths {@code [n]}, each in {@code [0, maxLen]}
     * @param labels {@code [n]}, each {@code >= 0}
     * @param stats the counts; {@code stats.examples()} must be {@code n}
     * @return the split
     * @throws IllegalArgumentException if the arrays break these rules or {@code n == 0}
     */
    public static EncodedSplit of(int maxLen, int[] ids, int[] lengths, int[] labels, SplitStats stats) {
        Objects.requireNonNull(stats, "stats");
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be >= 1, got " + maxLen);
        }
        int n = lengths.length;
        if (n == 0 || labels.length != n || ids.length != Math.multiplyExact(n, maxLen)
                || stats.examples() != n) {
            throw new IllegalArgumentException("need n >= 1 examples with ids [n * maxLen], lengths [n],"
                    + " labels [n]; got ids " + ids.length + ", lengths " + n + ", labels " + labels.length
                    + ", stats.examples " + stats.examples() + ", maxLen " + maxLen);
        }
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 0 || lengths[i] > maxLen) {
                throw new IllegalArgumentException("lengths[" + i + "] must be in [0, " + maxLen + "], got "
                        + lengths[i]);
            }
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels[" + i + "] must be >= 0, got " + labels[i]);
            }
            for (int t = 0; t < maxLen; t++) {
                int id = ids[i * maxLen + t];
                boolean pad = t >= lengths[i];
                if (id < 0 || (pad != (id == ModelVocabulary.PAD))) {
                    throw new IllegalArgumentException("ids of example " + i + " at position " + t
                            + " must be " + (pad ? "PAD (0)" : "a non-PAD id > 0") + ", got " + id);
                }
            }
        }
        return new EncodedSplit(maxLen, ids.clone(), lengths.clone(), labels.clone(), stats);
    }

    /**
     * Number of examples.
     *
     * @return {@code n >= 1}
     */
    public int size() {
        return lengths.length;
    }

    /**
     * Padded length of every example.
     *
     * @return {@code maxLen >= 1}
     */
    public int maxLen() {
        return maxLen;
    }

    /**
     * Number of real ids of example {@code i}.
     *
     * @param i in {@code [0, size())}
     * @return the length, in {@code [0, maxLen]}
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public int length(int i) {
        return lengths[i];
    }

    /**
     * Class of example {@code i}.
     *
     * @param i in {@code [0, size())}
     * @return the class, {@code >= 0}
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public int label(int i) {
        return labels[i];
    }

    /**
     * The ids of example {@code i}, padding included.
     *
     * @param i in {@code [0, size())}
     * @return a fresh array of {@code maxLen} ids
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public int[] ids(int i) {
        Objects.checkIndex(i, lengths.length);
        return Arrays.copyOfRange(ids, i * maxLen, (i + 1) * maxLen);
    }

    /**
     * All classes, in order.
     *
     * @return a fresh array of {@code size()} classes
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * All lengths, in order.
     *
     * @return a fresh array of {@code size()} lengths
     */
    public int[] lengths() {
        return lengths.clone();
    }

    /**
     * The counts gathered while encoding.
     *
     * @return the statistics given at construction
     */
    public SplitStats stats() {
        return stats;
    }

    int[] rawIds() {
        return ids;
    }

    int[] rawLengths() {
        return lengths;
    }

    int[] rawLabels() {
        return labels;
    }

    @Override
    public String toString() {
        return "EncodedSplit[" + stats.name() + ", " + size() + " x " + maxLen + "]";
    }
}
