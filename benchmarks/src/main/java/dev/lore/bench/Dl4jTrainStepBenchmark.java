package dev.lore.bench;

import dev.lore.dl4j.LoreDl4j;
import dev.lore.dl4j.ProductQuantizedEmbeddingSequenceLayer;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.ProductQuantizer;
import dev.lore.linalg.RankRule;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.AdamOptimizer;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.DeepAveragingNetwork;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.Optimizer;
import dev.lore.nn.ProductQuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.LearningRateSchedules;
import dev.lore.schedule.Nd4jSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Milliseconds per training iteration (batch 50: forward, backward, Adam step) of the DAN built
 * from DeepLearning4J's layers ({@link Dl4jDan}: {@code EmbeddingSequenceLayer}, masked average
 * pooling, dense 30 and 25 ReLU, softmax) against lore's own {@code DeepAveragingNetwork}, full
 * factorized (rank 9: DL4J's through {@link LoreDl4j#compressOnline}, lore's
 * {@code FactorizedEmbedding}) and product-quantized (the table at M = 10 sub-spaces of 8 bits,
 * codebooks trainable: DL4J's {@code ProductQuantizedEmbeddingSequenceLayer}, lore's
 * {@code ProductQuantizedEmbedding}), in one JVM, interleaved round by round (lore full, DL4J
 * full, lore factorized, DL4J factorized, lore pq, DL4J pq, then the next round), printed as JSON
 * lines.
 *
 * <p>Setting (that of {@link TrainStepBenchmark}): V = 13,484, d = 100, batch 50, padded length
 * 40, real lengths uniform in [5, 40], random ids and labels, C = 2; the same 40 batches on both
 * sides (DL4J's as ids, a features mask and one-hot labels); Adam with epsilon 0.01 and a rate that
 * changes every step ({@code triangular(lb=0.001,ub=0.002,step=50)}, through {@link Nd4jSchedule}
 * for DL4J). Each round times {@code --iterations} steps per variant after {@code --warmup} (the
 * first round warms up four times as long); a {@code dl4j_round} line gives each variant's median,
 * the {@code summary} lines the median over rounds and the median of the per-round ratios
 * DL4J / lore.
 * <pre>
 * OMP_NUM_THREADS=1 java -cp benchmarks/target/lore-benchmarks.jar dev.lore.bench.Dl4jTrainStepBenchmark
 * </pre>
 * Options: {@code --rounds R} (default 5), {@code --iterations N} (default 200), {@code --warmup W}
 * (default 100).
 */
public final class Dl4jTrainStepBenchmark {

    private static final int VOCAB = TrainStepBenchmark.VOCAB;
    private static final int DIM = TrainStepBenchmark.DIM;
    private static final int BATCH = TrainStepBenchmark.BATCH;
    private static final int SEQ_LEN = 40;
    private static final int CLASSES = TrainStepBenchmark.CLASSES;
    private static final int RANK = TrainStepBenchmark.RANK;
    private static final int BATCHES = 40;
    private static final int PQ_SUBSPACES = 10;
    private static final String RATE = "triangular(lb=0.001,ub=0.002,step=50)";

    private Dl4jTrainStepBenchmark() {}

    /** One variant: a step on batch {@code b} returning the loss. */
    private interface Step {
        double run(int b);
    }

    public static void main(String[] args) {
        int rounds = 5;
        int iterations = 200;
        int warmup = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("{\"kind\":\"env\",\"harness\":\"Dl4jTrainStepBenchmark\",\"java\":\""
                + System.getProperty("java.version") + "\",\"OMP_NUM_THREADS\":\"" + System.getenv("OMP_NUM_THREADS")
                + "\",\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"V\":" + VOCAB + ",\"d\":" + DIM
                + ",\"batch\":" + BATCH + ",\"seqLen\":" + SEQ_LEN + ",\"classes\":" + CLASSES + ",\"rank\":" + RANK
                + ",\"rate\":\"" + RATE + "\",\"loadavg\":"
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "}");

        SplittableRandom rng = new SplittableRandom(2019);
        List<TokenBatch> batches = new ArrayList<>();
        List<DataSet> dataSets = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            TokenBatch batch = TrainStepBenchmark.randomBatch(rng);
            batches.add(batch);
            dataSets.add(dataSet(batch));
        }
        INDArray table = TrainStepBenchmark.uniform(VOCAB, DIM, 0.5, rng);
        LearningRateSchedule rate = LearningRateSchedules.parse(RATE);
        Adam adam = Adam.builder().learningRateSchedule(Nd4jSchedule.of(rate)).beta1(0.9).beta2(0.999)
                .epsilon(AdamConfig.PAPER_EPSILON).build();

        TextClassifier loreFull = new Architecture.Dan(DanConfig.DEFAULT).create(FullEmbedding.of(table), CLASSES, 1);
        MultiLayerNetwork dl4jFull = Dl4jDan.create(table, SEQ_LEN, CLASSES, adam, 1);
        MultiLayerNetwork dl4jFactorized = LoreDl4j.compressOnline(dl4jFull, 0, RankRule.rank(RANK));
        TextClassifier loreFactorized = new Architecture.Dan(DanConfig.DEFAULT).create(FactorizedEmbedding.of(
                dl4jFactorized.getLayer(0).getParam("A"), dl4jFactorized.getLayer(0).getParam("B")), CLASSES, 1);
        Map<String, Step> variants = new LinkedHashMap<>();
        variants.put("lore-full", lore(loreFull, rate, batches));
        variants.put("dl4j-full", b -> dl4j(dl4jFull, dataSets.get(b)));
        variants.put("lore-factorized", lore(loreFactorized, rate, batches));
        variants.put("dl4j-factorized", b -> dl4j(dl4jFactorized, dataSets.get(b)));
        // Product quantization of the same table, M = 10 sub-spaces of 8 bits (few k-means iterations:
        // the codes' quality does not change the time of a step).
        ProductQuantizedMatrix pq = ProductQuantizer.quantize(table, ProductQuantizationConfig.of(PQ_SUBSPACES, 8)
                .withIterations(3, 1e-4));
        int[] widths = new int[PQ_SUBSPACES];
        Arrays.fill(widths, DIM / PQ_SUBSPACES);
        TextClassifier lorePq = new Architecture.Dan(DanConfig.DEFAULT).create(ProductQuantizedEmbedding.of(widths,
                pq.centroids(), pq.codes(), pq.codebooks(), null), CLASSES, 1);
        MultiLayerNetwork dl4jPq = withEmbedding(dl4jFull, new ProductQuantizedEmbeddingSequenceLayer.Builder()
                .codes(pq).inputLength(SEQ_LEN).build());
        LoreDl4j.setEmbedding(dl4jPq, 0, pq, null);
        variants.put("lore-pq", lore(lorePq, rate, batches));
        variants.put("dl4j-pq", b -> dl4j(dl4jPq, dataSets.get(b)));

        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String v : variants.keySet()) {
            medians.put(v, new double[rounds]);
        }
        int[] cursor = new int[1];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("{\"kind\":\"dl4j_round\",\"inner_round\":" + r);
            for (Map.Entry<String, Step> e : variants.entrySet()) {
                double[] ms = new double[iterations];
                double loss = 0;
                int w = r == 0 ? 4 * warmup : warmup;
                for (int it = 0; it < w + iterations; it++) {
                    int b = cursor[0]++ % BATCHES;
                    long t0 = System.nanoTime();
                    double l = e.getValue().run(b);
                    long t1 = System.nanoTime();
                    if (it >= w) {
                        ms[it - w] = (t1 - t0) / 1e6;
                        loss += l;
                    }
                }
                medians.get(e.getKey())[r] = median(ms);
                line.append(String.format(Locale.ROOT, ",\"%s_ms\":%.4f,\"%s_loss\":%.4f", e.getKey(), median(ms),
                        e.getKey(), loss / iterations));
            }
            System.out.println(line.append('}'));
        }
        for (String v : variants.keySet()) {
            System.out.printf(Locale.ROOT, "{\"kind\":\"summary\",\"variant\":\"%s\",\"ms_median\":%.4f,\"ms_min_round\":%.4f}%n",
                    v, median(medians.get(v)), Arrays.stream(medians.get(v)).min().orElse(Double.NaN));
        }
        for (String kind : List.of("full", "factorized", "pq")) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = medians.get("dl4j-" + kind)[r] / medians.get("lore-" + kind)[r];
            }
            System.out.printf(Locale.ROOT, "{\"kind\":\"summary\",\"ratio\":\"dl4j/lore %s\",\"median\":%.3f,\"min\":%.3f,\"max\":%.3f}%n",
                    kind, median(ratio), Arrays.stream(ratio).min().orElse(Double.NaN),
                    Arrays.stream(ratio).max().orElse(Double.NaN));
        }
    }

    /** A copy of {@code net} whose layer 0 is {@code embedding} (parameters to be loaded), the other layers' parameters copied. */
    private static MultiLayerNetwork withEmbedding(MultiLayerNetwork net, Layer embedding) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        org.deeplearning4j.nn.conf.layers.BaseLayer old =
                (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer();
        org.deeplearning4j.nn.conf.layers.BaseLayer added = (org.deeplearning4j.nn.conf.layers.BaseLayer) embedding;
        added.setIUpdater(old.getIUpdater().clone()); // what the network's builder gave the layer it replaces
        added.setWeightInitFn(old.getWeightInitFn());
        conf.getConf(0).setLayer(embedding);
        conf.getConf(0).clearVariables();
        MultiLayerNetwork out = new MultiLayerNetwork(conf);
        out.init();
        for (int i = 1; i < net.getnLayers(); i++) {
            if (net.getLayer(i).numParams() > 0) {
                out.getLayer(i).params().assign(net.getLayer(i).params());
            }
        }
        return out;
    }

    private static Step lore(TextClassifier model, LearningRateSchedule rate, List<TokenBatch> batches) {
        model.setTraining(true);
        Optimizer optimizer = AdamOptimizer.create(model.parameters(), AdamConfig.PAPER, rate);
        return b -> {
            double loss = model.computeGradients(batches.get(b));
            optimizer.step();
            return loss;
        };
    }

    private static double dl4j(MultiLayerNetwork net, DataSet ds) {
        net.fit(ds);
        return net.score();
    }

    /** The batch as DL4J data: ids FLOAT [batch, T], mask [batch, T], one-hot labels [batch, C]. */
    private static DataSet dataSet(TokenBatch batch) {
        int n = batch.size();
        int t = batch.seqLen();
        float[] ids = new float[n * t];
        float[] mask = new float[n * t];
        float[] labels = new float[n * CLASSES];
        int[] raw = batch.ids().data().asInt();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < t; p++) {
                ids[i * t + p] = raw[i * t + p];
                mask[i * t + p] = p < batch.lengths()[i] ? 1f : 0f;
            }
            labels[i * CLASSES + batch.labels()[i]] = 1f;
        }
        return new DataSet(Nd4j.create(ids, new long[] {n, t}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {n, CLASSES}, DataType.FLOAT),
                Nd4j.create(mask, new long[] {n, t}, DataType.FLOAT), null);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
