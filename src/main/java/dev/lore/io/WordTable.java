package dev.lore.io;

import java.util.Arrays;

/**
 * A growing list of distinct words with a hash index, for deduplicating words while a file is read.
 * Open addressing over {@code int}s with the hashing of {@link Vocabulary}, so the finished table
 * becomes the vocabulary's index without rehashing 400,000 words. Hash codes are kept beside the
 * words: probing and growing then compare and move {@code int}s instead of visiting the strings.
 */
final class WordTable {

    private String[] words;
    private int[] hashes;
    private int size;
    private int[] table; // slot -> index + 1; 0 means empty
    private int mask;

    /** @param expectedWords a capacity hint, {@code >= 0} */
    WordTable(int expectedWords) {
        int capacity = Math.max(16, expectedWords);
        words = new String[capacity];
        hashes = new int[capacity];
        table = new int[Vocabulary.tableCapacity(capacity)];
        mask = table.length - 1;
    }

    /** Appends {@code word} unless present; returns whether it was added. */
    boolean add(String word) {
        int hash = Vocabulary.hash(word);
        int slot = hash & mask;
        for (int v; (v = table[slot]) != 0; slot = (slot + 1) & mask) {
            if (hashes[v - 1] == hash && words[v - 1].equals(word)) {
                return false;
            }
        }
        if (size == words.length) {
            int capacity = Math.addExact(size, size >> 1);
            words = Arrays.copyOf(words, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        words[size] = word;
        hashes[size] = hash;
        table[slot] = ++size;
        if (Vocabulary.tableCapacity(size) > table.length) {
            rehash(Vocabulary.tableCapacity(size));
        }
        return true;
    }

    int size() {
        return size;
    }

    /** The words in insertion order with their index, as a vocabulary; the table is handed over. */
    Vocabulary toVocabulary() {
        Vocabulary vocabulary = Vocabulary.ofIndexed(Arrays.copyOf(words, size), table);
        words = null;
        hashes = null;
        table = null;
        return vocabulary;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int slot = hashes[i] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
    }
}
