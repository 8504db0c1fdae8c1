package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps token ids to vectors: {@code x(t) = E[t]} for a token {@code t}, where {@code E} is a
 * {@code [V, d]} table, stored whole ({@link FullEmbedding}), as two stacked layers {@code E = A B}
 * ({@link FactorizedEmbedding}) or quantized ({@link QuantizedEmbedding}).
 *
 * <p>Two paths, each with its backward pass:
 * <ul>
 *   <li>the sequence path, {@link #forward} / {@link #backward}: one vector per position,
 *       {@code [batch, seqLen, d]} (what an LSTM reads);
 *   <li>the pooled path, {@link #meanPool} / {@link #meanPoolBackward}: the masked mean over
 *       each sequence's real tokens, {@code [batch, d]} (all a deep averaging network needs);
 *       since the mean is linear, a factorized layer averages the {@code r}-dimensional rows of
 *       {@code A} and multiplies by {@code B} once, the same result at a fraction of the cost.
 * </ul>
 *
 * <p>Padding (positions {@code t >= lengths[i]}) never influences anything: its ids are not read
 * (they need not be valid), its outputs are zero, its incoming gradient is ignored. Real ids
 * must lie in {@code [0, vocabularySize())}, else {@link IllegalArgumentException}.
 *
 * <p>Backward passes overwrite (not accumulate) the gradients of the trainable parameters and
 * depend only on their arguments and the current parameter values, not on an earlier forward
 * call. Forward passes return a new array on every call, owned by the caller.
 *
 * <p>Thread safety, for the implementations of this package (and what the models expect of any
 * implementation they are to share between threads): the forward passes ({@link #forward},
 * {@link #meanPool}), {@link #toMatrix}, {@link #toStored} and the accessors are thread-safe, with
 * no lock: each call computes in memory of its own, and gives exactly what it gives when called
 * alone. The backward passes write the gradients through buffers of the layer and, like any
 * change of the parameters (an optimizer step, {@link Parameter#setTrainable}), are for one
 * training thread, with no forward pass running meanwhile.
 */
public interface EmbeddingLayer {

    /**
     * Number of rows {@code V}.
     *
     * @return {@code V >= 1}: valid ids are {@code [0, V)}
     */
    int vocabularySize();

    /**
     * Output dimension {@code d}.
     *
     * @return {@code d >= 1}
     */
    int dimension();

    /**
     * The parameters, trainable or frozen, in a fixed order.
     *
     * @return an unmodifiable list of the parameters themselves (possibly empty)
     */
    List<Parameter> parameters();

    /**
     * Whether a backward pass would compute any gradient.
     *
     * @return true if some parameter is trainable
     */
    default boolean requiresGradient() {
        for (Parameter p : parameters()) {
            if (p.isTrainable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The embedding of every position: {@code out[i][t] = E[ids[i][t]]} for {@code t <
     * lengths[i]}, zero for padding.
     *
     * @param batch the sequences; real ids in {@code [0, vocabularySize())}
     * @return a new FLOAT {@code [batch, seqLen, d]} array, owned by the caller
     * @throws IllegalArgumentException if a real id is out of range
     */
    INDArray forward(TokenBatch batch);

    /**
     * Gradients of the parameters given {@code gradOutput = dL/d forward(batch)}.
     *
     * @param batch the sequences of the forward pass; real ids in {@code [0, vocabularySize())}
     * @param gradOutput a FLOAT {@code [batch, seqLen, d]} array, not modified; padding entries
     *     ignored
     * @throws IllegalArgumentException if {@code gradOutput} has the wrong shape or type, or a
     *     real id is out of range
     */
    void backward(TokenBatch batch, INDArray gradOutput);

    /**
     * The masked mean {@code out[i] = (1 / lengths[i]) sum_{t < lengths[i]} E[ids[i][t]]}, and
     * the zero vector for a sequence of length 0.
     *
     * @param batch the sequences; real ids in {@code [0, vocabularySize())}
     * @return a new FLOAT {@code [batch, d]} array, owned by the caller
     * @throws IllegalArgumentException if a real id is out of range
     */
    INDArray meanPool(TokenBatch batch);

    /**
     * Gradients of the parameters given {@code gradPooled = dL/d meanPool(batch)}; sequences of
     * length 0 contribute nothing.
     *
     * @param batch the sequences of the forward pass; real ids in {@code [0, vocabularySize())}
     * @param gradPooled a FLOAT {@code [batch, d]} array, not modified
     * @throws IllegalArgumentException if {@code gradPooled} has the wrong shape or type, or a real
     *     id is out of range
     */
    void meanPoolBackward(TokenBatch batch, INDArray gradPooled);

    /**
     * The current table {@code E}: the table of a {@link FullEmbedding}, the product {@code A B}
     * of a {@link FactorizedEmbedding}, the dequantized matrix of a {@link QuantizedEmbedding}.
     *
     * @return a new FLOAT {@code [V, d]} 'c' matrix, shared with nothing
     */
    INDArray toMatrix();

    /**
     * The stored form of the layer's current values (copied): a dense float32
     * {@link CompressedEmbedding} for a {@link FullEmbedding}, a low-rank float32 one for a
     * {@link FactorizedEmbedding}, a dense quantized one for a {@link QuantizedEmbedding}.
     *
     * @param vocabulary one word per row of the layer
     * @param provenance how the layer was made, recorded as it is
     * @return the stored form, sharing no mutable array with the layer
     * @throws IllegalArgumentException if the vocabulary size differs from {@link #vocabularySize()}
     * @throws NullPointerException if an argument is null
     */
    CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance);

    /**
     * Checks the arguments of {@link #toStored}.
     *
     * @param vocabulary must have {@link #vocabularySize()} words
     * @param provenance must not be null
     * @throws IllegalArgumentException if the vocabulary size differs from {@link #vocabularySize()}
     * @throws NullPointerException if an argument is null
     */
    default void checkStored(Vocabulary vocabulary, Provenance provenance) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(provenance, "provenance");
        if (vocabulary.size() != vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words but the layer has "
                    + vocabularySize() + " rows");
        }
    }

    /**
     * The layer that reads a stored embedding: {@link FullEmbedding} (dense float32, or a rotated
     * product-quantized table, decoded), {@link FactorizedEmbedding} (low-rank float32),
     * {@link QuantizedEmbedding} (dense quantized) or {@link ProductQuantizedEmbedding}
     * (product-quantized without rotation, dense or as {@code A} with a float32 {@code B}; codebooks
     * and {@code B} trainable, codes fixed). Trainable layers hold copies.
     *
     * @param stored the stored embedding, not null; not modified
     * @return a new layer, its parameters (if any) trainable
     * @throws IllegalArgumentException for quantized factors, which no layer reads
     * @throws NullPointerException if {@code stored} is null
     */
    static EmbeddingLayer fromStored(CompressedEmbedding stored) {
        Objects.requireNonNull(stored, "stored");
        if (stored.a() instanceof StoredMatrix.ProductQuantized pq && !pq.matrix().hasRotation()
                && stored.b().map(b -> b instanceof StoredMatrix.Float32).orElse(true)) {
            return ProductQuantizedEmbedding.of(pq.matrix(), stored.b().map(StoredMatrix::toFloat).orElse(null));
        }
        if (stored.kind() == CompressedEmbedding.Kind.LOW_RANK) {
            StoredMatrix b = stored.b().orElseThrow();
            if (!(stored.a() instanceof StoredMatrix.Float32) || !(b instanceof StoredMatrix.Float32)) {
                throw new IllegalArgumentException("no embedding layer reads quantized factors ("
                        + stored.a().describe() + " A, " + b.describe() + " B)");
            }
            return FactorizedEmbedding.of(stored.a().toFloat(), b.toFloat());
        }
        if (stored.a() instanceof StoredMatrix.Quantized q) {
            return QuantizedEmbedding.of(q.matrix());
        }
        return FullEmbedding.of(stored.a().toFloat());
    }
}
