package dev.lore.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact cosine search over a store, in two passes. The scan scores every row in the stored space
 * (the rows themselves, or for a low-rank store the {@code r}-dimensional rows of {@code A} against
 * {@code B t}, since {@code (a B) . t = a . (B t)}) in float, divided by the row's norm (computed
 * once, on first use, for a low-rank store as {@code sqrt(a G a^T)} with {@code G = B B^T}), and
 * keeps the best {@code 2k + 16} candidates in a bounded heap; the candidates are then scored again
 * in double against the decoded rows and the best {@code k} returned, ties broken by the lower
 * index. The scan's float rounding (relative 1e-6) is far inside the candidate margin, so the
 * result is the exact top {@code k} of the cosine over the rows as stored.
 *
 * <p>The scan: float32 rows in native memory (a mapped {@code .lore} file, a raw table in ND4J's
 * memory) are scored in blocks of {@link #NATIVE_BLOCK_ROWS} rows by one {@code sgemv} (one query)
 * or {@code sgemm} (up to {@link #QUERY_CHUNK} queries) of OpenBLAS straight on that memory, no
 * copy; product-quantized rows are scored from their codes by distance tables ({@link PqRows});
 * other rows (scalar-quantized, heap) are decoded in blocks of {@link #BLOCK_ROWS} and scored by a
 * Java loop. A batch is cut into chunks of queries and, when there are more threads than chunks,
 * the rows into slices; each (chunk, slice) is one task, and the candidates of the slices are merged
 * before the second pass, so the result does not depend on the number of threads.
 *
 * <p>Immutable after construction but for the norms, computed once on first use (double-checked,
 * published through a volatile field); safe for many threads.
 */
final class Search {

    /** Rows per block of the Java scan: 256 rows of 100 floats, 100 KiB, stay in L2. */
    static final int BLOCK_ROWS = 256;
    /** Rows per BLAS call of the native scan. */
    static final int NATIVE_BLOCK_ROWS = 8192;
    /** Queries scanned together over one block. */
    static final int QUERY_CHUNK = 64;
    /** Fewest rows a slice of one query chunk gets when rows are split between threads. */
    static final int MIN_SLICE_ROWS = 16_384;

    private final EmbeddingStore store;
    private final Rows scan;
    private final float[] b; // [r, d] or null
    private final int d;
    private final int nativeBlock;
    private final int minSlice;
    private volatile float[] invNorms;

    Search(EmbeddingStore store, Rows scan, float[] b, int d) {
        this(store, scan, b, d, NATIVE_BLOCK_ROWS, MIN_SLICE_ROWS);
    }

    /** With other block and slice sizes, for tests of the block and slice edges. */
    Search(EmbeddingStore store, Rows scan, float[] b, int d, int nativeBlock, int minSlice) {
        if (nativeBlock < 1 || minSlice < 1) {
            throw new IllegalArgumentException("block and slice sizes must be >= 1, got " + nativeBlock + ", " + minSlice);
        }
        this.store = store;
        this.scan = scan;
        this.b = b;
        this.d = d;
        this.nativeBlock = nativeBlock;
        this.minSlice = minSlice;
    }

    /** 1 / norm of each decoded row (0 for a zero row), in float. */
    float[] invNorms() {
        float[] n = invNorms;
        if (n == null) {
            synchronized (this) {
                n = invNorms;
                if (n == null) {
                    n = computeInvNorms();
                    invNorms = n;
                }
            }
        }
        return n;
    }

    private float[] computeInvNorms() {
        int rows = scan.rows();
        int s = scan.columns();
        double[] gram = null;
        if (b != null) {
            gram = new double[s * s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    double sum = 0;
                    for (int c = 0; c < d; c++) {
                        sum += (double) b[i * d + c] * b[j * d + c];
                    }
                    gram[i * s + j] = sum;
                }
            }
        }
        float[] out = new float[rows];
        float[] buf = new float[BLOCK_ROWS * s];
        double[] row = new double[s];
        for (int first = 0; first < rows; first += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, rows - first);
            scan.read(first, count, buf, 0);
            for (int i = 0; i < count; i++) {
                double sq = 0;
                int o = i * s;
                if (gram == null) {
                    for (int c = 0; c < s; c++) {
                        sq += (double) buf[o + c] * buf[o + c];
                    }
                } else {
                    for (int c = 0; c < s; c++) {
                        row[c] = buf[o + c];
                    }
                    for (int p = 0; p < s; p++) {
                        double g = 0;
                        int gp = p * s;
                        for (int q = 0; q < s; q++) {
                            g += gram[gp + q] * row[q];
                        }
                        sq += g * row[p];
                    }
                }
                out[first + i] = sq > 0 ? (float) (1.0 / Math.sqrt(sq)) : 0f;
            }
        }
        return out;
    }

    /** The scan-space query for the exact target {@code t} ({@code d} values). */
    private float[] scanQuery(double[] t) {
        if (b == null) {
            float[] q = new float[d];
            for (int c = 0; c < d; c++) {
                q[c] = (float) t[c];
            }
            return q;
        }
        int r = scan.columns();
        float[] q = new float[r];
        for (int k = 0; k < r; k++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += b[k * d + c] * t[c];
            }
            q[k] = (float) sum;
        }
        return q;
    }

    /**
     * The {@code k} rows among the first {@code limit} most similar to each target, none of its
     * excluded rows.
     *
     * @param targets exact targets, {@code d} values each
     * @param excludes for each target the rows it must not return (few)
     * @param threads threads for the tasks, {@code >= 1}
     */
    List<List<Neighbour>> top(double[][] targets, int[][] excludes, int k, int limit, int threads) {
        int m = targets.length;
        int keep = Math.min(limit, 2 * k + 16);
        float[][] queries = new float[m][];
        for (int q = 0; q < m; q++) {
            queries[q] = scanQuery(targets[q]);
        }
        float[] inv = invNorms();
        int chunks = (m + QUERY_CHUNK - 1) / QUERY_CHUNK;
        int slices = threads <= chunks ? 1 : Math.max(1, Math.min((threads + chunks - 1) / chunks, limit / minSlice));
        int[] bounds = new int[slices + 1];
        for (int s = 0; s <= slices; s++) {
            bounds[s] = (int) ((long) limit * s / slices);
        }
        Candidates[][][] found = new Candidates[chunks][slices][];
        int tasks = chunks * slices;
        if (threads <= 1 || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                int c = t / slices;
                int s = t % slices;
                found[c][s] = scanTask(queries, excludes, c, bounds[s], bounds[s + 1], keep, inv);
            }
        } else {
            runParallel(tasks, threads, t -> {
                int c = t / slices;
                int s = t % slices;
                found[c][s] = scanTask(queries, excludes, c, bounds[s], bounds[s + 1], keep, inv);
            });
        }
        List<List<Neighbour>> out = new ArrayList<>(m);
        for (int q = 0; q < m; q++) {
            Candidates[] perSlice = new Candidates[slices];
            for (int s = 0; s < slices; s++) {
                perSlice[s] = found[q / QUERY_CHUNK][s][q % QUERY_CHUNK];
            }
            out.add(rerank(targets[q], Candidates.merge(perSlice, keep, excludes[q]), k));
        }
        return out;
    }

    /** A task of {@link #top}: one index {@code t} in {@code [0, tasks)}. */
    private interface Task {
        void run(int t);
    }

    /**
     * Threads of the searches, shared by every store and reused (a new pool per call cost more than
     * a 20 ms query on a busy machine): cached, so that calls from many threads at once never wait
     * for each other's tasks; idle threads end after a minute; daemons.
     */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread th = new Thread(r, "lore-search");
        th.setDaemon(true);
        return th;
    });

    /**
     * Runs tasks {@code [0, tasks)} on at most {@code threads} threads: the caller runs one share,
     * the shared pool the others, each share taking the next task from a counter.
     */
    private static void runParallel(int tasks, int threads, Task task) {
        int workers = Math.min(threads, tasks);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable share = () -> {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                task.run(t);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        try {
            for (int w = 1; w < workers; w++) {
                futures.add(POOL.submit(share));
            }
            share.run();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            for (Future<?> f : futures) {
                f.cancel(true);
            }
        }
    }

    /** The candidates of the queries of chunk {@code chunk} among rows {@code [from, to)}. */
    private Candidates[] scanTask(float[][] queries, int[][] excludes, int chunk, int from, int to, int keep,
            float[] inv) {
        int first = chunk * QUERY_CHUNK;
        int m = Math.min(QUERY_CHUNK, queries.length - first);
        Candidates[] cands = new Candidates[m];
        for (int q = 0; q < m; q++) {
            cands[q] = new Candidates(keep, excludes[first + q]);
        }
        if (from >= to) {
            return cands;
        }
        float[][] qs = Arrays.copyOfRange(queries, first, first + m);
        if (scan.nativeRows(from) != null) {
            ScanKernels.nativeScan(scan, qs, from, to, nativeBlock, inv, cands);
        } else if (scan instanceof PqRows pq) {
            ScanKernels.pqScan(pq, qs, from, to, BLOCK_ROWS, inv, cands);
        } else {
            ScanKernels.javaScan(scan, qs, from, to, BLOCK_ROWS, inv, cands);
        }
        return cands;
    }

    private List<Neighbour> rerank(double[] t, Candidates c, int k) {
        double tn = 0;
        for (double v : t) {
            tn += v * v;
        }
        tn = Math.sqrt(tn);
        int n = c.size();
        int[] ids = c.ids();
        double[] sims = new double[n];
        Integer[] order = new Integer[n];
        float[] x = new float[d];
        for (int i = 0; i < n; i++) {
            store.vector(ids[i], x, 0);
            sims[i] = cosine(t, tn, x);
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> sims[p] != sims[q] ? Double.compare(sims[q], sims[p])
                : Integer.compare(ids[p], ids[q]));
        List<Neighbour> out = new ArrayList<>(Math.min(k, n));
        for (int i = 0; i < Math.min(k, n); i++) {
            int id = ids[order[i]];
            out.add(new Neighbour(store.vocabulary().word(id), id, sims[order[i]]));
        }
        return out;
    }

    /** Cosine of {@code t} (norm {@code tn}) and {@code x}, in double; 0 if either is zero. */
    static double cosine(double[] t, double tn, float[] x) {
        double dot = 0;
        double xx = 0;
        for (int c = 0; c < x.length; c++) {
            dot += t[c] * x[c];
            xx += (double) x[c] * x[c];
        }
        return tn == 0 || xx == 0 ? 0.0 : dot / (tn * Math.sqrt(xx));
    }
}
