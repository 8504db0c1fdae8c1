package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The streaming Gram matrix against the in-memory Gram route and against an oracle summed row by
 * row in double here.
 */
class GramAccumulatorTest {

    /** More than two MIXED blocks, so block boundaries matter. */
    private static final int ROWS = 2 * GramSvd.BLOCK_ROWS + 5000;
    private static final int COLS = 10;
    /** Float sums within a block: about 1e-7 of the largest entry. */
    private static final double MIXED_TOLERANCE = 1e-6;
    private static final double DOUBLE_TOLERANCE = 1e-12;

    private static float[] values(INDArray m) {
        return m.data().asFloat();
    }

    @Test
    void piecesOfAnySizeGiveTheInMemoryGramBitForBit() {
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 5);
        float[] x = values(k.matrix());
        for (GramPrecision p : new GramPrecision[] {GramPrecision.MIXED, GramPrecision.DOUBLE}) {
            GramAccumulator whole = GramAccumulator.create(COLS, p);
            whole.add(x, 0, ROWS);
            GramAccumulator pieces = GramAccumulator.create(COLS, p);
            Random random = new Random(3);
            for (int s = 0; s < ROWS; ) {
                int n = Math.min(ROWS - s, 1 + random.nextInt(9000));
                pieces.add(x, s * COLS, n);
                s += n;
            }
            assertTrue(whole.sameSums(pieces), p.toString());
            assertEquals(ROWS, pieces.rows());
            // The in-memory route's spectrum comes from the same sums: identical singular values.
            SvdResult svd = new SvdMethod.Gram(p).algorithm().compute(k.matrix(), RankRule.rank(1));
            double[] streamed = GramSpectrum.of(pieces).singularValues();
            double[] inMemory = svd.singularValues();
            for (int i = 1; i < COLS; i++) {
                assertEquals(inMemory[i], streamed[i], 0.0, p + " singular value " + i);
            }
        }
    }

    @Test
    void matchesTheDoubleOracle() {
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 8);
        float[] x = values(k.matrix());
        double[] oracle = new double[COLS * COLS];
        double largest = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < COLS; i++) {
                for (int j = 0; j < COLS; j++) {
                    oracle[i * COLS + j] += (double) x[r * COLS + i] * x[r * COLS + j];
                }
            }
        }
        for (double v : oracle) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (GramPrecision p : new GramPrecision[] {GramPrecision.MIXED, GramPrecision.DOUBLE}) {
            GramAccumulator g = GramAccumulator.create(COLS, p);
            g.add(x, 0, ROWS);
            double[] got = g.gram();
            double tol = (p == GramPrecision.MIXED ? MIXED_TOLERANCE : DOUBLE_TOLERANCE) * largest;
            for (int i = 0; i < got.length; i++) {
                assertEquals(oracle[i], got[i], tol, p + " entry " + i);
            }
        }
    }

    @Test
    void mergedPartsEqualTheWholeAndStateRoundTrips() {
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 9);
        float[] x = values(k.matrix());
        GramAccumulator whole = GramAccumulator.create(COLS, GramPrecision.DOUBLE);
        whole.add(x, 0, ROWS);
        GramAccumulator left = GramAccumulator.create(COLS, GramPrecision.DOUBLE);
        left.add(x, 0, 12345);
        GramAccumulator right = GramAccumulator.create(COLS, GramPrecision.DOUBLE);
        right.add(x, 12345 * COLS, ROWS - 12345);
        GramAccumulator shipped = GramAccumulator.of(COLS, GramPrecision.DOUBLE, right.rows(), right.gram());
        left.merge(shipped);
        assertEquals(ROWS, left.rows());
        double[] a = whole.gram();
        double[] b = left.gram();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], DOUBLE_TOLERANCE * Math.abs(a[0]) + 1e-300, "entry " + i);
        }
        assertEquals(whole.squaredNorm(), left.squaredNorm(), DOUBLE_TOLERANCE * whole.squaredNorm());
    }

    @Test
    void gramDoesNotChangeTheBlocking() {
        KnownSpectrum k = KnownSpectrum.of(ROWS, COLS, KnownSpectrum.decaying(COLS, 1.0), 2);
        float[] x = values(k.matrix());
        GramAccumulator a = GramAccumulator.create(COLS, GramPrecision.MIXED);
        GramAccumulator b = GramAccumulator.create(COLS, GramPrecision.MIXED);
        a.add(x, 0, 100);
        a.gram();
        a.squaredNorm();
        a.add(x, 100 * COLS, ROWS - 100);
        b.add(x, 0, ROWS);
        assertArrayEquals(b.gram(), a.gram());
    }

    @Test
    void rejectsBadInput() {
        GramAccumulator g = GramAccumulator.create(3, GramPrecision.MIXED);
        float[] rows = {1, 2, 3, 4, Float.NaN, 6};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.add(rows, 0, 2));
        assertEquals("row 1 column 1 must be finite, got NaN", e.getMessage());
        assertEquals(0, g.rows());
        assertThrows(IllegalArgumentException.class, () -> GramAccumulator.create(3, GramPrecision.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> GramAccumulator.create(0, GramPrecision.MIXED));
        assertThrows(IndexOutOfBoundsException.class, () -> g.add(rows, 3, 2));
        assertThrows(IllegalArgumentException.class,
                () -> g.merge(GramAccumulator.create(4, GramPrecision.MIXED)));
        assertThrows(IllegalArgumentException.class,
                () -> g.merge(GramAccumulator.create(3, GramPrecision.DOUBLE)));
        assertThrows(IllegalArgumentException.class,
                () -> GramAccumulator.of(2, GramPrecision.MIXED, 1, new double[] {-1, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> GramAccumulator.of(2, GramPrecision.MIXED, 1, new double[3]));
    }
}
