package dev.lore.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix product {@code C = alpha op(A) op(B) + beta C} on row-major off-heap
 * memory, through the same OpenBLAS entry point ND4J's CPU backend calls
 * ({@code cblas_sgemm}), minus ND4J's per-call array bookkeeping (about 2x on the
 * {@code [50, 150] x [150, 600]} products of an LSTM step; docs/design/nn.md).
 */
final class Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private Blas() {
    }

    /**
     * {@code C[m, n] = alpha op(A)[m, k] op(B)[k, n] + beta C}, where {@code op(X)} is {@code X}
     * or its transpose. Leading dimensions are row strides of the stored (untransposed) matrices.
     * A product with {@code m}, {@code n} or {@code k} zero only scales C (BLAS semantics); the
     * call is skipped when {@code m} or {@code n} is zero.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, a, Math.max(1, lda), b, Math.max(1, ldb), beta, c, Math.max(1, ldc));
    }
}
