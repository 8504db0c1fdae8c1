package dev.lore.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared forward passes of the layers whose output row for token {@code t} is a stored row
 * {@code E[t]} (whole or quantized): subclasses say how to read a row. The forward passes keep
 * their scratch memory on the stack of the call, so they are thread-safe as long as
 * {@link #readRow} is.
 */
abstract class RowLookupEmbedding extends AbstractEmbeddingLayer {

    final int vocabularySize;
    final int dimension;

    RowLookupEmbedding(int vocabularySize, int dimension) {
        Math.multiplyExact(vocabularySize, dimension); // tables beyond 2^31-1 floats are not supported
        this.vocabularySize = vocabularySize;
        this.dimension = dimension;
    }

    /**
     * Copies row {@code id} of the table into {@code dst[0 .. dimension)}. Must be thread-safe:
     * it reads the table and writes only {@code dst}.
     */
    abstract void readRow(int id, float[] dst);

    @Override
    public final int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    /** {@inheritDoc} Thread-safe. */
    @Override
    public final INDArray forward(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {tokens.batch, tokens.seqLen, d}, 'c');
        FloatBuffer out = result.data().asNioFloat();
        float[] row = new float[d];
        float[] zeros = new float[d];
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
        return result;
    }

    /** {@inheritDoc} Thread-safe. */
    @Override
    public final INDArray meanPool(TokenBatch batch) {
        ActiveTokens tokens = tokens(batch);
        int d = dimension;
        float[][] rows = new float[tokens.batch][d];
        meanPoolRows(tokens, rows);
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {tokens.batch, d}, 'c');
        FloatBuffer out = result.data().asNioFloat();
        for (int i = 0; i < tokens.batch; i++) {
            out.put(i * d, rows[i], 0, d);
        }
        return result;
    }

    @Override
    final void meanPoolRows(ActiveTokens tokens, float[][] out) {
        int d = dimension;
        float[] row = new float[d];
        for (int i = 0; i < tokens.batch; i++) {
            float[] sum = out[i];
            Arrays.fill(sum, 0, d, 0f);
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
        }
    }

    /**
     * Writes the row of every real token into the packed layout of an LSTM input: the row of step
     * {@code t} of the {@code j}-th sequence in packing order goes to row {@code pk.row(t, j)} of
     * {@code dst} ({@code [pk.count, d]}). Thread-safe.
     */
    final void gatherPacked(ActiveTokens tokens, LstmLayer.Packing pk, FloatBuffer dst) {
        int d = dimension;
        float[] row = new float[d];
        for (int t = 0; t < pk.steps; t++) {
            for (int j = 0; j < pk.active[t]; j++) {
                readRow(tokens.ids[tokens.start[pk.order[j]] + t], row);
                dst.put(pk.row(t, j) * d, row, 0, d);
            }
        }
    }

    @Override
    final ActiveTokens tokens(TokenBatch batch) {
        ActiveTokens tokens = ActiveTokens.of(batch, vocabularySize);
        ActiveTokens.checkVolume(batch, dimension);
        return tokens;
    }
}
