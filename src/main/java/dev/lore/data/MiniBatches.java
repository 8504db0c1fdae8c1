package dev.lore.data;

import dev.lore.Seeds;
import dev.lore.nn.TokenBatch;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mini-batches of one pass over an {@link EncodedSplit}: batch {@code b} holds the examples
 * {@code order[b * batchSize, min((b + 1) * batchSize, n))}. {@link #batch(int)} and the iterator
 * build a fresh {@link TokenBatch} (ids INT {@code [batch, seqLen]}, lengths, labels) that nothing
 * else holds, so callers may keep or modify it; {@link #batch(int, TokenBatch)} refills one instead.
 */
public final class MiniBatches implements Iterable<TokenBatch> {

    private final EncodedSplit split;
    private final int[] order;
    private final int batchSize;
    private final int count;
    private final boolean trim;

    private MiniBatches(EncodedSplit split, int[] order, int batchSize, int count, boolean trim) {
        this.split = split;
        this.order = order;
        this.batchSize = batchSize;
        this.count = count;
        this.trim = trim;
    }

    /**
     * The batches of training epoch {@code epoch}, in the order {@link #epochOrder(int, long, int)}
     * gives: a pure function of ({@code config.seed()}, {@code epoch}) and the split's size, the
     * same however many epochs ran before.
     *
     * @param split the split to cut, not modified
     * @param config batch size, seed, {@code dropLast} and {@code trimToLongest}
     * @param epoch the epoch, {@code >= 0}
     * @return the batches of that epoch
     * @throws IllegalArgumentException if {@code epoch < 0}, or if {@code config.dropLast()} and the
     *     split is smaller than one batch (no batch would remain)
     */
    public static MiniBatches shuffled(EncodedSplit split, BatchConfig config, int epoch) {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(config, "config");
        int n = split.size();
        int size = config.batchSize();
        int count = config.dropLast() ? n / size : (n + size - 1) / size;
        if (count == 0) {
            throw new IllegalArgumentException("dropLast with batchSize " + size + " leaves no batch of "
                    + split + " (" + n + " examples)");
        }
        return new MiniBatches(split, epochOrder(n, config.seed(), epoch), size, count,
                config.trimToLongest());
    }

    /**
     * The batches in example order, last partial batch kept, {@code seqLen = maxLen}: for evaluation.
     *
     * @param split the split to cut, not modified
     * @param batchSize examples per batch, in {@code [1, 1_000_000]}
     * @return the batches
     * @throws IllegalArgumentException unless {@code batchSize} is in {@code [1, 1_000_000]}
     */
    public static MiniBatches inOrder(EncodedSplit split, int batchSize) {
        return inOrder(split, batchSize, false);
    }

    /**
     * The batches in example order, last partial batch kept; {@code seqLen} as for
     * {@link BatchConfig#trimToLongest}.
     *
     * @param split the split to cut, not modified
     * @param batchSize examples per batch, in {@code [1, 1_000_000]}
     * @param trimToLongest whether each batch's {@code seqLen} is the longest length in it
     * @return the batches
     * @throws IllegalArgumentException unless {@code batchSize} is in {@code [1, 1_000_000]}
     */
    public static MiniBatches inOrder(EncodedSplit split, int batchSize, boolean trimToLongest) {
        Objects.requireNonNull(split, "split");
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 1000000], got " + batchSize);
        }
        int n = split.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return new MiniBatches(split, order, batchSize, (n + batchSize - 1) / batchSize, trimToLongest);
    }

    /**
     * A permutation of {@code [0, n)}: Fisher-Yates with a {@link SplittableRandom} seeded by
     * {@code mix64(mix64(seed) + epoch)} (SplitMix64's finalizer, so nearby seeds and epochs give
     * unrelated orders).
     *
     * @param n number of examples, {@code >= 0}
     * @param seed the shuffle seed
     * @param epoch the epoch, {@code >= 0}
     * @return a new array holding each of {@code 0 .. n-1} once
     * @throws IllegalArgumentException if {@code n < 0} or {@code epoch < 0}
     */
    public static int[] epochOrder(int n, long seed, int epoch) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        SplittableRandom r = new SplittableRandom(Seeds.mix64(Seeds.mix64(seed) + epoch));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Number of batches.
     *
     * @return at least 1
     */
    public int size() {
        return count;
    }

    /**
     * Number of examples covered by all batches.
     *
     * @return the split's size, or fewer when the last batch is dropped
     */
    public int examples() {
        return Math.min(order.length, count * batchSize);
    }

    /**
     * The split indices of the examples of batch {@code b}, in batch-row order (a copy): maps a
     * model's outputs back to examples.
     *
     * @param b the batch, in {@code [0, size())}
     * @return a fresh array, element {@code r} the split index of row {@code r}
     * @throws IndexOutOfBoundsException unless {@code 0 <= b < size()}
     */
    public int[] indices(int b) {
        Objects.checkIndex(b, count);
        int from = b * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
    }

    /**
     * Batch {@code b}: ids INT {@code [rows, seqLen]} 'c', lengths and labels of its examples, in
     * new arrays.
     *
     * @param b the batch, in {@code [0, size())}
     * @return a new batch with labels
     * @throws IndexOutOfBoundsException unless {@code 0 <= b < size()}
     */
    public TokenBatch batch(int b) {
        return batch(b, null);
    }

    /**
     * Batch {@code b}, written into {@code into} when it fits, to save the allocation of the ids
     * array (about 0.1 ms for 50 x 40 ints with ND4J here, against a few microseconds to refill
     * one). It fits when it holds {@code rows} rows of {@code seqLen} ids in a contiguous 'c'
     * array and has labels: then its ids, lengths and labels are overwritten and {@code into} is
     * returned; otherwise (or if {@code into} is null) a new batch is returned and {@code into} is
     * untouched. Typical use: {@code TokenBatch buf = null; for (b ...) { buf = batches.batch(b, buf); ... }}.
     *
     * @param b the batch, in {@code [0, size())}
     * @param into a batch to refill (modified if it fits), or null
     * @return {@code into} refilled, or a new batch
     * @throws IndexOutOfBoundsException unless {@code 0 <= b < size()}
     */
    public TokenBatch batch(int b, TokenBatch into) {
        int[] rows = indices(b);
        int maxLen = split.maxLen();
        int[] allLengths = split.rawLengths();
        int seqLen = maxLen;
        if (trim) {
            seqLen = 1;
            for (int r : rows) {
                seqLen = Math.max(seqLen, allLengths[r]);
            }
        }
        boolean reuse = into != null && into.size() == rows.length && into.seqLen() == seqLen
                && into.ids().ordering() == 'c' && !into.ids().isView() && into.labels() != null;
        int[] lengths = reuse ? into.lengths() : new int[rows.length];
        int[] labels = reuse ? into.labels() : new int[rows.length];
        int[] batchIds = new int[Math.multiplyExact(rows.length, seqLen)];
        int[] ids = split.rawIds();
        int[] allLabels = split.rawLabels();
        for (int r = 0; r < rows.length; r++) {
            lengths[r] = allLengths[rows[r]];
            labels[r] = allLabels[rows[r]];
            System.arraycopy(ids, rows[r] * maxLen, batchIds, r * seqLen, seqLen);
        }
        if (reuse) {
            into.ids().data().setData(batchIds);
            return into;
        }
        INDArray idArray = Nd4j.create(batchIds, new long[] {rows.length, seqLen}, DataType.INT);
        return new TokenBatch(idArray, lengths, labels);
    }

    @Override
    public Iterator<TokenBatch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public TokenBatch next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return batch(next++);
            }
        };
    }
}
