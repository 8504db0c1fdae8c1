package dev.lore.store;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Product-quantized rows whose packed codes stay in a {@link ByteBuffer} (memory-mapped), decoded
 * on demand exactly as {@link dev.lore.quant.ProductQuantizedMatrix#decodeRow} decodes them: the
 * centroids of the row's {@code M} codes side by side ({@code y}), then, with a rotation {@code R},
 * {@code x_j = sum_t R[j][t] y_t} summed in double and rounded to float. Code {@code n = i M + m}
 * occupies bits {@code [n b, n b + b)} of the little-endian byte stream.
 *
 * <p>Scoring by distance tables (Jegou, Douze and Schmid 2011, asymmetric distance computation):
 * {@code q . x_i = (q R) . y_i = sum_m T[m][code(i, m)]} with {@code T[m][k] = (q R)_m . C_m[k]},
 * a table of {@code M 2^b} floats per query; the identity holds for any {@code R}, so the scan
 * reads only the codes. Immutable, safe to read from many threads.
 */
final class PqRows implements Rows {

    private final ByteBuffer codes; // little-endian packed codes, absolute reads only
    private final int rows;
    private final int cols;
    private final int m;
    private final int s;
    private final int bits;
    private final int k;
    private final float[] codebooks; // ((m K) + k) s + t
    private final float[] rotation; // [cols, cols] row-major, or null

    PqRows(ByteBuffer codes, int rows, int cols, int subspaces, int bits, float[] codebooks, float[] rotation) {
        this.codes = codes.duplicate();
        this.rows = rows;
        this.cols = cols;
        this.m = subspaces;
        this.s = cols / subspaces;
        this.bits = bits;
        this.k = 1 << bits;
        this.codebooks = codebooks.clone();
        this.rotation = rotation == null ? null : rotation.clone();
        long need = ((long) rows * subspaces * bits + 7) / 8;
        if (codes.limit() < need || (long) s * subspaces != cols || codebooks.length != (long) cols * k) {
            throw new IllegalArgumentException("inconsistent product-quantized parts: " + rows + " x " + cols + ", M="
                    + subspaces + ", b=" + bits + ", " + codes.limit() + " code bytes, " + codebooks.length + " codebook values");
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return cols;
    }

    /** Number of sub-spaces {@code M}. */
    int subspaces() {
        return m;
    }

    /** Centroids per sub-space {@code 2^b}. */
    int centroids() {
        return k;
    }

    /** The code of row {@code row} in sub-space {@code sub}. */
    int code(int row, int sub) {
        long bit = ((long) row * m + sub) * bits;
        int at = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int v = codes.get(at) & 0xff;
        int have = 8 - shift;
        int next = at + 1;
        while (have < bits) {
            v |= (codes.get(next++) & 0xff) << (have + shift);
            have += 8;
        }
        return (v >>> shift) & (k - 1);
    }

    @Override
    public void read(int first, int count, float[] dst, int offset) {
        Objects.checkFromIndexSize(first, count, rows);
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, cols), dst.length);
        float[] y = rotation == null ? null : new float[cols];
        for (int r = first; r < first + count; r++, offset += cols) {
            float[] g = rotation == null ? dst : y;
            int go = rotation == null ? offset : 0;
            for (int sub = 0; sub < m; sub++) {
                System.arraycopy(codebooks, (sub * k + code(r, sub)) * s, g, go + sub * s, s);
            }
            if (rotation != null) {
                for (int j = 0; j < cols; j++) {
                    double sum = 0.0;
                    int ro = j * cols;
                    for (int t = 0; t < cols; t++) {
                        sum += (double) rotation[ro + t] * y[t];
                    }
                    dst[offset + j] = (float) sum;
                }
            }
        }
    }

    /**
     * The distance table of a query: {@code T[m K + k] = (q R)_m . C_m[k]}, in float from double sums.
     *
     * @param q {@code cols} values
     * @return {@code M 2^b} values
     */
    float[] table(float[] q) {
        double[] qr = new double[cols];
        if (rotation == null) {
            for (int t = 0; t < cols; t++) {
                qr[t] = q[t];
            }
        } else {
            for (int j = 0; j < cols; j++) {
                double qj = q[j];
                int ro = j * cols;
                for (int t = 0; t < cols; t++) {
                    qr[t] += qj * rotation[ro + t];
                }
            }
        }
        float[] table = new float[m * k];
        for (int sub = 0; sub < m; sub++) {
            for (int c = 0; c < k; c++) {
                double dot = 0;
                int base = (sub * k + c) * s;
                for (int t = 0; t < s; t++) {
                    dot += qr[sub * s + t] * codebooks[base + t];
                }
                table[sub * k + c] = (float) dot;
            }
        }
        return table;
    }

    /**
     * Scores {@code sum_m T[m][code(i, m)]} of rows {@code [first, first + count)} into
     * {@code out[0, count)}; byte-aligned 8-bit codes are read without bit arithmetic.
     */
    void scores(float[] table, int first, int count, float[] out) {
        if (bits == 8) {
            int at = first * m;
            for (int i = 0; i < count; i++) {
                float sum = 0;
                for (int sub = 0; sub < m; sub++) {
                    sum += table[(sub << 8) + (codes.get(at++) & 0xff)];
                }
                out[i] = sum;
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            float sum = 0;
            for (int sub = 0; sub < m; sub++) {
                sum += table[sub * k + code(first + i, sub)];
            }
            out[i] = sum;
        }
    }

    @Override
    public long heapBytes() {
        return 4L * codebooks.length + (rotation == null ? 0 : 4L * rotation.length);
    }
}
