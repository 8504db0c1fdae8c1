package dev.lore.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A labeled-text classification dataset: train, dev and test splits and the classes.
 *
 * @param train the training split; the classes are its labels
 * @param dev the development split (model selection)
 * @param test the test split (reported once)
 * @param labels the label set; every dev and test label must be in it
 */
public record Dataset(DatasetSplit train, DatasetSplit dev, DatasetSplit test, LabelSet labels) {

    /** Suffixes of the three split files of a prefix. */
    public static final String TRAIN_SUFFIX = ".train.tsv";
    /** @see #TRAIN_SUFFIX */
    public static final String DEV_SUFFIX = ".dev.tsv";
    /** @see #TRAIN_SUFFIX */
    public static final String TEST_SUFFIX = ".test.tsv";

    /**
     * Checks every label of the splits against {@code labels}.
     *
     * @param train the training split, not null
     * @param dev the development split, not null
     * @param test the test split, not null
     * @param labels the label set, not null
     * @throws IllegalArgumentException if a train, dev or test label is not in {@code labels}
     * @throws NullPointerException if a component is null
     */
    public Dataset {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(labels, "labels");
        for (DatasetSplit split : new DatasetSplit[] {train, dev, test}) {
            for (int i = 0; i < split.size(); i++) {
                String label = split.example(i).label();
                if (labels.classOf(label) < 0) {
                    throw new IllegalArgumentException(split.name() + "[" + i + "]: label '" + label
                            + "' is not in " + labels);
                }
            }
        }
    }

    /**
     * Builds a dataset from in-memory splits, with the labels of {@code train}.
     *
     * @param train the training split; its labels become the classes
     * @param dev the development split
     * @param test the test split
     * @return the dataset
     * @throws IllegalArgumentException if a dev or test label does not occur in {@code train}
     * @throws NullPointerException if a split is null
     */
    public static Dataset of(DatasetSplit train, DatasetSplit dev, DatasetSplit test) {
        return new Dataset(train, dev, test, LabelSet.fromTraining(train));
    }

    /**
     * Reads {@code PREFIX.train.tsv}, {@code PREFIX.dev.tsv} and {@code PREFIX.test.tsv} (see
     * {@link DatasetSplit#read} for the format). The classes are the training labels, ordered as
     * {@link LabelSet} describes.
     *
     * @param prefix e.g. {@code data/classification/sst2} for {@code data/classification/sst2.train.tsv}
     * @return the dataset, its labels those of the training file
     * @throws DatasetFileException if a file is malformed, if the training split has fewer than two
     *     labels, or if a dev or test label does not occur in training (naming file, line and label)
     * @throws IOException if a file cannot be read
     */
    public static Dataset load(Path prefix) throws IOException {
        DatasetSplit train = DatasetSplit.read(splitFile(prefix, TRAIN_SUFFIX));
        DatasetSplit dev = DatasetSplit.read(splitFile(prefix, DEV_SUFFIX));
        DatasetSplit test = DatasetSplit.read(splitFile(prefix, TEST_SUFFIX));
        LabelSet labels = LabelSet.fromTraining(train);
        if (labels.size() < 2) {
            throw new DatasetFileException(train.source().orElseThrow(), 0,
                    "a classifier needs at least 2 labels, the training split has only '"
                            + labels.label(0) + "'");
        }
        labels.classesOf(dev);
        labels.classesOf(test);
        return new Dataset(train, dev, test, labels);
    }

    /**
     * The file of one split: {@code prefix} with {@code suffix} appended to its file name.
     *
     * @param prefix the path without suffix, e.g. {@code data/sst2}; must have a file name
     * @param suffix e.g. {@link #TRAIN_SUFFIX}
     * @return the sibling of {@code prefix} named by its file name followed by {@code suffix}, e.g.
     *     {@code data/sst2.train.tsv}
     * @throws IllegalArgumentException if {@code prefix} has no file name (e.g. a root)
     * @throws NullPointerException if {@code prefix} is null
     */
    public static Path splitFile(Path prefix, String suffix) {
        Objects.requireNonNull(prefix, "prefix");
        Path name = prefix.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("prefix must end in a file-name prefix, got '" + prefix + "'");
        }
        return prefix.resolveSibling(name + suffix);
    }
}
