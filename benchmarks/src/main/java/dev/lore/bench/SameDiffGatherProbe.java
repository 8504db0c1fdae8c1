package dev.lore.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PartitionMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether SameDiff (ND4J 1.0.0-M2.1) back-propagates correctly through an embedding lookup, in each
 * form it offers, on small cases checked against the closed form (itself checked against central
 * differences): for {@code loss = sum_p w[p] . E[ids[p]]}, {@code dE[i] = sum_{p: ids[p] = i} w[p]}.
 * Prints one JSON line per (form, case): {@code max_error} of SameDiff's {@code dE}, or the
 * exception. docs/design/dl4j.md records the output.
 * <pre>
 * java -cp benchmarks/target/lore-benchmarks.jar dev.lore.bench.SameDiffGatherProbe
 * </pre>
 */
public final class SameDiffGatherProbe {

    private SameDiffGatherProbe() {}

    private interface Form {
        SDVariable lookup(SameDiff sd, SDVariable e, SDVariable ids, int[] idArray, int v);
    }

    private static final int D = 3;

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Map<String, Form> forms = new LinkedHashMap<>();
        forms.put("gather(E, ids)", (sd, e, ids, a, v) -> sd.gather(e, ids, 0));
        forms.put("gather(E, int[])", (sd, e, ids, a, v) -> sd.gather(e, a, 0));
        forms.put("gather(E^T, ids, axis 1)^T", (sd, e, ids, a, v) -> sd.gather(e.permute(1, 0), ids, 1).permute(1, 0));
        forms.put("embeddingLookup(E, ids, MOD)", (sd, e, ids, a, v) -> sd.math().embeddingLookup(e, ids, PartitionMode.MOD));
        forms.put("embeddingLookup(E, ids, DIV)", (sd, e, ids, a, v) -> sd.math().embeddingLookup(e, ids, PartitionMode.DIV));
        forms.put("oneHot(ids, V) mmul E", (sd, e, ids, a, v) -> sd.oneHot(ids, v, -1, 1.0, 0.0, DataType.DOUBLE).mmul(e));
        int[][] cases = {{2, 0, 1}, {1, 1, 4, 0, 2, 2}, {7, 3, 7}, {9, 0}};
        int[] sizes = {5, 5, 10, 12};
        for (Map.Entry<String, Form> f : forms.entrySet()) {
            for (int c = 0; c < cases.length; c++) {
                System.out.println(probe(f.getKey(), f.getValue(), sizes[c], cases[c]));
            }
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        for (int v : new int[] {1_000, 13_484}) {
            System.out.println(cost(v));
        }
    }

    /**
     * Milliseconds of one gradient computation through {@link SameDiffEmbeddings#factorizedLookup}
     * (the one-hot route) for a batch of 50 x 40 ids, r = 9, d = 100, FLOAT: median of 10 after 3.
     */
    private static String cost(int v) {
        Random r = new Random(2);
        int[][] ids = new int[50][40];
        for (int[] row : ids) {
            for (int t = 0; t < row.length; t++) {
                row[t] = r.nextInt(v);
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.var("A", Nd4j.rand(DataType.FLOAT, v, 9));
        SDVariable b = sd.var("B", Nd4j.rand(DataType.FLOAT, 9, 100));
        SDVariable out = dev.lore.dl4j.SameDiffEmbeddings.factorizedLookup(sd, "out",
                sd.constant("ids", Nd4j.createFromArray(ids)), a, b, v);
        out.mean().markAsLoss();
        double[] ms = new double[10];
        for (int i = 0; i < 13; i++) {
            long t0 = System.nanoTime();
            sd.calculateGradients(Map.of(), "A", "B");
            if (i >= 3) {
                ms[i - 3] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return String.format(java.util.Locale.ROOT, "{\"form\":\"SameDiffEmbeddings.factorizedLookup gradient\",\"V\":%d,"
                + "\"batch\":50,\"T\":40,\"r\":9,\"d\":100,\"one_hot_mib\":%.1f,\"ms_median\":%.1f}", v,
                50.0 * 40 * v * 4 / (1 << 20), (ms[4] + ms[5]) / 2);
    }

    private static double loss(double[][] e, int[] ids, double[][] w) {
        double s = 0;
        for (int p = 0; p < ids.length; p++) {
            for (int j = 0; j < D; j++) {
                s += w[p][j] * e[ids[p]][j];
            }
        }
        return s;
    }

    private static String probe(String name, Form form, int v, int[] ids) {
        Random r = new Random(1);
        double[][] e = new double[v][D];
        double[][] w = new double[ids.length][D];
        for (double[] row : e) {
            for (int j = 0; j < D; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (double[] row : w) {
            for (int j = 0; j < D; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] expected = new double[v][D];
        for (int p = 0; p < ids.length; p++) {
            for (int j = 0; j < D; j++) {
                expected[ids[p]][j] += w[p][j];
            }
        }
        double fdError = 0; // the closed form against central differences, in double
        double h = 1e-6;
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < D; j++) {
                double saved = e[i][j];
                e[i][j] = saved + h;
                double up = loss(e, ids, w);
                e[i][j] = saved - h;
                double down = loss(e, ids, w);
                e[i][j] = saved;
                fdError = Math.max(fdError, Math.abs((up - down) / (2 * h) - expected[i][j]));
            }
        }
        String head = String.format(java.util.Locale.ROOT, "{\"form\":\"%s\",\"V\":%d,\"ids\":\"%s\",\"reference_fd_error\":%.1g",
                name, v, Arrays.toString(ids), fdError);
        try {
            SameDiff sd = SameDiff.create();
            SDVariable ev = sd.var("E", Nd4j.createFromArray(e));
            SDVariable out = form.lookup(sd, ev, sd.constant("ids", Nd4j.createFromArray(ids)), ids, v);
            SDVariable loss = out.mul(sd.constant("w", Nd4j.createFromArray(w))).sum();
            loss.markAsLoss();
            INDArray g = sd.calculateGradients(Map.of(), "E").get("E");
            double maxError = 0;
            for (int i = 0; i < v; i++) {
                for (int j = 0; j < D; j++) {
                    maxError = Math.max(maxError, Math.abs(g.getDouble(i, j) - expected[i][j]));
                }
            }
            return head + String.format(java.util.Locale.ROOT, ",\"max_error\":%.3g}", maxError);
        } catch (RuntimeException ex) {
            String message = String.valueOf(ex.getMessage()).split("\n")[0].replace('"', '\'');
            return head + ",\"throws\":\"" + ex.getClass().getSimpleName() + ": " + message + "\"}";
        }
    }
}
