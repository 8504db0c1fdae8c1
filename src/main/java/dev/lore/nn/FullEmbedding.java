package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A full embedding table: one trainable row-sparse parameter {@code embedding.E}, {@code [V, d]};
 * token {@code t} maps to {@code E[t]}. Its gradient is non-zero only in looked-up rows, with
 * repeated ids summed.
 *
 * <p>Thread safety: the forward passes ({@link #forward}, {@link #meanPool}), {@link #toMatrix},
 * {@link #toStored} and the accessors are thread-safe (scratch memory per call; each call returns
 * a new array) while no optimizer changes the table. The backward passes and
 * {@link Parameter#setTrainable} are for one training thread: they write the gradient through
 * buffers of this layer.
 */
public final class FullEmbedding extends RowLookupEmbedding {

    private final Parameter table;
    private final FloatBuffer values;
    // Scratch of the backward passes (training, one thread).
    private final RowGradientAccumulator accumulator;
    private float[] gradIn;

    private FullEmbedding(Parameter table) {
        super(table.value().rows(), table.value().columns());
        this.table = table;
        this.values = table.valueBuffer();
        this.accumulator = new RowGradientAccumulator(vocabularySize, dimension);
    }

    /**
     * A layer holding a copy of {@code table} (the argument is not modified).
     *
     * @param table a {@code [V, d]} matrix of finite values, {@code V, d >= 1}, any floating type
     * @throws IllegalArgumentException if the table is not such a matrix or has more than
     *     {@code 2^31 - 1} elements
     * @return a layer with a trainable table
     */
    public static FullEmbedding of(INDArray table) {
        return new FullEmbedding(Parameter.rowSparse("embedding.E", table));
    }

    /**
     * A layer holding a copy of the word vectors of {@code embeddings}.
     *
     * @param embeddings the vectors, row {@code i} for word {@code i}; not modified
     * @return a layer with a trainable table
     * @throws IllegalArgumentException if a vector holds NaN or infinity
     * @throws NullPointerException if {@code embeddings} is null
     */
    public static FullEmbedding of(WordVectors embeddings) {
        Objects.requireNonNull(embeddings, "embeddings");
        return of(embeddings.matrix());
    }

    /**
     * The table.
     *
     * @return the row-sparse parameter {@code embedding.E}, {@code [V, d]}, itself
     */
    public Parameter table() {
        return table;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    void readRow(int id, float[] dst) {
        values.get(id * dimension, dst, 0, dimension);
    }

    /** {@code dE[ids[i][t]] += gradOutput[i][t]} over real positions. */
    @Override
    public void backward(TokenBatch batch, INDArray gradOutput) {
        ActiveTokens tokens = tokens(batch);
        gradIn = Tensors.toHeap(gradOutput, "gradOutput", gradIn, tokens.batch, tokens.seqLen, dimension);
        if (!table.isTrainable()) {
            return;
        }
        accumulator.begin();
        for (int i = 0; i < tokens.batch; i++) {
            for (int t = 0; t < tokens.lengths[i]; t++) {
                accumulator.add(tokens.ids[tokens.start[i] + t], gradIn, tokens.flatPosition(i, t) * dimension, 1f);
            }
        }
        accumulator.writeTo(table);
    }

    /** {@code dE[ids[i][t]] += gradPooled[i] / lengths[i]} over real positions. */
    @Override
    public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
        ActiveTokens tokens = tokens(batch);
        gradIn = Tensors.toHeap(gradPooled, "gradPooled", gradIn, tokens.batch, dimension);
        if (!table.isTrainable()) {
            return;
        }
        accumulator.begin();
        for (int i = 0; i < tokens.batch; i++) {
            if (tokens.lengths[i] == 0) {
                continue;
            }
            float scale = 1f / tokens.lengths[i];
            for (int k = tokens.start[i]; k < tokens.start[i + 1]; k++) {
                accumulator.add(tokens.ids[k], gradIn, i * dimension, scale);
            }
        }
        accumulator.writeTo(table);
    }

    /** A copy of the table, FLOAT {@code [V, d]} 'c'. */
    @Override
    public INDArray toMatrix() {
        return table().value().dup('c');
    }

    /** A dense float32 stored embedding holding a copy of the table. */
    @Override
    public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
        checkStored(vocabulary, provenance);
        return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(toMatrix()), provenance);
    }
}
