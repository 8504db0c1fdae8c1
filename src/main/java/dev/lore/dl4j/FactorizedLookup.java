package dev.lore.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link FactorizedEmbeddingSequenceLayer} ({@code sequence}) and
 * {@link FactorizedEmbeddingLayer}: rows {@code A[ids]}, then {@link AbstractLookup}'s projection
 * by {@code B}; {@code dA} scatter-added row by row. One instance serves one thread.
 */
final class FactorizedLookup extends AbstractLookup<AbstractFactorizedEmbedding> {

    private final boolean sequence;

    FactorizedLookup(NeuralNetConfiguration conf, DataType dataType, boolean sequence) {
        super(conf, dataType);
        this.sequence = sequence;
    }

    @Override
    LookupShape shape() {
        AbstractFactorizedEmbedding c = layerConf();
        if (!sequence) {
            return new LookupShape(c.getNIn(), c.getNOut(), c.getRank(), false, 1, true, RNNFormat.NCW, true,
                    c.hasBias());
        }
        FactorizedEmbeddingSequenceLayer s = (FactorizedEmbeddingSequenceLayer) c;
        return new LookupShape(c.getNIn(), c.getNOut(), c.getRank(), true, s.getInputLength(),
                s.isInferInputLength(), s.getOutputFormat(), true, c.hasBias());
    }

    @Override
    boolean isFrozen(String key) {
        return layerConf().isFrozen(key);
    }

    @Override
    String describe() {
        return layerConf().describe();
    }

    @Override
    INDArray lookup(int[] ids) {
        INDArray a = getParam(FactorizedEmbeddingParamInitializer.A_KEY);
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {ids.length, a.columns()}, 'c');
        RowKernels.gather(a, ids, out);
        return out;
    }

    @Override
    boolean rowsTrainable() {
        return !layerConf().isFreezeA();
    }

    @Override
    void rowGradients(int[] ids, INDArray h) {
        INDArray gradA = gradientViews.get(FactorizedEmbeddingParamInitializer.A_KEY);
        gradA.assign(0);
        if (h != null) {
            RowKernels.scatterAdd(h, ids, gradA);
        }
    }
}
