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
 * {@code B t}, since {@code (a B) . t = a . (B t)}) in float, keeping the best {@code 2k + 16}
 * candidates; the candidates are then scored again in double against the decoded rows and the best
 * {@code k} returned, ties broken by the lower index. The scan's float rounding (relative 1e-6) is
 * far inside the candidate margin, so the result is the exact top {@code k} of the cosine over the
 * rows as stored. Immutable after construction but for the norms, computed once on first use
 * (double-checked, published through a volatile field); safe for many threads.
 */
final class Search {

    /** Rows per block of the scan: 256 rows of 100 floats, 100 KiB, stay in L2. */
    private static final int BLOCK_ROWS = 256;
    /** Queries scanned together over one block. */
    static final int QUERY_CHUNK = 32;

    private final EmbeddingStore store;
    private final Rows scan;
    private final float[] b; // [r, d] or null
    private final int d;
    private volatile float[] invNorms;

    Search(EmbeddingStore store, Rows scan, float[] b, int d) {
        this.store = store;
        this.scan = scan;
        this.b = b;
        this.d = d;
    }

    /** 1 / norm of each decoded row (0 for a zero row), in float. */
    private float[] invNorms() {
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
                    for (int p = 0; p < s; p++) {
                        double row = 0;
                        for (int q = 0; q < s; q++) {
                            row += gram[p * s + q] * buf[o + q];
                        }
                        sq += row * buf[o + p];
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
     * @param threads threads for the chunks of targets, {@code >= 1}
     */
    List<List<Neighbour>> top(double[][] targets, int[][] excludes, int k, int limit, int threads) {
        int m = targets.length;
        List<List<Neighbour>> out = new ArrayList<>(m);
        int chunks = (m + QUERY_CHUNK - 1) / QUERY_CHUNK;
        if (threads <= 1 || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                out.addAll(chunk(targets, excludes, k, limit, c));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, chunks), r -> {
            Thread t = new Thread(r, "lore-search");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<List<Neighbour>>>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int chunk = c;
                futures.add(pool.submit(() -> chunk(targets, excludes, k, limit, chunk)));
            }
            for (Future<List<List<Neighbour>>> f : futures) {
                out.addAll(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<List<Neighbour>> chunk(double[][] targets, int[][] excludes, int k, int limit, int chunk) {
        int from = chunk * QUERY_CHUNK;
        int m = Math.min(QUERY_CHUNK, targets.length - from);
        int keep = Math.min(limit, 2 * k + 16);
        float[][] queries = new float[m][];
        Candidates[] cands = new Candidates[m];
        for (int q = 0; q < m; q++) {
            queries[q] = scanQuery(targets[from + q]);
            cands[q] = new Candidates(keep, excludes[from + q]);
        }
        float[] inv = invNorms();
        int s = scan.columns();
        float[] buf = new float[BLOCK_ROWS * s];
        for (int first = 0; first < limit; first += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, limit - first);
            scan.read(first, count, buf, 0);
            for (int q = 0; q < m; q++) {
                float[] query = queries[q];
                Candidates cq = cands[q];
                for (int i = 0; i < count; i++) {
                    float score = dot(query, buf, i * s, s) * inv[first + i];
                    if (score > cq.min) {
                        cq.offer(score, first + i);
                    }
                }
            }
        }
        List<List<Neighbour>> out = new ArrayList<>(m);
        for (int q = 0; q < m; q++) {
            out.add(rerank(targets[from + q], cands[q], k));
        }
        return out;
    }

    private List<Neighbour> rerank(double[] t, Candidates c, int k) {
        double tn = 0;
        for (double v : t) {
            tn += v * v;
        }
        tn = Math.sqrt(tn);
        int n = c.size;
        double[] sims = new double[n];
        Integer[] order = new Integer[n];
        float[] x = new float[d];
        for (int i = 0; i < n; i++) {
            store.vector(c.ids[i], x, 0);
            sims[i] = cosine(t, tn, x);
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> sims[p] != sims[q] ? Double.compare(sims[q], sims[p])
                : Integer.compare(c.ids[p], c.ids[q]));
        List<Neighbour> out = new ArrayList<>(Math.min(k, n));
        for (int i = 0; i < Math.min(k, n); i++) {
            int id = c.ids[order[i]];
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

    private static float dot(float[] q, float[] buf, int o, int s) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int c = 0;
        for (; c + 3 < s; c += 4) {
            a0 += q[c] * buf[o + c];
            a1 += q[c + 1] * buf[o + c + 1];
            a2 += q[c + 2] * buf[o + c + 2];
            a3 += q[c + 3] * buf[o + c + 3];
        }
        for (; c < s; c++) {
            a0 += q[c] * buf[o + c];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** The best {@code capacity} (score, id) pairs offered, excluded ids refused. */
    private static final class Candidates {
        final float[] scores;
        final int[] ids;
        final int[] exclude;
        int size;
        int minAt;
        float min = Float.NEGATIVE_INFINITY;

        Candidates(int capacity, int[] exclude) {
            scores = new float[capacity];
            ids = new int[capacity];
            this.exclude = exclude;
        }

        void offer(float score, int id) {
            for (int e : exclude) {
                if (e == id) {
                    return;
                }
            }
            if (size < scores.length) {
                scores[size] = score;
                ids[size++] = id;
                if (size < scores.length) {
                    return; // min stays -infinity until full
                }
            } else {
                scores[minAt] = score;
                ids[minAt] = id;
            }
            minAt = 0;
            for (int i = 1; i < size; i++) {
                if (scores[i] < scores[minAt]) {
                    minAt = i;
                }
            }
            min = scores[minAt];
        }
    }
}
