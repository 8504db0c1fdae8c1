package dev.lore.store;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The first pass of {@link Search}: the scores {@code (q . x_i) / |x_i|} of a few queries against
 * a range of rows, offered to one {@link Candidates} per query. Stateless; each call allocates its
 * own scratch memory, so calls from many threads at once are safe (OpenBLAS may be called from
 * several threads; the rows are only read).
 */
final class ScanKernels {

    private ScanKernels() {}

    /**
     * Rows {@code [from, to)} of {@code scan}, which must be native float32
     * ({@link Rows#nativeRows} not null), scored by OpenBLAS in blocks of at most {@code block}
     * rows: {@code sgemv} for one query, {@code sgemm} ({@code Q X^T}) for several.
     *
     * @param queries {@code m >= 1} queries of {@code scan.columns()} values each
     * @param inv the inverse row norms, one per row of {@code scan}
     * @param cands one per query, receiving the offers
     */
    static void nativeScan(Rows scan, float[][] queries, int from, int to, int block, float[] inv,
            Candidates[] cands) {
        int m = queries.length;
        int s = scan.columns();
        float[] flat = new float[Math.multiplyExact(m, s)];
        for (int q = 0; q < m; q++) {
            System.arraycopy(queries[q], 0, flat, q * s, s);
        }
        try (FloatPointer qp = new FloatPointer(flat.length);
                FloatPointer out = new FloatPointer(Math.multiplyExact((long) m, block))) {
            qp.put(flat);
            float[] scores = new float[block];
            int first = from;
            while (first < to) {
                int count = Math.min(Math.min(block, to - first), scan.contiguousRows(first));
                FloatPointer x = scan.nativeRows(first);
                if (x == null || x.isNull() || x.limit() - x.position() < (long) count * s) {
                    throw new IllegalStateException("rows " + first + "+" + count + " are not native float32 memory of "
                            + count * (long) s + " floats");
                }
                if (m == 1) {
                    openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                            count, s, 1f, x, s, qp, 1, 0f, out, 1);
                } else {
                    openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                            openblas_nolapack.CblasTrans, m, count, s, 1f, qp, s, x, s, 0f, out, count);
                }
                for (int q = 0; q < m; q++) {
                    new FloatPointer(out).position((long) q * count).get(scores, 0, count);
                    offer(scores, count, first, inv, cands[q]);
                }
                first += count;
            }
        }
    }

    /**
     * Rows {@code [from, to)} of {@code scan} decoded in blocks of {@code block} rows and scored by
     * a Java loop (float, four partial sums).
     */
    static void javaScan(Rows scan, float[][] queries, int from, int to, int block, float[] inv, Candidates[] cands) {
        int s = scan.columns();
        float[] buf = new float[Math.multiplyExact(block, s)];
        float[] scores = new float[block];
        for (int first = from; first < to; first += block) {
            int count = Math.min(block, to - first);
            scan.read(first, count, buf, 0);
            for (int q = 0; q < queries.length; q++) {
                float[] query = queries[q];
                for (int i = 0; i < count; i++) {
                    scores[i] = dot(query, buf, i * s, s);
                }
                offer(scores, count, first, inv, cands[q]);
            }
        }
    }

    /**
     * Rows {@code [from, to)} of product-quantized {@code rows} scored by distance tables
     * ({@link PqRows#table}, {@link PqRows#scores}), in blocks of {@code block} rows: the codes are
     * read, never decoded.
     */
    static void pqScan(PqRows rows, float[][] queries, int from, int to, int block, float[] inv, Candidates[] cands) {
        float[][] tables = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            tables[q] = rows.table(queries[q]);
        }
        float[] scores = new float[block];
        for (int first = from; first < to; first += block) {
            int count = Math.min(block, to - first);
            for (int q = 0; q < queries.length; q++) {
                rows.scores(tables[q], first, count, scores);
                offer(scores, count, first, inv, cands[q]);
            }
        }
    }

    /** Offers {@code scores[i] * inv[first + i]} for row {@code first + i}, {@code i < count}. */
    private static void offer(float[] scores, int count, int first, float[] inv, Candidates c) {
        float min = c.threshold();
        for (int i = 0; i < count; i++) {
            float v = scores[i] * inv[first + i];
            if (v > min) {
                c.offer(v, first + i);
                min = c.threshold();
            }
        }
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
}
