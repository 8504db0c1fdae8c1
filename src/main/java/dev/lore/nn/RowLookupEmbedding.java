package dev.lore.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared forward passes of the layers whose output row for token {@code t} is a stored row
 * {@code E[t]} (whole or quantized): subclasses say how to read a row.
 */
abstract class RowLookupEmbedding implements EmbeddingLayer {

    final int vocabularySize;
    final int dimension;
    private final float[] row;
    private final float[] sum;
    private INDArray sequenceOut;
    private INDArray pooledOut;

    RowLookupEmbedding(int vocabularySize, int dimension) {
        Math.multiplyExact(vocabularySize, dimension); // tables beyond 2^31-1 floats are not supported
        this.vocabularySize = vocabularySize;
        this.dimension = dimension;
        this.row = new float[dimension];
        this.sum = new float[dimension];
    }

    /** Copies row {@code id} of the table into {@code dst[0 .. dimension)}. */
    abstract void readRow(int id, float[] dst);

    @Override
    public final int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final INDArray forward(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        sequenceOut = Tensors.reuse(sequenceOut, tokens.batch, tokens.seqLen, d);
        FloatBuffer out = sequenceOut.data().asNioFloat();
        float[] zeros = sum;
        java.util.Arrays.fill(zeros, 0f);
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.seqLen; t++) {
                int pos = tokens.flatPosition(i, t) * d;
                if (t < tokens.lengths[i]) {
                    readRow(tokens.ids[tokens.start[i] + t], row);
                    out.put(pos, row, 0, d);
                } else {
                    out.put(pos, zeros, 0, d);
                }
            }
        }
        return sequenceOut;
    }

    @Override
    public final INDArray meanPool(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        pooledOut = Tensors.reuse(pooledOut, tokens.batch, d);
        FloatBuffer out = pooledOut.data().asNioFloat();
        for (int i = 0; i < tokens.batch; i++) {
            java.util.Arrays.fill(sum, 0f);
            int len = tokens.lengths[i];
            for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                readRow(tokens.ids[k], row);
                for (int c = 0; c < d; c++) {
                    sum[c] += row[c];
                }
            }
            if (len > 0) {
                float inv = 1f / len;
                for (int c = 0; c < d; c++) {
                    sum[c] *= inv;
                }
            }
            out.put(i * d, sum, 0, d);
        }
        return pooledOut;
    }

    final ActiveTokens tokens(TokenBatch batch) {
        ActiveTokens tokens = ActiveTokens.of(batch, vocabularySize);
        ActiveTokens.checkVolume(batch, dimension);
        return tokens;
    }
}
