package dev.lore.store;

import java.util.Arrays;

/**
 * The best {@code capacity} (score, row) pairs offered, in a bounded binary min-heap whose root is
 * the worst kept pair; excluded rows are refused. A pair is better than another when its score is
 * higher, or equal with a lower row. Not thread-safe: one instance per query and task.
 */
final class Candidates {

    private final float[] scores;
    private final int[] ids;
    private final int[] exclude;
    private int size;

    /**
     * @param capacity pairs kept, {@code >= 1}
     * @param exclude rows never kept, not modified
     */
    Candidates(int capacity, int[] exclude) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        scores = new float[capacity];
        ids = new int[capacity];
        this.exclude = exclude;
    }

    /** The score a new pair must exceed to be kept: the worst kept score, or -infinity while not full. */
    float threshold() {
        return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
    }

    /** Offers a pair; kept if its row is not excluded and it is better than the worst kept one (or room remains). */
    void offer(float score, int id) {
        for (int e : exclude) {
            if (e == id) {
                return;
            }
        }
        if (size < scores.length) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(score, id, scores[parent], ids[parent])) {
                    break;
                }
                scores[i] = scores[parent];
                ids[i] = ids[parent];
                i = parent;
            }
            scores[i] = score;
            ids[i] = id;
            return;
        }
        if (!worse(scores[0], ids[0], score, id)) {
            return;
        }
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(scores[child + 1], ids[child + 1], scores[child], ids[child])) {
                child++;
            }
            if (!worse(scores[child], ids[child], score, id)) {
                break;
            }
            scores[i] = scores[child];
            ids[i] = ids[child];
            i = child;
        }
        scores[i] = score;
        ids[i] = id;
    }

    /** Whether (s1, id1) ranks below (s2, id2). */
    private static boolean worse(float s1, int id1, float s2, int id2) {
        return s1 < s2 || (s1 == s2 && id1 > id2);
    }

    /** Number of pairs kept. */
    int size() {
        return size;
    }

    /** The kept rows, in no particular order (a copy). */
    int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /** The best {@code capacity} pairs of all {@code parts}; the single part itself when there is one. */
    static Candidates merge(Candidates[] parts, int capacity, int[] exclude) {
        if (parts.length == 1) {
            return parts[0];
        }
        Candidates out = new Candidates(capacity, exclude);
        for (Candidates p : parts) {
            for (int i = 0; i < p.size; i++) {
                out.offer(p.scores[i], p.ids[i]);
            }
        }
        return out;
    }
}
