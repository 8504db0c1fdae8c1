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
     * call is skipped when {@code m} or {@code n} is zero. Thread-safe (OpenBLAS may be called from
     * several threads at once); the operands must not be written by another thread meanwhile.
     *
     * @param a {@code A}, a pointer from {@link NativeBuffer} with a limit
     * @param b {@code B}, likewise
     * @param c {@code C}, likewise; overwritten (scaled by {@code beta} first)
     * @throws IllegalArgumentException if a size is negative, a leading dimension is shorter than
     *     its matrix's rows, or a matrix extends beyond its pointer's limit: checked here because
     *     OpenBLAS would read or write outside the memory without a word
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        checkOperand("A", a, transA ? k : m, transA ? m : k, lda);
        checkOperand("B", b, transB ? n : k, transB ? k : n, ldb);
        checkOperand("C", c, m, n, ldc);
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, a, Math.max(1, lda), b, Math.max(1, ldb), beta, c, Math.max(1, ldc));
    }

    /** Checks that a stored row-major {@code rows x columns} matrix with row stride {@code ld} fits {@code p}. */
    private static void checkOperand(String name, FloatPointer p, long rows, long columns, int ld) {
        if (ld < Math.max(1, columns)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= " + Math.max(1, columns)
                    + ", got " + ld);
        }
        if (rows == 0 || columns == 0) {
            return;
        }
        long extent = (rows - 1) * ld + columns;
        long available = p.limit() - p.position();
        if (p.isNull() || extent > available) {
            throw new IllegalArgumentException(name + " (" + rows + " x " + columns + ", stride " + ld + ") needs "
                    + extent + " floats, its pointer has " + Math.max(0, available));
        }
    }
}
