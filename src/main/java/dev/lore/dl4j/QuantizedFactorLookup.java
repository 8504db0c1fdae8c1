package dev.lore.dl4j;

import dev.lore.quant.QuantizationScope;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link QuantizedFactorEmbeddingSequenceLayer}: rows
 * {@code A[t, j] = o_g + s_g q[t, j]} dequantized for the ids of the batch only (in float as
 * {@code QuantizedMatrix} does, in double for a double network), and the gradients of the scales
 * and offsets summed per group. One instance serves one thread.
 */
final class QuantizedFactorLookup extends AbstractLookup<QuantizedFactorEmbeddingSequenceLayer> {

    private byte[] packedSeen;
    private int[] codes;

    QuantizedFactorLookup(NeuralNetConfiguration conf, DataType dataType) {
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

    private int[] codes() {
        byte[] packed = layerConf().codesView();
        if (packed != packedSeen) {
            codes = layerConf().codes();
            packedSeen = packed;
        }
        return codes;
    }

    private int group(int id) {
        return layerConf().getScope() == QuantizationScope.ROW ? id : 0;
    }

    @Override
    INDArray lookup(int[] ids) {
        int r = layerConf().getRank();
        int[] q = codes();
        INDArray scale = getParam(QuantizedFactorEmbeddingSequenceLayer.SCALE_KEY);
        INDArray offset = getParam(QuantizedFactorEmbeddingSequenceLayer.OFFSET_KEY);
        long[] shape = {ids.length, r};
        if (scale.dataType() == DataType.FLOAT) {
            float[] s = scale.toFloatVector();
            float[] o = offset.toFloatVector();
            float[] out = new float[ids.length * r];
            for (int p = 0; p < ids.length; p++) {
                int g = group(ids[p]);
                int base = ids[p] * r;
                for (int j = 0; j < r; j++) {
                    out[p * r + j] = o[g] + q[base + j] * s[g];
                }
            }
            return Nd4j.create(out, shape, 'c');
        }
        double[] s = scale.toDoubleVector();
        double[] o = offset.toDoubleVector();
        double[] out = new double[ids.length * r];
        for (int p = 0; p < ids.length; p++) {
            int g = group(ids[p]);
            int base = ids[p] * r;
            for (int j = 0; j < r; j++) {
                out[p * r + j] = o[g] + q[base + j] * s[g];
            }
        }
        return Nd4j.create(out, shape, 'c').castTo(scale.dataType());
    }

    @Override
    boolean rowsTrainable() {
        return !layerConf().isFreezeScales();
    }

    @Override
    void rowGradients(int[] ids, INDArray h) {
        INDArray gradScale = gradientViews.get(QuantizedFactorEmbeddingSequenceLayer.SCALE_KEY);
        INDArray gradOffset = gradientViews.get(QuantizedFactorEmbeddingSequenceLayer.OFFSET_KEY);
        if (h == null) {
            gradScale.assign(0);
            gradOffset.assign(0);
            return;
        }
        int r = layerConf().getRank();
        int[] q = codes();
        int groups = (int) gradScale.length();
        double[] hv = h.reshape('c', new long[] {h.length()}).toDoubleVector();
        double[] ds = new double[groups];
        double[] dO = new double[groups];
        for (int p = 0; p < ids.length; p++) {
            int g = group(ids[p]);
            int base = ids[p] * r;
            double sq = 0.0;
            double sum = 0.0;
            for (int j = 0; j < r; j++) {
                double x = hv[p * r + j];
                sq += x * q[base + j];
                sum += x;
            }
            ds[g] += sq;
            dO[g] += sum;
        }
        gradScale.assign(Nd4j.createFromArray(ds).castTo(gradScale.dataType()));
        gradOffset.assign(Nd4j.createFromArray(dO).castTo(gradOffset.dataType()));
    }
}
