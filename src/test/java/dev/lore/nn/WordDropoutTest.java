package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WordDropoutTest {

    /** Binomial tolerance on a kept fraction over {@link #TOKENS} tokens: more than 4 standard deviations. */
    private static final double RATE_TOL = 0.02;
    private static final int TOKENS = 20_000;

    private static int[] row(TokenBatch b, int i) {
        int[] all = ActiveTokens.flatIds(b.ids());
        int[] out = new int[b.lengths()[i]];
        System.arraycopy(all, i * b.seqLen(), out, 0, out.length);
        return out;
    }

    private static String describe(TokenBatch b) {
        return Arrays.toString(b.lengths()) + Arrays.toString(ActiveTokens.flatIds(b.ids()));
    }

    /** Whether {@code sub} is {@code seq} with some elements removed, order kept. */
    private static boolean isSubsequence(int[] sub, int[] seq) {
        int k = 0;
        for (int x : seq) {
            if (k < sub.length && sub[k] == x) {
                k++;
            }
        }
        return k == sub.length;
    }

    @Test
    void keepsASubsequenceOfEachSentenceAndAtLeastOneToken() {
        SplittableRandom rng = new SplittableRandom(1);
        int[] lengths = {6, 0, 1, 3, 6, 2};
        int[][] ids = Batches.randomIds(lengths, 6, 50, -1, rng);
        int[] labels = {0, 1, 0, 1, 1, 0};
        TokenBatch batch = Batches.of(ids, lengths, labels);
        WordDropout dropout = new WordDropout(0.9, new SplittableRandom(2));
        for (int trial = 0; trial < 200; trial++) {
            TokenBatch kept = dropout.apply(batch, 50);
            assertSame(labels, kept.labels());
            assertEquals(6, kept.seqLen());
            assertEquals(0, kept.lengths()[1], "an empty sentence stays empty");
            for (int i = 0; i < lengths.length; i++) {
                int[] original = new int[lengths[i]];
                System.arraycopy(ids[i], 0, original, 0, lengths[i]);
                int[] k = row(kept, i);
                assertTrue(lengths[i] == 0 || k.length >= 1, "at least one token kept");
                assertTrue(k.length <= lengths[i]);
                assertTrue(isSubsequence(k, original), "kept tokens in their order");
            }
        }
        assertArrayEquals(new int[] {6, 0, 1, 3, 6, 2}, batch.lengths(), "input not modified");
    }

    @Test
    void dropsEachTokenWithProbabilityQ() {
        int n = TOKENS / 40;
        int[] lengths = new int[n];
        Arrays.fill(lengths, 40);
        TokenBatch batch = Batches.of(Batches.randomIds(lengths, 40, 1000, 0, new SplittableRandom(3)), lengths, null);
        for (double q : new double[] {0.1, 0.3, 0.6}) {
            TokenBatch kept = new WordDropout(q, new SplittableRandom(4)).apply(batch, 1000);
            long total = 0;
            for (int len : kept.lengths()) {
                total += len;
            }
            // With 40 tokens a sentence loses all of them with probability q^40: never here.
            assertEquals(1 - q, total / (double) TOKENS, RATE_TOL, "q = " + q);
        }
    }

    @Test
    void sameGeneratorSameMasksAndNewDrawsEachCall() {
        int[] lengths = {8, 8, 8};
        TokenBatch batch = Batches.of(Batches.randomIds(lengths, 8, 100, 0, new SplittableRandom(5)), lengths, null);
        WordDropout a = new WordDropout(0.5, new SplittableRandom(6));
        WordDropout b = new WordDropout(0.5, new SplittableRandom(6));
        String firstA = describe(a.apply(batch, 100));
        String secondA = describe(a.apply(batch, 100));
        String firstB = describe(b.apply(batch, 100));
        assertEquals(firstA, firstB, "same generator, same masks");
        assertNotEquals(firstA, secondA, "each call draws new masks");
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        TokenBatch batch = Batches.of(new int[][] {{1, 7, -1}}, new int[] {2}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WordDropout(0.5, new SplittableRandom(7)).apply(batch, 5));
        assertTrue(e.getMessage().contains("ids[0][1] must be in [0, 5), got 7"), e.getMessage());
    }
}
