package dev.lore.spark;

import dev.lore.linalg.GramAccumulator;
import dev.lore.linalg.GramPrecision;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first pass's partial result over some partitions: their Gram matrix (a
 * {@link GramAccumulator}) and, per partition, its rows and the bytes its words take in a
 * {@code .lore} file. The value of Spark's {@code treeAggregate}: {@link #add} is its sequence
 * operation, {@link #merge} its combination.
 *
 * <p>Spark moves it between processes with Java serialization; what is written is the
 * accumulator's plain state ({@link GramAccumulator#gram()}, rows), rebuilt with
 * {@link GramAccumulator#of}. Not thread-safe, as Spark uses it.
 */
final class PassOne implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest word a {@code .lore} file stores, in UTF-8 bytes. */
    static final int MAX_WORD_BYTES = 65535;

    private final int dimension;
    private final GramPrecision precision;
    private transient GramAccumulator gram;
    /** Partition index to {rows, vocabulary bytes}. */
    private TreeMap<Integer, long[]> partitions = new TreeMap<>();

    PassOne(int dimension, GramPrecision precision) {
        this.dimension = dimension;
        this.precision = precision;
        this.gram = GramAccumulator.create(dimension, precision);
    }

    /** Adds a block of partition {@code partition}. */
    PassOne add(RowBlock block, int partition) {
        if (block.dimension() != dimension) {
            throw new BadRowException(block.where(0) + ": expected " + dimension + " values, found "
                    + block.dimension());
        }
        long bytes = 0;
        String[] words = block.words();
        for (int i = 0; i < block.count(); i++) {
            bytes += 4 + utf8Length(words[i], block, i);
        }
        float[] v = block.values();
        for (int i = 0; i < block.count(); i++) {
            for (int k = 0; k < dimension; k++) {
                if (!Float.isFinite(v[i * dimension + k])) {
                    throw new BadRowException(block.where(i) + ": value " + (k + 1) + " must be finite, got "
                            + v[i * dimension + k]);
                }
            }
        }
        gram.add(v, 0, block.count());
        long[] p = partitions.computeIfAbsent(partition, k -> new long[2]);
        p[0] += block.count();
        p[1] += bytes;
        return this;
    }

    /** Adds the partitions of {@code other}. */
    PassOne merge(PassOne other) {
        gram.merge(other.gram);
        for (Map.Entry<Integer, long[]> e : other.partitions.entrySet()) {
            long[] p = partitions.computeIfAbsent(e.getKey(), k -> new long[2]);
            p[0] += e.getValue()[0];
            p[1] += e.getValue()[1];
        }
        return this;
    }

    GramAccumulator gram() {
        return gram;
    }

    /** Partition index to {rows, vocabulary bytes}; a copy. */
    TreeMap<Integer, long[]> partitions() {
        TreeMap<Integer, long[]> m = new TreeMap<>();
        partitions.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    long rows() {
        return partitions.values().stream().mapToLong(p -> p[0]).sum();
    }

    long vocabularyBytes() {
        return partitions.values().stream().mapToLong(p -> p[1]).sum();
    }

    /**
     * The UTF-8 length of a word, checked as a {@code .lore} file stores words: not empty, valid
     * Unicode (no lone surrogate), at most {@value #MAX_WORD_BYTES} bytes. Counted by hand: an
     * encoder per word cost more than the Gram matrix.
     */
    static int utf8Length(String word, RowBlock block, int i) {
        int n = 0;
        int len = word.length();
        for (int k = 0; k < len; k++) {
            char c = word.charAt(k);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && k + 1 < len && Character.isLowSurrogate(word.charAt(k + 1))) {
                n += 4;
                k++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRowException(block.where(i) + ": the word is not valid Unicode text");
            } else {
                n += 3;
            }
        }
        if (n == 0) {
            throw new BadRowException(block.where(i) + ": the word is empty");
        }
        if (n > MAX_WORD_BYTES) {
            throw new BadRowException(block.where(i) + ": the word has " + n + " UTF-8 bytes, more than "
                    + MAX_WORD_BYTES);
        }
        return n;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeLong(gram.rows());
        double[] g = gram.gram();
        out.writeInt(g.length);
        for (double x : g) {
            out.writeDouble(x);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        long rows = in.readLong();
        int n = in.readInt();
        if (n != dimension * dimension || rows < 0) {
            throw new IOException("a Gram state of " + n + " values and " + rows + " rows for dimension " + dimension);
        }
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = in.readDouble();
        }
        gram = GramAccumulator.of(dimension, precision, rows, g);
    }
}
