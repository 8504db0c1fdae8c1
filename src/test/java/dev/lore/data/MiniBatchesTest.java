package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.nn.TokenBatch;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class MiniBatchesTest {

    /**
     * n examples, maxLen 4; example i has length 1 + i % 4, ids 100 + i at every real position and
     * label i (so each batch row tells which example it holds).
     */
    static EncodedSplit split(int n) {
        int maxLen = 4;
        int[] ids = new int[n * maxLen];
        int[] lengths = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + i % 4;
            labels[i] = i;
            for (int t = 0; t < lengths[i]; t++) {
                ids[i * maxLen + t] = 100 + i;
            }
        }
        return EncodedSplit.of(maxLen, ids, lengths, labels, new SplitStats("toy", n, 0, 0, 0, 0, 0));
    }

    /** Checks that the batch rows hold exactly the split's examples and returns their indices. */
    private static int[] examplesOf(TokenBatch b, EncodedSplit s) {
        assertEquals(DataType.INT, b.ids().dataType());
        int[] rows = new int[b.size()];
        for (int r = 0; r < b.size(); r++) {
            int i = b.labels()[r];
            rows[r] = i;
            assertEquals(s.length(i), b.lengths()[r]);
            int[] expected = s.ids(i);
            for (int t = 0; t < b.seqLen(); t++) {
                assertEquals(expected[t], b.ids().getInt(r, t), "example " + i + " position " + t);
            }
        }
        return rows;
    }

    private static int[] epochExamples(MiniBatches mb, EncodedSplit s) {
        int[] all = new int[0];
        for (TokenBatch b : mb) {
            all = concat(all, examplesOf(b, s));
        }
        return all;
    }

    @Test
    void everyExampleExactlyOncePerEpochLastPartialBatchKept() {
        EncodedSplit s = split(23);
        MiniBatches mb = MiniBatches.shuffled(s, new BatchConfig(5, 42, false, false), 0);
        assertEquals(5, mb.size()); // 5 + 5 + 5 + 5 + 3
        assertEquals(23, mb.examples());
        int[] seen = epochExamples(mb, s);
        assertEquals(23, seen.length);
        int[] sorted = seen.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 23; i++) {
            assertEquals(i, sorted[i]);
        }
        assertEquals(3, mb.batch(4).size());
        assertEquals(4, mb.batch(0).seqLen());
        assertArrayEquals(MiniBatches.epochOrder(23, 42, 0), seen);
    }

    @Test
    void dropLastDropsThePartialBatch() {
        EncodedSplit s = split(23);
        MiniBatches mb = MiniBatches.shuffled(s, new BatchConfig(5, 42, true, false), 3);
        assertEquals(4, mb.size());
        assertEquals(20, mb.examples());
        int[] seen = epochExamples(mb, s);
        assertEquals(20, new HashSet<>(Arrays.asList(Arrays.stream(seen).boxed().toArray(Integer[]::new))).size());
        assertArrayEquals(Arrays.copyOf(MiniBatches.epochOrder(23, 42, 3), 20), seen);
        assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(split(4), new BatchConfig(5, 42, true, false), 0));
    }

    @Test
    void orderIsAPureFunctionOfSeedAndEpoch() {
        int n = 200;
        int[] e0 = MiniBatches.epochOrder(n, 7, 0);
        int[] e1 = MiniBatches.epochOrder(n, 7, 1);
        // Same (seed, epoch): same order, whatever was computed in between.
        MiniBatches.epochOrder(n, 7, 5);
        assertArrayEquals(e1, MiniBatches.epochOrder(n, 7, 1));
        assertArrayEquals(e0, MiniBatches.epochOrder(n, 7, 0));
        // Different epochs and seeds give different orders, each a permutation.
        Set<String> orders = new HashSet<>();
        for (long seed : new long[] {7, 8}) {
            for (int epoch = 0; epoch < 10; epoch++) {
                int[] o = MiniBatches.epochOrder(n, seed, epoch);
                int[] sorted = o.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < n; i++) {
                    assertEquals(i, sorted[i]);
                }
                orders.add(Arrays.toString(o));
            }
        }
        assertEquals(20, orders.size());
        assertFalse(Arrays.equals(e0, identity(n)));
    }

    @Test
    void shuffleIsRoughlyUniform() {
        // Over many epochs each example lands in the first position about equally often.
        int n = 5;
        int epochs = 5000;
        int[] first = new int[n];
        for (int e = 0; e < epochs; e++) {
            first[MiniBatches.epochOrder(n, 3, e)[0]]++;
        }
        for (int c : first) {
            // Expected 1000, standard deviation about 28: 5 sigma.
            assertTrue(Math.abs(c - epochs / n) < 140, Arrays.toString(first));
        }
    }

    @Test
    void inOrderForEvaluation() {
        EncodedSplit s = split(7);
        MiniBatches mb = MiniBatches.inOrder(s, 3);
        assertEquals(3, mb.size());
        assertArrayEquals(identity(7), epochExamples(mb, s));
        assertArrayEquals(new int[] {6}, mb.indices(2));
        assertThrows(IndexOutOfBoundsException.class, () -> mb.batch(3));
        assertThrows(IllegalArgumentException.class, () -> MiniBatches.inOrder(s, 0));
    }

    @Test
    void trimToLongestCutsTrailingPadding() {
        EncodedSplit s = split(7); // lengths 1 2 3 4 1 2 3
        MiniBatches mb = MiniBatches.inOrder(s, 2, true);
        int[] seqLens = new int[mb.size()];
        for (int b = 0; b < mb.size(); b++) {
            TokenBatch batch = mb.batch(b);
            seqLens[b] = batch.seqLen();
            examplesOf(batch, s);
        }
        assertArrayEquals(new int[] {2, 4, 2, 3}, seqLens);
    }

    @Test
    void batchesAreFreshObjects() {
        EncodedSplit s = split(4);
        MiniBatches mb = MiniBatches.inOrder(s, 4);
        TokenBatch a = mb.batch(0);
        a.ids().putScalar(0, 0, 999);
        a.lengths()[0] = 0;
        TokenBatch b = mb.batch(0);
        assertEquals(100, b.ids().getInt(0, 0));
        assertEquals(1, b.lengths()[0]);
    }

    @Test
    void refillsAFittingBatchAndLeavesOthersAlone() {
        EncodedSplit s = split(23);
        MiniBatches mb = MiniBatches.shuffled(s, new BatchConfig(5, 9, false, false), 2);
        TokenBatch buf = null;
        TokenBatch first = null;
        int[] seen = new int[0];
        for (int b = 0; b < mb.size(); b++) {
            TokenBatch next = mb.batch(b, buf);
            if (b == 0) {
                first = next;
            } else if (b < 4) {
                assertSame(first, next); // same shape: refilled in place
            } else {
                assertNotSame(first, next); // last batch has 3 rows: a new one
                assertArrayEquals(examplesOf(mb.batch(3), s), examplesOf(first, s)); // untouched
            }
            int[] rows = examplesOf(next, s);
            assertArrayEquals(mb.indices(b), rows);
            seen = concat(seen, rows);
            buf = next;
        }
        assertArrayEquals(MiniBatches.epochOrder(23, 9, 2), seen);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BatchConfig(0, 1, false, false));
        assertThrows(IllegalArgumentException.class, () -> MiniBatches.epochOrder(3, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> MiniBatches.epochOrder(-1, 1, 0));
        assertEquals(0, MiniBatches.epochOrder(0, 1, 0).length);
        assertEquals(50, BatchConfig.defaults(1).batchSize());
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
