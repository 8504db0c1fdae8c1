package dev.lore.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test batches and tables. */
final class Batches {

    private Batches() {
    }

    @SuppressWarnings("deprecation") // TokenBatch takes DataType.INT, what ND4J makes of int[]
    static TokenBatch of(int[][] ids, int[] lengths, int[] labels) {
        int n = ids.length;
        int seqLen = ids[0].length;
        int[] flat = new int[n * seqLen];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids[i], 0, flat, i * seqLen, seqLen);
        }
        INDArray a = Nd4j.createFromArray(flat).reshape('c', n, seqLen).castTo(DataType.INT);
        return new TokenBatch(a, lengths, labels);
    }

    /**
     * Random ids in {@code [0, vocab)} at real positions and {@code padding} at padding
     * positions (which need not be a valid id).
     */
    static int[][] randomIds(int[] lengths, int seqLen, int vocab, int padding, SplittableRandom rng) {
        int[][] ids = new int[lengths.length][seqLen];
        for (int i = 0; i < lengths.length; i++) {
            for (int t = 0; t < seqLen; t++) {
                ids[i][t] = t < lengths[i] ? rng.nextInt(vocab) : padding;
            }
        }
        return ids;
    }

    /** A {@code [rows, cols]} FLOAT matrix of uniform values in {@code [-scale, scale)}. */
    static INDArray uniform(int rows, int cols, double scale, SplittableRandom rng) {
        float[] v = new float[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    /** Adds uniform noise in [-0.5, 0.5) to every bias (parameters whose name ends in ".b"). */
    static void perturbBiases(java.util.List<Parameter> parameters, SplittableRandom rng) {
        for (Parameter p : parameters) {
            if (p.name().endsWith(".b")) {
                INDArray noise = uniform(1, p.length(), 0.5, rng).reshape(p.value().shape());
                p.value().addi(noise);
            }
        }
    }

    static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
