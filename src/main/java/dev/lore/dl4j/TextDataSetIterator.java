package dev.lore.dl4j;

import dev.lore.data.DatasetFileException;
import dev.lore.data.DatasetSplit;
import dev.lore.data.EncodedSplit;
import dev.lore.data.LabelSet;
import dev.lore.data.MiniBatches;
import dev.lore.data.SequenceEncoder;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labeled text as DL4J {@link DataSet}s, for {@code net.fit(iterator)} and {@code net.evaluate}.
 * Each data set holds, for {@code n} examples of a split encoded by lore ({@link SequenceEncoder}:
 * tokenized, looked up, cut or padded to {@code T = maxLen}):
 * <ul>
 *   <li>features: the token ids, FLOAT {@code [n, T]} (exact for ids below {@code 2^24}), padding
 *       id 0 after each sentence's length;
 *   <li>features mask: FLOAT {@code [n, T]}, 1 at the sentence's positions, 0 at padding, for
 *       DL4J's masked layers (an embedding layer passes it on to pooling or recurrent layers);
 *   <li>labels: one-hot FLOAT {@code [n, C]}, {@code C} the size of the label set; no labels mask.
 * </ul>
 *
 * <p>Order: {@link #inOrder} visits the examples in split order every pass; {@link #shuffled}
 * visits them in {@code MiniBatches.epochOrder(size, seed, epoch)}, the order in which lore's own
 * trainer batches the same split with the same seed, where {@code epoch} counts the calls to
 * {@link #reset()} since construction (DL4J's {@code fit(iterator)} resets once per epoch, when
 * the previous pass has ended). Equal seeds give equal sequences of data sets. Batches hold
 * {@link #batch()} examples, the last one of a pass fewer; {@link #next(int)} takes any number.
 *
 * <p>DL4J's contract: {@link #resetSupported()} and {@link #asyncSupported()} are true (DL4J may
 * prefetch from a background thread); a {@link DataSetPreProcessor}, if set, is applied to every
 * data set before it is returned; {@link #getLabels()} gives the class labels in class order.
 * Not thread-safe: one consumer at a time, as any iterator.
 *
 * <p>Not serializable, although DL4J's interface extends {@code Serializable}: the encoded split
 * is not, and lore writes no Java-serialized data; {@code writeObject} throws
 * {@link NotSerializableException}.
 *
 * @serial exclude
 */
public final class TextDataSetIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient EncodedSplit split;
    private final List<String> labels;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;
    private transient int[] order;
    private int cursor;
    private transient DataSetPreProcessor preProcessor;

    private TextDataSetIterator(EncodedSplit split, LabelSet labels, int batchSize, boolean shuffle, long seed) {
        this.split = Objects.requireNonNull(split, "split");
        Objects.requireNonNull(labels, "labels");
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 1000000], got " + batchSize);
        }
        for (int i = 0; i < split.size(); i++) {
            if (split.label(i) >= labels.size()) {
                throw new IllegalArgumentException("example " + i + " of " + split + " has class " + split.label(i)
                        + " but the label set has " + labels.size() + " classes");
            }
        }
        this.labels = labels.labels();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = orderOf(0);
    }

    /**
     * The examples of {@code split} in a new seeded order every pass.
     *
     * @param split the encoded examples, held (not copied) and not modified
     * @param labels the classes the split's labels index, e.g. {@code EncodedDataset.labels()}
     * @param batchSize examples per data set, in {@code [1, 1_000_000]}
     * @param seed seed of the per-pass orders, any value
     * @return an iterator at the start of pass 0
     * @throws IllegalArgumentException if {@code batchSize} is out of range or a class is not in {@code labels}
     * @throws NullPointerException if {@code split} or {@code labels} is null
     */
    public static TextDataSetIterator shuffled(EncodedSplit split, LabelSet labels, int batchSize, long seed) {
        return new TextDataSetIterator(split, labels, batchSize, true, seed);
    }

    /**
     * The examples of {@code split} in split order, every pass (for evaluation).
     *
     * @param split the encoded examples, held (not copied) and not modified
     * @param labels the classes the split's labels index, e.g. {@code EncodedDataset.labels()}
     * @param batchSize examples per data set, in {@code [1, 1_000_000]}
     * @return an iterator at the start of pass 0
     * @throws IllegalArgumentException as {@link #shuffled(EncodedSplit, LabelSet, int, long)}
     * @throws NullPointerException if {@code split} or {@code labels} is null
     */
    public static TextDataSetIterator inOrder(EncodedSplit split, LabelSet labels, int batchSize) {
        return new TextDataSetIterator(split, labels, batchSize, false, 0L);
    }

    /**
     * Encodes a split of labeled text with {@code encoder} and iterates over it in a new seeded
     * order every pass.
     *
     * @param split the labeled text, not modified
     * @param encoder tokenizes, looks up and cuts or pads each text to its {@code maxLen}
     * @param labels the classes, e.g. {@code LabelSet.fromTraining(train)}
     * @param batchSize examples per data set, in {@code [1, 1_000_000]}
     * @param seed seed of the per-pass orders, any value
     * @return an iterator over the encoded split, at the start of pass 0
     * @throws DatasetFileException naming file and line if a label of the split is not in {@code labels}
     * @throws IllegalArgumentException as {@link #shuffled(EncodedSplit, LabelSet, int, long)}
     * @throws NullPointerException if an argument is null
     */
    public static TextDataSetIterator shuffled(DatasetSplit split, SequenceEncoder encoder, LabelSet labels,
            int batchSize, long seed) throws DatasetFileException {
        Objects.requireNonNull(encoder, "encoder");
        return shuffled(encoder.encode(Objects.requireNonNull(split, "split"), labels), labels, batchSize, seed);
    }

    private int[] orderOf(int pass) {
        if (shuffle) {
            return MiniBatches.epochOrder(split.size(), seed, pass);
        }
        int[] o = new int[split.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /**
     * The pass whose order is being visited.
     *
     * @return the number of calls to {@link #reset()} since construction, {@code >= 0}
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The size of the split.
     *
     * @return the number of examples per pass, {@code >= 0}
     */
    public int examples() {
        return split.size();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /**
     * The next {@code min(num, remaining)} examples.
     *
     * @throws IllegalArgumentException if {@code num < 1}
     * @throws NoSuchElementException if the pass has ended
     */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("the pass over " + split + " has ended; call reset()");
        }
        int n = Math.min(num, order.length - cursor);
        int t = split.maxLen();
        int c = labels.size();
        float[] ids = new float[Math.multiplyExact(n, t)];
        float[] mask = new float[ids.length];
        float[] oneHot = new float[Math.multiplyExact(n, c)];
        for (int r = 0; r < n; r++) {
            int example = order[cursor + r];
            int[] row = split.ids(example);
            int length = split.length(example);
            for (int p = 0; p < t; p++) {
                ids[r * t + p] = row[p];
                mask[r * t + p] = p < length ? 1f : 0f;
            }
            oneHot[r * c + split.label(example)] = 1f;
        }
        cursor += n;
        DataSet ds = new DataSet(Nd4j.create(ids, new long[] {n, t}, DataType.FLOAT),
                Nd4j.create(oneHot, new long[] {n, c}, DataType.FLOAT),
                Nd4j.create(mask, new long[] {n, t}, DataType.FLOAT), null);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** {@code T}: the columns of the features. */
    @Override
    public int inputColumns() {
        return split.maxLen();
    }

    /** {@code C}: the number of classes. */
    @Override
    public int totalOutcomes() {
        return labels.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next pass (in a shuffled iterator, in the next epoch's order). */
    @Override
    public void reset() {
        epoch++;
        order = orderOf(epoch);
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The class labels, in class order (unmodifiable). */
    @Override
    public List<String> getLabels() {
        return labels;
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException(TextDataSetIterator.class.getName()
                + " is not serializable: it holds an encoded split; build a new iterator instead");
    }
}
