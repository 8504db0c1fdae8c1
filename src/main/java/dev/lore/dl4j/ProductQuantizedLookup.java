package dev.lore.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link ProductQuantizedEmbeddingSequenceLayer}: the rows of the codebooks
 * {@code C [M K, s]} that the codes choose, gathered side by side ({@code M} rows of {@code s}
 * values per position are exactly one row of {@code r} values in 'c' order), and their gradient
 * scatter-added back. One instance serves one thread.
 */
final class ProductQuantizedLookup extends AbstractLookup<ProductQuantizedEmbeddingSequenceLayer> {

    /** The configuration's packed codes that {@link #codes} unpacks; compared by identity. */
    private byte[] packedSeen;
    private int[] codes;

    ProductQuantizedLookup(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    LookupShape shape() {
        return layerConf().lookupShape();
    }

    @Override
    boolean isFrozen(String key) {
        return layerConf().isFrozen(key);
    }

    @Override
    String describe() {
        return layerConf().describe();
    }

    /** Row of {@code C} for every (position, sub-space): {@code m K + q(ids[p], m)}, index {@code p M + m}. */
    private int[] centroidRows(int[] ids) {
        ProductQuantizedEmbeddingSequenceLayer c = layerConf();
        byte[] packed = c.codesView();
        if (packed != packedSeen) {
            codes = c.codes();
            packedSeen = packed;
        }
        int m = c.getSubspaces();
        int k = 1 << c.getBits();
        int[] out = new int[Math.multiplyExact(ids.length, m)];
        for (int p = 0; p < ids.length; p++) {
            int base = ids[p] * m;
            for (int sub = 0; sub < m; sub++) {
                out[p * m + sub] = sub * k + codes[base + sub];
            }
        }
        return out;
    }

    @Override
    INDArray lookup(int[] ids) {
        INDArray books = getParam(ProductQuantizedEmbeddingSequenceLayer.CODEBOOKS_KEY);
        int[] rows = centroidRows(ids);
        INDArray out = Nd4j.createUninitialized(books.dataType(), new long[] {rows.length, books.columns()}, 'c');
        RowKernels.gather(books, rows, out);
        return out.reshape('c', new long[] {ids.length, layerConf().getWidth()});
    }

    @Override
    boolean rowsTrainable() {
        return !layerConf().isFreezeCodebooks();
    }

    @Override
    void rowGradients(int[] ids, INDArray h) {
        INDArray grad = gradientViews.get(ProductQuantizedEmbeddingSequenceLayer.CODEBOOKS_KEY);
        grad.assign(0);
        if (h != null) {
            int[] rows = centroidRows(ids);
            RowKernels.scatterAdd(h.reshape('c', new long[] {rows.length, grad.columns()}), rows, grad);
        }
    }
}
