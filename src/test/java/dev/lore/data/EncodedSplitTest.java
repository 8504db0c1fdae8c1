package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EncodedSplitTest {

    private static SplitStats stats(int n) {
        return new SplitStats("s", n, 0, 0, 0, 0, 0);
    }

    @Test
    void ofCopiesAndExposes() {
        int[] ids = {5, 6, 0, 7, 0, 0};
        int[] lengths = {2, 1};
        int[] labels = {1, 0};
        EncodedSplit e = EncodedSplit.of(3, ids, lengths, labels, stats(2));
        ids[0] = 9;
        lengths[0] = 3;
        assertArrayEquals(new int[] {5, 6, 0}, e.ids(0));
        assertArrayEquals(new int[] {2, 1}, e.lengths());
        assertEquals(0, e.label(1));
        assertThrows(IndexOutOfBoundsException.class, () -> e.ids(2));
    }

    @Test
    void rejectsPaddingInsideOrIdsOutsideTheLength() {
        // PAD before the end of the sentence.
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(3, new int[] {5, 0, 0}, new int[] {2}, new int[] {0}, stats(1)));
        // A real id after the end of the sentence.
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(3, new int[] {5, 6, 7}, new int[] {2}, new int[] {0}, stats(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(3, new int[] {5, -6, 0}, new int[] {2}, new int[] {0}, stats(1)));
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(2, new int[] {5, 0}, new int[] {3}, new int[] {0}, stats(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(2, new int[] {5, 0}, new int[] {1}, new int[] {-1}, stats(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(2, new int[] {5, 0, 0}, new int[] {1}, new int[] {0}, stats(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(2, new int[] {5, 0}, new int[] {1}, new int[] {0}, stats(2)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(2, new int[0], new int[0], new int[0], stats(0)));
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.of(0, new int[0], new int[] {0}, new int[] {0}, stats(1)));
    }

    @Test
    void lengthZeroIsAllowed() {
        EncodedSplit e = EncodedSplit.of(2, new int[] {0, 0}, new int[] {0}, new int[] {0}, stats(1));
        assertEquals(0, e.length(0));
    }

    @Test
    void splitStatsChecksCounts() {
        assertThrows(IllegalArgumentException.class, () -> new SplitStats("s", 1, 2, 3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitStats("s", 1, 2, 0, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitStats("s", -1, 0, 0, 0, 0, 0));
        assertEquals(0, new SplitStats("s", 1, 0, 0, 0, 0, 1).unkRate());
    }
}
