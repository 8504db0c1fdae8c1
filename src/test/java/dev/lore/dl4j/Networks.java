package dev.lore.dl4j;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks, ids, masks and labels for the tests of this package, from fixed seeds. */
final class Networks {

    private Networks() {}

    /**
     * {@code embedding -> masked mean over time -> dense 6 tanh -> softmax over classes}, the shape
     * of a DAN, with the given first layer.
     */
    static MultiLayerNetwork pooled(Layer embedding, long d, int classes, IUpdater updater, DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater).dataType(type)
                .list()
                .layer(embedding)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DenseLayer.Builder().nIn(d).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Token ids {@code [batch, length]} in {@code [0, v)}, with repeats, as {@code type}. */
    static INDArray ids(int batch, int length, int v, DataType type, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(type, batch, length);
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < length; t++) {
                x.putScalar(i, t, r.nextInt(v));
            }
        }
        x.putScalar(0, 1, x.getDouble(0, 0)); // a repeated id in one sentence
        return x;
    }

    /** A mask {@code [batch, length]}: example {@code i} has {@code length - (i % length)} real positions. */
    static INDArray mask(int batch, int length, DataType type) {
        INDArray m = Nd4j.zeros(type, batch, length);
        for (int i = 0; i < batch; i++) {
            int real = length - (i % length);
            for (int t = 0; t < real; t++) {
                m.putScalar(i, t, 1.0);
            }
        }
        return m;
    }

    /** One-hot labels {@code [batch, classes]}, example {@code i} of class {@code i % classes}. */
    static INDArray labels(int batch, int classes, DataType type) {
        INDArray y = Nd4j.zeros(type, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    /** A {@code [rows, cols]} FLOAT 'c' matrix of standard normal values. */
    static INDArray gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.putScalar(i, j, r.nextGaussian());
            }
        }
        return m;
    }
}
