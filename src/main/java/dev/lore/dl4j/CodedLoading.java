package dev.lore.dl4j;

import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loading lore's quantized matrices into the code-reading layers of an initialized network and
 * reading them back, for {@link LoreDl4j}. Every shape is checked before anything is written.
 * Stateless; a layer must not be used by another thread meanwhile.
 */
final class CodedLoading {

    private CodedLoading() {}

    /**
     * Loads {@code a}'s codes (into the configuration), steps, offsets and {@code b} into a
     * {@link QuantizedFactorEmbeddingSequenceLayer}.
     *
     * @throws IllegalArgumentException naming {@code label}, the expected and the found shapes,
     *     bits or scope
     */
    static void quantizedFactor(Layer layer, String label, QuantizedMatrix a, INDArray b) {
        QuantizedFactorEmbeddingSequenceLayer c = (QuantizedFactorEmbeddingSequenceLayer) layer.conf().getLayer();
        long[] expectedA = {c.getNIn(), c.getRank()};
        long[] foundA = {a.rows(), a.columns()};
        long[] expectedB = {c.getRank(), c.getNOut()};
        if (!Arrays.equals(expectedA, foundA) || !Arrays.equals(expectedB, b.shape())) {
            throw new IllegalArgumentException(label + ": expected A " + Arrays.toString(expectedA) + " and B "
                    + Arrays.toString(expectedB) + ", found A " + Arrays.toString(foundA) + " and B "
                    + Arrays.toString(b.shape()));
        }
        QuantizationConfig q = a.config();
        if (q.bits() != c.getBits() || q.scope() != c.getScope()) {
            throw new IllegalArgumentException(label + ": expected A quantized at " + c.getBits() + " bits per "
                    + c.getScope().name().toLowerCase() + ", found " + q.bits() + " bits per "
                    + q.scope().name().toLowerCase());
        }
        // setParam checks B's values (finite) before anything changes; the codes follow it.
        INDArray scale = Nd4j.createFromArray(a.steps());
        INDArray offset = Nd4j.createFromArray(a.offsets());
        layer.setParam(AbstractLookup.B_KEY, b);
        layer.setParam(QuantizedFactorEmbeddingSequenceLayer.SCALE_KEY, scale);
        layer.setParam(QuantizedFactorEmbeddingSequenceLayer.OFFSET_KEY, offset);
        c.setCodes(q.bits(), PackedCodes.of(a));
    }

    /**
     * Loads {@code pq}'s codes (into the configuration) and codebooks into a
     * {@link ProductQuantizedEmbeddingSequenceLayer}, and its projection: {@code R^T projection}
     * for a rotated matrix ({@code R^T} if {@code projection} is null), else {@code projection}.
     *
     * @throws IllegalArgumentException naming {@code label} and what differs
     */
    static void productQuantized(Layer layer, String label, ProductQuantizedMatrix pq, INDArray projection) {
        ProductQuantizedEmbeddingSequenceLayer c = (ProductQuantizedEmbeddingSequenceLayer) layer.conf().getLayer();
        long[] expected = {c.getNIn(), c.getWidth(), c.getSubspaces(), c.getBits()};
        long[] found = {pq.rows(), pq.columns(), pq.subspaces(), pq.bits()};
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException(label + ": expected codes of [V, r] = [" + expected[0] + ", "
                    + expected[1] + "] in " + expected[2] + " sub-spaces of " + expected[3] + " bits, found ["
                    + found[0] + ", " + found[1] + "] in " + found[2] + " sub-spaces of " + found[3] + " bits");
        }
        INDArray b = projectionOf(pq, projection);
        if (c.isProjection() != (b != null)) {
            throw new IllegalArgumentException(label + (c.isProjection()
                    ? ": the layer projects by B [" + c.getWidth() + ", " + c.getNOut() + "]: pass it (the matrix has"
                            + " no rotation to take its place)"
                    : ": the layer has no projection, but " + (pq.hasRotation() ? "the matrix has a rotation"
                            : "a projection was given") + ": build the layer with projection(true)"));
        }
        INDArray books = Nd4j.create(pq.codebooks(), new long[] {(long) pq.subspaces() * pq.centroids(),
            pq.subspaceDimension()}, 'c');
        if (b != null) {
            layer.setParam(AbstractLookup.B_KEY, b);
        }
        layer.setParam(ProductQuantizedEmbeddingSequenceLayer.CODEBOOKS_KEY, books);
        c.setCodes(pq.bits(), pq.packedCodes());
    }

    /** {@code R^T projection}, {@code R^T}, {@code projection} or null; FLOAT or the projection's type. */
    static INDArray projectionOf(ProductQuantizedMatrix pq, INDArray projection) {
        if (!pq.hasRotation()) {
            return projection;
        }
        int r = pq.columns();
        INDArray rt = Nd4j.create(pq.rotation().orElseThrow(), new long[] {r, r}, 'c').transpose();
        if (projection == null) {
            return rt.dup('c');
        }
        if (projection.rank() != 2 || projection.rows() != r) {
            throw new IllegalArgumentException("projection must be [" + r + ", d] after the rotation, got "
                    + Arrays.toString(projection.shape()));
        }
        return rt.mmul(projection.castTo(DataType.FLOAT));
    }

    /**
     * The quantized {@code A} that a {@link QuantizedFactorEmbeddingSequenceLayer} reads, as a
     * {@link QuantizedMatrix}: a group whose trained step went negative is stored with the codes
     * mirrored ({@code q' = 2^b - 1 - q}, {@code o' = o + s (2^b - 1)}, {@code s' = -s}), the same
     * values up to float rounding, since {@code QuantizedMatrix} keeps steps non-negative.
     */
    static QuantizedMatrix quantizedFactorOf(Layer layer) {
        QuantizedFactorEmbeddingSequenceLayer c = (QuantizedFactorEmbeddingSequenceLayer) layer.conf().getLayer();
        int rows = Math.toIntExact(c.getNIn());
        int r = c.getRank();
        int bits = c.getBits();
        int max = (1 << bits) - 1;
        float[] steps = layer.getParam(QuantizedFactorEmbeddingSequenceLayer.SCALE_KEY).castTo(DataType.FLOAT)
                .toFloatVector();
        float[] offsets = layer.getParam(QuantizedFactorEmbeddingSequenceLayer.OFFSET_KEY).castTo(DataType.FLOAT)
                .toFloatVector();
        int[] codes = c.codes();
        boolean perRow = c.getScope() == QuantizationScope.ROW;
        for (int g = 0; g < steps.length; g++) {
            if (steps[g] < 0f) {
                offsets[g] = offsets[g] + steps[g] * max;
                steps[g] = -steps[g];
                int from = perRow ? g * r : 0;
                int to = perRow ? from + r : codes.length;
                for (int i = from; i < to; i++) {
                    codes[i] = max - codes[i];
                }
            } else if (steps[g] == 0f) {
                steps[g] = 0f; // -0.0 to 0.0
            }
        }
        long[] words = PackedCodes.toWords(PackedCodes.pack(codes, bits), (long) rows * r, bits);
        return QuantizedMatrix.fromParts(rows, r, new QuantizationConfig(bits, c.getScope()), offsets, steps, words);
    }

    /**
     * The codes and trained codebooks of a {@link ProductQuantizedEmbeddingSequenceLayer} as a
     * {@link ProductQuantizedMatrix} without rotation (a rotation the layer was loaded with lives
     * in its {@code B}).
     */
    static ProductQuantizedMatrix productQuantizedOf(Layer layer) {
        ProductQuantizedEmbeddingSequenceLayer c = (ProductQuantizedEmbeddingSequenceLayer) layer.conf().getLayer();
        float[] books = layer.getParam(ProductQuantizedEmbeddingSequenceLayer.CODEBOOKS_KEY).castTo(DataType.FLOAT)
                .dup('c').reshape(-1).toFloatVector();
        return ProductQuantizedMatrix.fromParts(Math.toIntExact(c.getNIn()), c.getWidth(), c.getSubspaces(),
                c.getBits(), books, c.codesView(), null);
    }
}
