package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.LAPACK_COL_MAJOR;

import dev.lore.ProgressListener;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact truncated SVD by LAPACK {@code sgesvd} in float, without computing {@code U} (see
 * {@link RightVectorsSvd} for the common part). {@code sgesvd} overwrites its input, so it works on
 * a column-major copy of {@code X} ({@code 4 m n} bytes), where it takes its QR path for tall
 * matrices. (Handing it the row-major memory as the wide column-major {@code X^T} instead, with no
 * transposition, took its LQ path and was 4x slower on a 341,479 x 100 matrix.) Backward stable:
 * the singular values are accurate to float precision relative to {@code s_1}.
 */
final class GesvdSvd extends RightVectorsSvd {

    @Override
    public String name() {
        return "gesvd";
    }

    @Override
    Spectrum spectrum(INDArray x, int m, int n, ProgressListener progress) {
        long count = (long) m * n;
        FloatBuffer xb = NativeBlas.buffer(x);
        double squaredNorm = 0.0;
        for (int i = 0; i < count; i++) {
            float v = xb.get(i);
            squaredNorm += (double) v * v;
        }
        if (!Double.isFinite(squaredNorm)) {
            throw NativeBlas.nonFinite(x);
        }
        progress.start("gesvd", -1, "");
        try (FloatPointer a = new FloatPointer(count);
                FloatPointer s = new FloatPointer(n);
                FloatPointer u = new FloatPointer(1);
                FloatPointer vt = new FloatPointer((long) n * n);
                FloatPointer superb = new FloatPointer(Math.max(1, n - 1))) {
            transpose(xb, m, n, a);
            NativeBlas.checkInfo("sgesvd", openblas.LAPACKE_sgesvd(LAPACK_COL_MAJOR, (byte) 'N',
                    (byte) 'S', m, n, a, m, s, u, 1, vt, n, superb));
            double[] sv = new double[n];
            double[] v = new double[n * n];
            for (int j = 0; j < n; j++) {
                sv[j] = s.get(j);
                for (int i = 0; i < n; i++) {
                    v[i * n + j] = vt.get((long) i * n + j); // column-major V^T: vt[j + i n] = V_ij
                }
            }
            return new Spectrum(sv, v, squaredNorm);
        } finally {
            progress.finish();
            Reference.reachabilityFence(x); // its memory was read through a raw view
        }
    }

    /** Writes the row-major {@code m x n} matrix in {@code x} to {@code a} in column-major order. */
    private static void transpose(FloatBuffer x, int m, int n, FloatPointer a) {
        int tile = 256;
        float[] in = new float[tile * n];
        float[] out = new float[tile];
        for (int i0 = 0; i0 < m; i0 += tile) {
            int rows = Math.min(tile, m - i0);
            x.get(i0 * n, in, 0, rows * n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < rows; i++) {
                    out[i] = in[i * n + j];
                }
                NativeBlas.at(a, (long) j * m + i0).put(out, 0, rows);
            }
        }
    }
}
