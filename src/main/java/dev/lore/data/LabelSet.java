package dev.lore.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The classes of a dataset: distinct label strings, each with its class index in
 * {@code [0, size())}.
 *
 * <p>Order, so that the mapping is deterministic: if every label is a decimal integer (optional
 * minus sign, digits), by numeric value, so {@code 2 < 10}; otherwise by {@link String#compareTo}.
 * Labels equal in value but spelled differently ({@code 1}, {@code 01}) are distinct labels, ordered
 * by {@code String.compareTo} among themselves. Examples: {@code {"1", "0"}} gives {@code 0 -> 0,
 * 1 -> 1}; {@code {"10", "9", "2"}} gives {@code 2, 9, 10}; TREC's {@code {LOC, ABBR, HUM}} gives
 * {@code ABBR, HUM, LOC}.
 */
public final class LabelSet {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private final List<String> labels;
    private final Map<String, Integer> index;

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
    }

    /**
     * The distinct labels of {@code labels}, ordered as described above.
     *
     * @param labels labels with repetitions, in any order; not modified
     * @return the set of distinct labels
     * @throws IllegalArgumentException if {@code labels} is empty or holds an empty label
     * @throws NullPointerException if a label is null
     */
    public static LabelSet of(Collection<String> labels) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String l : labels) {
            Objects.requireNonNull(l, "label");
            if (l.isEmpty()) {
                throw new IllegalArgumentException("labels must not be empty strings");
            }
            distinct.add(l);
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("need at least one label, got none");
        }
        List<String> sorted = new ArrayList<>(distinct);
        if (sorted.stream().allMatch(l -> INTEGER.matcher(l).matches())) {
            sorted.sort(Comparator.comparing((String l) -> new BigInteger(l))
                    .thenComparing(Comparator.naturalOrder()));
        }
        return new LabelSet(sorted);
    }

    /**
     * The labels occurring in {@code train}, ordered as described above.
     *
     * @param train the training split
     * @return the set of its distinct labels
     */
    public static LabelSet fromTraining(DatasetSplit train) {
        List<String> all = new ArrayList<>(train.size());
        for (Example e : train.examples()) {
            all.add(e.label());
        }
        return of(all);
    }

    /**
     * Number of classes.
     *
     * @return at least 1
     */
    public int size() {
        return labels.size();
    }

    /**
     * The labels in class order.
     *
     * @return an unmodifiable list, element {@code c} the label of class {@code c}
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * The label of class {@code cls}.
     *
     * @param cls in {@code [0, size())}
     * @return the label
     * @throws IndexOutOfBoundsException unless {@code 0 <= cls < size()}
     */
    public String label(int cls) {
        return labels.get(cls);
    }

    /**
     * The class of a label.
     *
     * @param label the label as written in the data
     * @return its class in {@code [0, size())}, or -1 if it is not one of the labels
     */
    public int classOf(String label) {
        Integer c = index.get(label);
        return c == null ? -1 : c;
    }

    /**
     * The class of every example of {@code split}, in order.
     *
     * @param split the split whose labels are mapped
     * @return a new array of {@code split.size()} classes
     * @throws DatasetFileException naming file, line and label if a label of a split read from a
     *     file is not in this set (e.g. a dev label that never occurs in training)
     * @throws IllegalArgumentException for the same problem in an in-memory split
     */
    public int[] classesOf(DatasetSplit split) throws DatasetFileException {
        int[] classes = new int[split.size()];
        for (int i = 0; i < classes.length; i++) {
            String label = split.example(i).label();
            int c = classOf(label);
            if (c < 0) {
                split.fail(i, "label '" + label + "' does not occur in the training split (labels: "
                        + listed() + ")");
            }
            classes[i] = c;
        }
        return classes;
    }

    /** The labels for a message, at most 20 of them. */
    private String listed() {
        int shown = Math.min(20, labels.size());
        String head = String.join(", ", labels.subList(0, shown));
        return shown == labels.size() ? head : head + ", ... (" + labels.size() + " in all)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet other && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return "LabelSet" + labels;
    }
}
