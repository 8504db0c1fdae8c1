package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.LAPACK_COL_MAJOR;

import dev.lore.ProgressListener;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact truncated SVD by LAPACK {@code sgesvd} in float, without computing {@code U} (see
 * {@link RightVectorsSvd} for the common part). The row-major {@code m x n} matrix is the
 * column-major {@code n x m} matrix {@code X^T}, whose left singular vectors are the right ones
 * of {@code X}; {@code sgesvd} overwrites its input, so it works on a copy ({@code 4 m n} bytes).
 * Backward stable: the singular values are accurate to float precision relative to {@code s_1}.
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
                FloatPointer u = new FloatPointer((long) n * n);
                FloatPointer vt = new FloatPointer(1);
                FloatPointer superb = new FloatPointer(Math.max(1, n - 1))) {
            a.put(NativeBlas.at(NativeBlas.pointer(x), 0).limit(count));
            NativeBlas.checkInfo("sgesvd", openblas.LAPACKE_sgesvd(LAPACK_COL_MAJOR, (byte) 'S',
                    (byte) 'N', n, m, a, n, s, u, n, vt, 1, superb));
            double[] sv = new double[n];
            double[] v = new double[n * n];
            for (int j = 0; j < n; j++) {
                sv[j] = s.get(j);
                for (int i = 0; i < n; i++) {
                    v[i * n + j] = u.get((long) j * n + i); // column-major: u[i + j n] = V_ij
                }
            }
            return new Spectrum(sv, v, squaredNorm);
        } finally {
            progress.finish();
        }
    }
}
