package dev.lore.nn;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.quant.QuantizedMatrix;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen embedding read from a {@link QuantizedMatrix}: token {@code t} maps to the dequantized
 * row {@code t}. Only looked-up rows are dequantized, so the table stays at its quantized size.
 * It has no parameters; models built on it still train their own layers. Immutable and
 * thread-safe: every method may be called from many threads at once (the forward passes return a
 * new array per call).
 */
public final class QuantizedEmbedding extends RowLookupEmbedding {

    private final QuantizedMatrix matrix;

    private QuantizedEmbedding(QuantizedMatrix matrix) {
        super(matrix.rows(), matrix.columns());
        this.matrix = matrix;
    }

    /**
     * A layer over a quantized table.
     *
     * @param matrix the table {@code [V, d]}, not null; immutable, so held, not copied
     * @return a frozen layer with no parameters
     * @throws NullPointerException if {@code matrix} is null
     */
    public static QuantizedEmbedding of(QuantizedMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        return new QuantizedEmbedding(matrix);
    }

    /**
     * The quantized table.
     *
     * @return the matrix given to {@link #of}
     */
    public QuantizedMatrix matrix() {
        return matrix;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    void readRow(int id, float[] dst) {
        matrix.dequantizeRow(id, dst, 0);
    }

    /** Checks the arguments; there is nothing to train. */
    @Override
    public void backward(TokenBatch batch, INDArray gradOutput) {
        ActiveTokens tokens = tokens(batch);
        Tensors.checkShape(gradOutput, "gradOutput", tokens.batch, tokens.seqLen, dimension);
    }

    /** Checks the arguments; there is nothing to train. */
    @Override
    public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
        ActiveTokens tokens = tokens(batch);
        Tensors.checkShape(gradPooled, "gradPooled", tokens.batch, dimension);
    }

    /** The dequantized table as a new FLOAT {@code [V, d]} 'c' matrix. */
    @Override
    public INDArray toMatrix() {
        return matrix().dequantize();
    }

    /** A dense quantized stored embedding of the same codes, offsets and steps. */
    @Override
    public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
        checkStored(vocabulary, provenance);
        return CompressedEmbedding.dense(vocabulary, StoredMatrix.of(matrix()), provenance);
    }
}
