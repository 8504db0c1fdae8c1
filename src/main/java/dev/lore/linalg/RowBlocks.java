package dev.lore.linalg;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas;

/**
 * Work over consecutive blocks of rows of a tall matrix, on the calling thread or spread over
 * several threads.
 *
 * <p>Why: for the shapes of the Gram route ({@code X^T X} and {@code X V_r} with a few hundred
 * columns and hundreds of thousands of rows) OpenBLAS's own threading splits the short dimension
 * and synchronizes its threads once per panel of the long one; giving each thread whole blocks of
 * rows needs no synchronization until the end (measured about 1.2x faster on 400,000 x 300,
 * docs/design/compress.md). That only pays when each OpenBLAS call runs on one thread, and lore
 * never changes OpenBLAS' thread count, a setting of the whole process: so the blocks are spread
 * over threads ({@link #workers()}) only when OpenBLAS is configured for one thread per call
 * ({@code OMP_NUM_THREADS=1} or {@code OPENBLAS_NUM_THREADS=1}); otherwise they run on the calling
 * thread and OpenBLAS threads each call itself. (Several threads calling a multi-threaded OpenBLAS
 * at once compete for its threads: 2.5x slower, measured.)
 *
 * <p>Results are handed to the sink on the calling thread in block order, whatever the number of
 * threads, so a computation that combines them in the sink gives the same bits with one thread or
 * many. Thread-safe: the calls share no state.
 */
final class RowBlocks {

    /** One block's work: rows {@code [start, start + rows)}. Must not touch other blocks' output. */
    interface Block<T> {
        T compute(int start, int rows);
    }

    /** Receives each block's result, in block order, on the calling thread. */
    interface Sink<T> {
        void accept(int start, int rows, T result);
    }

    private RowBlocks() {}

    /**
     * Threads the block work may use: one per available processor when OpenBLAS runs each call on
     * one thread (its count, from {@code OMP_NUM_THREADS} or {@code OPENBLAS_NUM_THREADS}, is 1),
     * else 1, leaving the threading to OpenBLAS.
     */
    static int workers() {
        return openblas.blas_get_num_threads() == 1 ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /**
     * Runs {@code block} on every block of {@code blockRows} rows of {@code [0, m)} (the last may be
     * shorter) and hands the results to {@code sink} in order.
     *
     * @param parallel false to run everything on the calling thread, true for {@link #workers()} threads
     * @throws RuntimeException or Error thrown by a block or the sink, as thrown; the other blocks
     *     in flight are finished before it propagates, so no thread still reads the caller's memory
     */
    static <T> void forEach(int m, int blockRows, boolean parallel, Block<T> block, Sink<T> sink) {
        forEach(m, blockRows, parallel ? workers() : 1, block, sink);
    }

    /**
     * {@link #forEach(int, int, boolean, Block, Sink)} on at most {@code maxThreads} threads.
     *
     * @param m rows, {@code >= 0}
     * @param blockRows rows per block, {@code >= 1}
     * @param maxThreads {@code >= 1}; 1 runs everything on the calling thread
     */
    static <T> void forEach(int m, int blockRows, int maxThreads, Block<T> block, Sink<T> sink) {
        if (m < 0 || blockRows < 1 || maxThreads < 1) {
            throw new IllegalArgumentException("m must be >= 0, blockRows and maxThreads >= 1, got " + m + ", "
                    + blockRows + ", " + maxThreads);
        }
        int blocks = (int) ((m + (long) blockRows - 1) / blockRows);
        int threads = Math.min(maxThreads, blocks);
        if (threads <= 1) {
            for (int k = 0; k < blocks; k++) {
                int s = start(k, blockRows);
                int b = Math.min(blockRows, m - s);
                sink.accept(s, b, block.compute(s, b));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lore-blas-block");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
            int next = 0;
            for (int k = 0; k < blocks; k++) {
                // At most threads + 1 results wait, so memory stays bounded by the block size.
                while (next < blocks && inFlight.size() <= threads) {
                    int s = start(next++, blockRows);
                    int b = Math.min(blockRows, m - s);
                    inFlight.add(pool.submit(() -> block.compute(s, b)));
                }
                int s = start(k, blockRows);
                sink.accept(s, Math.min(blockRows, m - s), await(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
            awaitTermination(pool);
        }
    }

    private static int start(int block, int blockRows) {
        return Math.toIntExact((long) block * blockRows);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a block of rows", e);
        }
    }

    /** Waits for running blocks (native calls cannot be interrupted; they finish quickly). */
    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
