package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SameDiffEmbeddingsTest {

    /** SameDiff's gradients in double against the closed form. */
    private static final double GRADIENT_TOL = 1e-10;
    /** Central differences in double against the closed form. */
    private static final double FD_TOL = 1e-6;
    private static final double FD_STEP = 1e-6;

    private static final int V = 6;
    private static final int R = 2;
    private static final int D = 3;
    /** Two sentences of three ids, with repeats (id 4 three times, id 0 twice). */
    private static final int[][] IDS = {{4, 0, 4}, {2, 4, 0}};

    private static double[][] random(int rows, int cols, Random r) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }

    /** {@code loss = sum_{n,t,j} w[n][t][j] (A[ids[n][t]] B)[j]}, in plain double. */
    private static double loss(double[][] a, double[][] b, double[][][] w) {
        double s = 0;
        for (int n = 0; n < IDS.length; n++) {
            for (int t = 0; t < IDS[n].length; t++) {
                for (int j = 0; j < D; j++) {
                    double v = 0;
                    for (int k = 0; k < R; k++) {
                        v += a[IDS[n][t]][k] * b[k][j];
                    }
                    s += w[n][t][j] * v;
                }
            }
        }
        return s;
    }

    /** dA[i][k] = sum over positions with id i of sum_j w[p][j] B[k][j]; dB[k][j] = sum_p A[ids[p]][k] w[p][j]. */
    private static double[][][] closedForm(double[][] a, double[][] b, double[][][] w) {
        double[][] da = new double[V][R];
        double[][] db = new double[R][D];
        for (int n = 0; n < IDS.length; n++) {
            for (int t = 0; t < IDS[n].length; t++) {
                int id = IDS[n][t];
                for (int k = 0; k < R; k++) {
                    for (int j = 0; j < D; j++) {
                        da[id][k] += w[n][t][j] * b[k][j];
                        db[k][j] += a[id][k] * w[n][t][j];
                    }
                }
            }
        }
        return new double[][][] {da, db};
    }

    private static SDVariable weightedSum(SameDiff sd, SDVariable out, double[][][] w) {
        SDVariable loss = out.mul(sd.constant("w", Nd4j.createFromArray(w))).sum();
        loss.markAsLoss();
        return loss;
    }

    @Test
    void factorizedLookupHasTheExactGradientWithRepeatedIds() {
        Random r = new Random(7);
        double[][] a = random(V, R, r);
        double[][] b = random(R, D, r);
        double[][][] w = {random(3, D, r), random(3, D, r)};
        SameDiff sd = SameDiff.create();
        SDVariable av = sd.var("A", Nd4j.createFromArray(a));
        SDVariable bv = sd.var("B", Nd4j.createFromArray(b));
        SDVariable out = SameDiffEmbeddings.factorizedLookup(sd, "emb", sd.constant("ids", Nd4j.createFromArray(IDS)),
                av, bv, V);
        SDVariable loss = weightedSum(sd, out, w);

        assertArrayEquals(new long[] {2, 3, D}, out.eval().shape());
        assertEquals(loss(a, b, w), loss.eval().getDouble(0), GRADIENT_TOL);
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "A", "B");
        double[][][] expected = closedForm(a, b, w);
        assertMatrix(expected[0], g.get("A").toDoubleMatrix(), GRADIENT_TOL);
        assertMatrix(expected[1], g.get("B").toDoubleMatrix(), GRADIENT_TOL);

        // the closed form itself against central differences
        for (int i = 0; i < V; i++) {
            for (int k = 0; k < R; k++) {
                double saved = a[i][k];
                a[i][k] = saved + FD_STEP;
                double up = loss(a, b, w);
                a[i][k] = saved - FD_STEP;
                double down = loss(a, b, w);
                a[i][k] = saved;
                assertEquals((up - down) / (2 * FD_STEP), expected[0][i][k], FD_TOL);
            }
        }
    }

    /**
     * Why the helper multiplies one-hot encodings: M2.1's gather gradient reads the upstream
     * gradient at index id instead of at the position. If this fails, ND4J has fixed it and the
     * helper could use gather.
     */
    @Test
    void gatherGradientOfThisNd4jIsWrongForSmallIds() {
        SameDiff sd = SameDiff.create();
        SDVariable e = sd.var("E", Nd4j.createFromArray(new double[][] {{0}, {0}, {0}, {0}, {0}}));
        SDVariable rows = sd.gather(e, sd.constant("ids", Nd4j.createFromArray(2, 0, 1)), 0);
        SDVariable loss = rows.mul(sd.constant("w", Nd4j.createFromArray(new double[][] {{1}, {2}, {3}}))).sum();
        loss.markAsLoss();
        double[] got = sd.calculateGradients(Map.of(), "E").get("E").toDoubleVector();
        double[] correct = {2, 3, 1, 0, 0}; // dE[ids[p]] += w[p]
        assertArrayEquals(new double[] {1, 2, 3, 0, 0}, got, "ND4J's gather gradient changed: revisit SameDiffEmbeddings");
        assertTrue(got[0] != correct[0]);
    }

    @Test
    void buildsTheLookupFromACompressedEmbedding() {
        INDArray a = Networks.gaussian(V, R, 1);
        INDArray b = Networks.gaussian(R, D, 2);
        CompressedEmbedding e = CompressedEmbedding.lowRank(Vocabulary.of("a", "b", "c", "d", "e", "f"),
                StoredMatrix.of(a), StoredMatrix.of(b), new double[0], Provenance.of(Source.none(), "test", "", "", 0));
        SameDiff sd = SameDiff.create();
        SDVariable out = SameDiffEmbeddings.factorizedLookup(sd, "emb_",
                sd.constant("ids", Nd4j.createFromArray(IDS)), e, DataType.FLOAT);
        INDArray got = out.eval();
        INDArray ab = a.mmul(b);
        for (int n = 0; n < IDS.length; n++) {
            for (int t = 0; t < IDS[n].length; t++) {
                for (int j = 0; j < D; j++) {
                    assertEquals(ab.getDouble(IDS[n][t], j), got.getDouble(n, t, j), 1e-5);
                }
            }
        }
        assertTrue(sd.hasVariable("emb_A") && sd.hasVariable("emb_B"));
        CompressedEmbedding dense = CompressedEmbedding.dense(Vocabulary.of("a"), StoredMatrix.of(Networks.gaussian(1, 2, 3)),
                Provenance.of(Source.none(), "none", "", "", 0));
        assertThrows(IllegalArgumentException.class, () -> SameDiffEmbeddings.factorizedLookup(SameDiff.create(), "x",
                sd.constant("ids2", Nd4j.createFromArray(IDS)), dense, DataType.FLOAT));
    }

    @Test
    void rejectsANameTheGraphAlreadyHasBeforeAddingAnything() {
        CompressedEmbedding e = CompressedEmbedding.lowRank(Vocabulary.of("a", "b", "c", "d", "e", "f"),
                StoredMatrix.of(Networks.gaussian(V, R, 1)), StoredMatrix.of(Networks.gaussian(R, D, 2)), new double[0],
                Provenance.of(Source.none(), "test", "", "", 0));
        SameDiff sd = SameDiff.create();
        SDVariable ids = sd.constant("ids", Nd4j.createFromArray(IDS));
        SDVariable a = sd.var("emb_A", Nd4j.zeros(DataType.FLOAT, V, R));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, R, D));
        int before = sd.variables().size();

        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> SameDiffEmbeddings.factorizedLookup(sd, "b", ids, a, b, V));
        assertEquals("the graph already has a variable named \"b\"", taken.getMessage());
        IllegalArgumentException prefixed = assertThrows(IllegalArgumentException.class,
                () -> SameDiffEmbeddings.factorizedLookup(sd, "emb_", ids, e, DataType.FLOAT));
        assertEquals("the graph already has a variable named \"emb_A\"", prefixed.getMessage());
        assertEquals(before, sd.variables().size());
    }

    private static void assertMatrix(double[][] expected, double[][] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tol, "row " + i);
        }
    }
}
