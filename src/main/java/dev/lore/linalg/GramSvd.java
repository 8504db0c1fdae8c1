package dev.lore.linalg;

import static dev.lore.linalg.NativeBlas.ROW_MAJOR;
import static dev.lore.linalg.NativeBlas.TRANS;
import static dev.lore.linalg.NativeBlas.UPPER;

import dev.lore.ProgressListener;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact truncated SVD through the Gram matrix (see {@link RightVectorsSvd} for the common part).
 *
 * <p>{@code G = X^T X} is accumulated in double (see {@link GramPrecision}); its eigen-decomposition
 * {@code G = V diag(lambda) V^T} (LAPACK {@code dsyev}) gives the right singular vectors and
 * {@code s_i = sqrt(max(lambda_i, 0))}, accurate to about {@code eps_G s_1^2 / s_i} where
 * {@code eps_G} is the relative accuracy of {@code G} (Demmel, Applied Numerical Linear Algebra,
 * 1997, section 5.4): enough for the leading vectors that a truncation keeps.
 */
final class GramSvd extends RightVectorsSvd {

    /** Rows per block of the {@link GramPrecision#MIXED} and {@link GramPrecision#DOUBLE} Gram passes. */
    static final int BLOCK_ROWS = 32768;

    /**
     * Widest matrix whose {@link GramPrecision#MIXED} blocks may run on several threads (see
     * {@link RowBlocks}, which spreads them only when OpenBLAS runs each call on one thread); each
     * block in flight holds an {@code n x n} float result. Wider matrices leave the threading to
     * OpenBLAS, which splits the {@code n} dimension well when it is large.
     */
    static final int PARALLEL_MAX_DIMENSION = 1024;

    private final GramPrecision precision;

    GramSvd(GramPrecision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    @Override
    public String name() {
        return "gram-" + precision.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    Spectrum spectrum(INDArray x, int m, int n, ProgressListener progress) {
        double[] g = gram(x, m, n, progress);
        double trace = 0.0;
        for (int i = 0; i < n; i++) {
            trace += g[i * n + i];
        }
        if (!Double.isFinite(trace)) {
            throw NativeBlas.nonFinite(x);
        }
        return GramSpectrum.decompose(g, n);
    }

    /** The upper triangle of {@code X^T X} accumulated per {@link #precision}, mirrored, row-major. */
    private double[] gram(INDArray x, int m, int n, ProgressListener progress) {
        double[] acc = new double[n * n];
        FloatPointer xp = NativeBlas.pointer(x);
        progress.start("Gram matrix", m, "rows");
        try {
            switch (precision) {
                case FLOAT -> {
                    try (FloatPointer g = new FloatPointer((long) n * n)) {
                        openblas.cblas_ssyrk(ROW_MAJOR, UPPER, TRANS, n, m, 1f, xp, n, 0f, g, n);
                        addUpper(g, acc, n);
                    }
                    progress.update(m, "");
                }
                case MIXED -> RowBlocks.forEach(m, BLOCK_ROWS, n <= PARALLEL_MAX_DIMENSION, (s, b) -> {
                    float[] block = new float[n * n];
                    try (FloatPointer g = new FloatPointer((long) n * n)) {
                        openblas.cblas_ssyrk(ROW_MAJOR, UPPER, TRANS, n, b, 1f, NativeBlas.at(xp, (long) s * n), n,
                                0f, g, n);
                        g.get(block);
                    }
                    return block;
                }, (s, b, block) -> {
                    addUpper(block, acc, n);
                    progress.update(s + b, "");
                });
                case DOUBLE -> doubleGram(x, m, n, acc, progress);
            }
        } finally {
            progress.finish();
            Reference.reachabilityFence(x); // OpenBLAS read x's memory through a raw pointer
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                acc[i * n + j] = acc[j * n + i];
            }
        }
        return acc;
    }

    private static void doubleGram(INDArray x, int m, int n, double[] acc, ProgressListener progress) {
        int block = Math.max(1, Math.min(m, BLOCK_ROWS / 4));
        FloatBuffer xb = NativeBlas.buffer(x);
        float[] f = new float[block * n];
        double[] d = new double[block * n];
        try (DoublePointer bp = new DoublePointer((long) block * n);
                DoublePointer g = new DoublePointer((long) n * n)) {
            g.put(new double[n * n]);
            for (int s = 0; s < m; s += block) {
                int b = Math.min(block, m - s);
                xb.get(s * n, f, 0, b * n);
                for (int i = 0; i < b * n; i++) {
                    d[i] = f[i];
                }
                bp.put(d, 0, b * n);
                openblas.cblas_dsyrk(ROW_MAJOR, UPPER, TRANS, n, b, 1.0, bp, n, 1.0, g, n);
                progress.update(s + b, "");
            }
            g.get(acc);
        }
    }

    private static void addUpper(FloatPointer g, double[] acc, int n) {
        float[] row = new float[n];
        for (int i = 0; i < n; i++) {
            NativeBlas.at(g, (long) i * n + i).get(row, i, n - i);
            for (int j = i; j < n; j++) {
                acc[i * n + j] += row[j];
            }
        }
    }

    private static void addUpper(float[] g, double[] acc, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                acc[i * n + j] += g[i * n + j];
            }
        }
    }
}
