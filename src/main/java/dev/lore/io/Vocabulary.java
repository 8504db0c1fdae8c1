package dev.lore.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of distinct words, each with its index (its position, starting at 0).
 *
 * <p>Lookups use an open-addressing table of {@code int}s, so a 400,000-word vocabulary costs
 * the strings plus about 8 bytes a word, instead of a {@code HashMap}'s boxed entries.
 */
public final class Vocabulary {

    private final String[] words;
    private final int[] table; // slot -> index + 1; 0 means empty
    private final int mask;

    private Vocabulary(String[] words) {
        this.words = words;
        int capacity = tableCapacity(words.length);
        this.table = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w == null) {
                throw new IllegalArgumentException("words[" + i + "] must not be null");
            }
            if (w.isEmpty()) {
                throw new IllegalArgumentException("words[" + i + "] must not be empty");
            }
            int slot = slotOf(w);
            if (table[slot] != 0) {
                throw new IllegalArgumentException("duplicate word '" + w + "' at indices "
                        + (table[slot] - 1) + " and " + i);
            }
            table[slot] = i + 1;
        }
    }

    /** Takes distinct non-empty words and their finished index (see {@link WordTable}) as they are. */
    private Vocabulary(String[] words, int[] table) {
        this.words = words;
        this.table = table;
        this.mask = table.length - 1;
    }

    /**
     * A vocabulary over {@code words}, distinct and non-empty, with {@code table} built by the
     * rules of {@link #hash} and {@link #tableCapacity}; neither is copied nor checked.
     */
    static Vocabulary ofIndexed(String[] words, int[] table) {
        assert Integer.bitCount(table.length) == 1 && table.length >= tableCapacity(words.length);
        return new Vocabulary(words, table);
    }

    /** Slots of the index for {@code n} words: a power of two, at least {@code 2n} and 4. */
    static int tableCapacity(int n) {
        return Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    }

    /** The hash of {@code word} whose low bits pick its first slot. */
    static int hash(String word) {
        int h = word.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * A vocabulary naming rows by index, {@code #0, #1, ..., #(size-1)}, for tables that have no words.
     *
     * @param size number of words, {@code >= 1}
     * @return the vocabulary {@code #0 ... #(size-1)}
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public static Vocabulary indexed(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        List<String> words = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            words.add("#" + i);
        }
        return of(words);
    }

    /**
     * Creates a vocabulary from distinct, non-empty words in index order.
     *
     * @param words the words, word {@code i} getting index {@code i}; copied, not modified
     * @return the vocabulary
     * @throws IllegalArgumentException if a word is null, empty or repeated
     * @throws NullPointerException if {@code words} is null
     */
    public static Vocabulary of(List<String> words) {
        Objects.requireNonNull(words, "words");
        return new Vocabulary(words.toArray(new String[0]));
    }

    /**
     * Same as {@link #of(List)}; the array is copied.
     *
     * @param words the words, word {@code i} getting index {@code i}; copied, not modified
     * @return the vocabulary
     * @throws IllegalArgumentException if a word is null, empty or repeated
     * @throws NullPointerException if {@code words} is null
     */
    public static Vocabulary of(String... words) {
        Objects.requireNonNull(words, "words");
        return new Vocabulary(words.clone());
    }

    /**
     * Number of words.
     *
     * @return the size, {@code >= 0}
     */
    public int size() {
        return words.length;
    }

    /**
     * The word at {@code index}.
     *
     * @param index in {@code [0, size())}
     * @return the word, non-empty
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public String word(int index) {
        Objects.checkIndex(index, words.length);
        return words[index];
    }

    /**
     * The index of a word.
     *
     * @param word the word, not null; compared exactly (case and all)
     * @return its index in {@code [0, size())}, or {@code -1} if it is not in the vocabulary
     * @throws NullPointerException if {@code word} is null
     */
    public int indexOf(String word) {
        int v = table[slotOf(word)];
        return v - 1;
    }

    /**
     * Whether {@code word} is in the vocabulary.
     *
     * @param word the word, not null
     * @return {@code indexOf(word) >= 0}
     * @throws NullPointerException if {@code word} is null
     */
    public boolean contains(String word) {
        return indexOf(word) >= 0;
    }

    /**
     * The words in index order.
     *
     * @return an unmodifiable view of the words, element {@code i} at index {@code i}
     */
    public List<String> words() {
        return Collections.unmodifiableList(Arrays.asList(words));
    }

    /** The slot holding {@code word}, or the empty slot where it would go. */
    private int slotOf(String word) {
        int slot = hash(word) & mask;
        while (true) {
            int v = table[slot];
            if (v == 0 || words[v - 1].equals(word)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + words.length + "]";
    }
}
