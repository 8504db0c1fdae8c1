package dev.lore.bench;

import dev.lore.nn.DanConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's deep averaging network built from DeepLearning4J's own layers: an
 * {@code EmbeddingSequenceLayer} {@code V -> d} without bias (initialized from given vectors), a
 * masked mean over time ({@code GlobalPoolingLayer} AVG, which divides by the mask's count), dense
 * 30 ReLU, dense 25 ReLU and a softmax output with cross-entropy: lore's {@code DanConfig.DEFAULT}
 * shape. Weights Glorot uniform and biases zero, as lore's DAN initializes them.
 */
final class Dl4jDan {

    private Dl4jDan() {}

    /**
     * A new initialized network whose embedding holds a copy of {@code vectors} ({@code [V, d]}).
     *
     * @param seed seed of the other layers' weights
     */
    static MultiLayerNetwork create(INDArray vectors, int seqLen, int classes, IUpdater updater, long seed) {
        int v = (int) vectors.rows();
        int d = (int) vectors.columns();
        DanConfig dan = DanConfig.DEFAULT;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.0).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(v).nOut(d).inputLength(seqLen).hasBias(false).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DenseLayer.Builder().nIn(d).nOut(dan.hidden1()).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(dan.hidden1()).nOut(dan.hidden2()).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(dan.hidden2()).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", vectors);
        return net;
    }

    /**
     * A copy of {@code net} (configuration and parameters) training with {@code updater}: fresh
     * updater state, iteration and epoch counters at 0, as lore's trainer starts each phase.
     */
    static MultiLayerNetwork withUpdater(MultiLayerNetwork net, IUpdater updater) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration c : conf.getConfs()) {
            if (c.getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(updater.clone());
                layer.setBiasUpdater(null);
            }
        }
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        MultiLayerNetwork out = new MultiLayerNetwork(conf);
        out.init(net.params().dup(), false);
        return out;
    }
}
