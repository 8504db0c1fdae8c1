package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RowBlocksTest {

    /** Singular values on one and two threads, relative to s_1 (double Gram, dsyev rounding). */
    private static final double SINGULAR_VALUE_TOL = 1e-12;
    /** Entries of unit singular vectors on one and two threads (float rounding). */
    private static final float VECTOR_TOL = 1e-6f;

    @Test
    void sinkSeesEveryBlockInOrderOnTheCallingThread() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int m : new int[] {0, 1, 9, 10, 11, 100}) {
                List<int[]> seen = new ArrayList<>();
                Thread caller = Thread.currentThread();
                RowBlocks.forEach(m, 10, threads, (s, b) -> new int[] {s, b}, (s, b, result) -> {
                    assertSame(caller, Thread.currentThread());
                    assertArrayEquals(new int[] {s, b}, result);
                    seen.add(result);
                });
                assertEquals((m + 9) / 10, seen.size(), "m = " + m + ", threads = " + threads);
                for (int k = 0; k < seen.size(); k++) {
                    assertEquals(10 * k, seen.get(k)[0]);
                    assertEquals(Math.min(10, m - 10 * k), seen.get(k)[1]);
                }
            }
        }
    }

    /** OpenBLAS' thread count is a setting of the whole process: blocks on several threads leave it alone. */
    @Test
    void blocksOnSeveralThreadsNeverChangeTheBlasThreadCount() {
        int before = openblas.blas_get_num_threads();
        try {
            openblas.blas_set_num_threads(2);
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            RowBlocks.forEach(60, 5, 3, (s, b) -> {
                seen.add(openblas.blas_get_num_threads());
                return s;
            }, (s, b, r) -> seen.add(openblas.blas_get_num_threads()));
            assertEquals(Set.of(2), seen);
            assertEquals(1, RowBlocks.workers(), "with OpenBLAS on two threads, the blocks stay on the caller");
            openblas.blas_set_num_threads(1);
            assertEquals(Runtime.getRuntime().availableProcessors(), RowBlocks.workers());
        } finally {
            openblas.blas_set_num_threads(before);
        }
    }

    @Test
    void aFailingBlockPropagatesAndLeavesTheBlasThreads() {
        int before = openblas.blas_get_num_threads();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RowBlocks.forEach(50, 5, 3, (s, b) -> {
                    if (s == 20) {
                        throw new IllegalStateException("block 4");
                    }
                    return s;
                }, (s, b, r) -> { }));
        assertEquals("block 4", e.getMessage());
        assertEquals(before, openblas.blas_get_num_threads());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> RowBlocks.forEach(-1, 5, 1, (s, b) -> s, (s, b, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> RowBlocks.forEach(5, 0, 1, (s, b) -> s, (s, b, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> RowBlocks.forEach(5, 5, 0, (s, b) -> s, (s, b, r) -> { }));
    }

    /**
     * The exact method spreads its Gram and product blocks over the BLAS threads. Its Gram matrix is
     * the same on any number of threads, but LAPACK's {@code dsyev} is not bit-reproducible across
     * OpenBLAS thread counts, so results agree to rounding.
     */
    @Test
    void exactSvdIsTheSameOnOneOrTwoThreads() {
        SplittableRandom random = new SplittableRandom(5);
        int m = 2 * GramSvd.BLOCK_ROWS + 1000;
        int n = 12;
        float[] values = new float[m * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() / (1 + i % n));
        }
        INDArray x = NativeBlas.floatMatrix(m, n);
        NativeBlas.buffer(x).put(values);
        int before = openblas.blas_get_num_threads();
        SvdResult one;
        SvdResult two;
        try {
            openblas.blas_set_num_threads(1);
            one = SvdMethod.EXACT.algorithm().compute(x, RankRule.rank(4));
            openblas.blas_set_num_threads(2);
            two = SvdMethod.EXACT.algorithm().compute(x, RankRule.rank(4));
            assertEquals(2, openblas.blas_get_num_threads());
        } finally {
            openblas.blas_set_num_threads(before);
        }
        double[] s1 = one.singularValues();
        double[] s2 = two.singularValues();
        for (int i = 0; i < s1.length; i++) {
            assertEquals(s1[i], s2[i], SINGULAR_VALUE_TOL * s1[0]);
        }
        assertArrayEquals(one.u().data().asFloat(), two.u().data().asFloat(), VECTOR_TOL);
        assertArrayEquals(one.vt().data().asFloat(), two.vt().data().asFloat(), VECTOR_TOL);
    }

    /** Block-wise ssyrk summed in double in block order gives the same bits on one thread or three. */
    @Test
    void blockwiseGramIsTheSameOnAnyNumberOfThreads() {
        int m = 1000;
        int n = 7;
        SplittableRandom random = new SplittableRandom(3);
        float[] values = new float[m * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        INDArray x = NativeBlas.floatMatrix(m, n);
        NativeBlas.buffer(x).put(values);
        assertArrayEquals(gram(x, m, n, 1), gram(x, m, n, 3));
    }

    private static double[] gram(INDArray x, int m, int n, int threads) {
        double[] acc = new double[n * n];
        FloatPointer xp = NativeBlas.pointer(x);
        RowBlocks.forEach(m, 64, threads, (s, b) -> {
            float[] g = new float[n * n];
            try (FloatPointer gp = new FloatPointer((long) n * n)) {
                openblas.cblas_ssyrk(NativeBlas.ROW_MAJOR, NativeBlas.UPPER, NativeBlas.TRANS, n, b, 1f,
                        NativeBlas.at(xp, (long) s * n), n, 0f, gp, n);
                gp.get(g);
            }
            return g;
        }, (s, b, g) -> {
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) { // ssyrk writes the upper triangle only
                    acc[i * n + j] += g[i * n + j];
                }
            }
        });
        return acc;
    }
}
