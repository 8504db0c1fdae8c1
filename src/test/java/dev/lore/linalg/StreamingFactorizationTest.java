package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.EmbeddingReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The building blocks of the two-pass factorization ({@link GramAccumulator}, {@link GramSpectrum},
 * {@link RowProjector}, {@link ReconstructionErrorAccumulator}), fed the rows of the repository's
 * GloVe slice in pieces, against the in-memory Gram route on the whole matrix.
 */
class StreamingFactorizationTest {

    private static final Path FIXTURE = Path.of("data/glove.6B.100d.15k.txt.gz");
    /** The agreement the two routes promise on every factor. */
    private static final double FACTOR_TOLERANCE = 1e-6;
    private static final int PIECE_ROWS = 1234;

    private static INDArray e;
    private static float[] x;
    private static int v;
    private static int d;

    @BeforeAll
    static void load() throws IOException {
        e = EmbeddingReader.read(FIXTURE).matrix();
        x = e.data().asFloat();
        v = e.rows();
        d = e.columns();
    }

    private static double relativeDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void everyFactorEqualsTheInMemoryRoute() {
        for (RankRule rule : new RankRule[] {RankRule.compression(0.9), RankRule.rank(40), RankRule.energy(0.8)}) {
            SvdResult mem = SvdMethod.EXACT.algorithm().compute(e, rule);
            GramAccumulator g = GramAccumulator.create(d, GramPrecision.MIXED);
            for (int s = 0; s < v; s += PIECE_ROWS) {
                g.add(x, s * d, Math.min(PIECE_ROWS, v - s));
            }
            GramSpectrum sp = GramSpectrum.of(g);
            int r = sp.rank(rule);
            assertEquals(mem.rank(), r, rule.describe());
            double[] s = sp.singularValues();
            double[] kept = mem.keptSingularValues();
            for (int j = 0; j < r; j++) {
                assertEquals(kept[j], s[j], FACTOR_TOLERANCE * kept[j], rule.describe() + " s_" + j);
            }
            float[] w = sp.rightVectors(r);
            float[] vt = mem.vt().data().asFloat();
            float[] wt = new float[r * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < r; j++) {
                    wt[j * d + i] = w[i * r + j];
                }
            }
            assertTrue(relativeDifference(wt, vt) <= FACTOR_TOLERANCE, rule.describe() + " V");
            double[] inverse = new double[r];
            for (int j = 0; j < r; j++) {
                inverse[j] = 1.0 / s[j];
            }
            RowProjector p = RowProjector.of(w, d, r).scaled(inverse);
            float[] u = new float[v * r];
            for (int st = 0; st < v; st += PIECE_ROWS) {
                p.project(x, st * d, Math.min(PIECE_ROWS, v - st), u, st * r);
            }
            assertTrue(relativeDifference(u, mem.u().data().asFloat()) <= FACTOR_TOLERANCE, rule.describe() + " U");

            // The error of A = U, B = S V^T, block by block against the in-memory measure.
            float[] b = new float[r * d];
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < d; i++) {
                    b[j * d + i] = (float) (wt[j * d + i] * s[j]);
                }
            }
            ReconstructionErrorAccumulator err = ReconstructionErrorAccumulator.create(b, r, d);
            for (int st = 0; st < v; st += PIECE_ROWS) {
                err.add(x, st * d, u, st * r, Math.min(PIECE_ROWS, v - st));
            }
            ReconstructionError whole = ReconstructionError.of(e,
                    org.nd4j.linalg.factory.Nd4j.create(u, new long[] {v, r}, org.nd4j.linalg.api.buffer.DataType.FLOAT),
                    org.nd4j.linalg.factory.Nd4j.create(b, new long[] {r, d}, org.nd4j.linalg.api.buffer.DataType.FLOAT));
            ReconstructionError streamed = err.result();
            assertEquals(whole.relativeError(), streamed.relativeError(), 1e-12 * whole.relativeError());
            assertEquals(whole.maxAbsError(), streamed.maxAbsError(), 0.0);
            assertEquals(whole.squaredNorm(), streamed.squaredNorm(), 1e-12 * whole.squaredNorm());
            // and near the Eckart-Young prediction
            assertEquals(sp.predictedRelativeError(r), streamed.relativeError(), 1e-5);
        }
    }

    @Test
    void mergedErrorsEqualTheWhole() {
        int r = 3;
        float[] b = new float[r * d];
        float[] a = new float[v * r];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 0.1f;
        }
        ReconstructionErrorAccumulator whole = ReconstructionErrorAccumulator.create(b, r, d);
        whole.add(x, 0, a, 0, v);
        ReconstructionErrorAccumulator first = ReconstructionErrorAccumulator.create(b, r, d);
        first.add(x, 0, a, 0, 7000);
        ReconstructionErrorAccumulator second = ReconstructionErrorAccumulator.create(b, r, d);
        second.add(x, 7000 * d, a, 7000 * r, v - 7000);
        ReconstructionErrorAccumulator shipped = ReconstructionErrorAccumulator.of(b, r, d, second.rows(),
                second.squaredResidual(), second.squaredNorm(), second.maxAbsError());
        first.merge(shipped);
        assertEquals(v, first.rows());
        assertEquals(whole.result().relativeError(), first.result().relativeError(),
                1e-12 * whole.result().relativeError());
        assertEquals(whole.maxAbsError(), first.maxAbsError(), 0.0);
    }

    @Test
    void signConventionPutsTheLargestEntryPositive() {
        GramAccumulator g = GramAccumulator.create(d, GramPrecision.MIXED);
        g.add(x, 0, v);
        GramSpectrum sp = GramSpectrum.of(g);
        float[] w = sp.rightVectors(d);
        for (int j = 0; j < d; j++) {
            int largest = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(w[i * d + j]) > Math.abs(w[largest * d + j])) {
                    largest = i;
                }
            }
            assertTrue(w[largest * d + j] > 0, "v_" + j);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        GramSpectrum sp = GramSpectrum.of(2, 5, new double[] {4, 0, 0, 1});
        assertEquals(2.0, sp.singularValues()[0], 0.0);
        assertEquals(1.0, sp.singularValues()[1], 0.0);
        assertEquals("rank must be in [1, 2], got 3",
                assertThrows(IllegalArgumentException.class, () -> sp.rightVectors(3)).getMessage());
        assertEquals(1, GramSpectrum.of(2, 1, new double[] {4, 0, 0, 1}).singularValues().length);
        assertThrows(IllegalArgumentException.class, () -> GramSpectrum.of(2, 0, new double[4]));
        assertThrows(IllegalArgumentException.class,
                () -> GramSpectrum.of(2, 3, new double[] {Double.NaN, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> RowProjector.of(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> RowProjector.of(new float[4], 2, 2).scaled(new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> ReconstructionErrorAccumulator.create(new float[] {Float.NaN}, 1, 1));
    }
}
