package dev.lore.bench;

import dev.lore.nn.AdamConfig;
import dev.lore.nn.AdamOptimizer;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Nd4jOptimizer;
import dev.lore.nn.Optimizer;
import dev.lore.nn.Parameter;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import dev.lore.schedule.ConstantRate;
import dev.lore.schedule.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Milliseconds per training iteration (forward, backward, Adam step) of the DAN and the LSTM on
 * SST-2-sized inputs, and the inference cost per sentence, printed as JSON lines.
 *
 * <p>Setting (the PyTorch peer's): V = 13,484, d = 100, batch 50, padded length 40, real lengths
 * uniform in [5, 40], random ids and labels, C = 2; factorized rank 9 (90% compression); Adam
 * with epsilon 0.01. Medians after warm-up. Run with {@code OMP_NUM_THREADS=1} and {@code 2}:
 * <pre>
 * mvn -q install -DskipTests &amp;&amp; mvn -q -f benchmarks/pom.xml package
 * OMP_NUM_THREADS=1 java -cp benchmarks/target/lore-benchmarks.jar dev.lore.bench.TrainStepBenchmark
 * </pre>
 * Options: {@code --scale F} multiplies all iteration counts (default 1); {@code --only
 * G[,G...]} runs the groups named (dan, lstm, adam, inference; default all).
 */
public final class TrainStepBenchmark {

    static final int VOCAB = 13_484;
    static final int DIM = 100;
    static final int BATCH = 50;
    private static final int SEQ_LEN = 40;
    private static final int MIN_LEN = 5;
    static final int CLASSES = 2;
    static final int RANK = 9;
    private static final int BATCHES = 40;
    /** 150 units, forget bias 1, no dropout: the PyTorch peer's LSTM has none. */
    private static final LstmConfig LSTM = new LstmConfig(150, 0.0, 1.0);

    /** A rate that changes every step, so no per-step constant can be hoisted. */
    private static final LearningRateSchedule CHANGING_RATE = (it, epoch) -> 1e-3 * (1 + (it % 100) / 100.0);

    private TrainStepBenchmark() {
    }

    public static void main(String[] args) {
        double scale = 1.0;
        Set<String> only = Set.of("adam", "dan", "lstm", "inference");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        emit("{\"kind\":\"env\",\"harness\":\"TrainStepBenchmark\",\"java\":\"" + System.getProperty("java.version")
                + "\",\"OMP_NUM_THREADS\":\"" + System.getenv("OMP_NUM_THREADS") + "\",\"cores\":"
                + Runtime.getRuntime().availableProcessors() + ",\"V\":" + VOCAB + ",\"d\":" + DIM
                + ",\"batch\":" + BATCH + ",\"seqLen\":" + SEQ_LEN + ",\"lengths\":\"uniform " + MIN_LEN + ".."
                + SEQ_LEN + "\",\"classes\":" + CLASSES + ",\"rank\":" + RANK + ",\"loadavg\":"
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "}");
        SplittableRandom rng = new SplittableRandom(2019);
        List<TokenBatch> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            batches.add(randomBatch(rng));
        }
        INDArray table = uniform(VOCAB, DIM, 0.5, rng);
        INDArray a = uniform(VOCAB, RANK, 0.5, rng);
        INDArray bFactor = uniform(RANK, DIM, 0.5, rng);
        Function<String, EmbeddingLayer> embedding = kind -> switch (kind) {
            case "full" -> FullEmbedding.of(table);
            case "factorized" -> FactorizedEmbedding.of(a, bFactor);
            case "quantized8" -> QuantizedEmbedding.of(QuantizedMatrix.quantize(table, QuantizationConfig.perRow(8)));
            default -> throw new IllegalArgumentException(kind);
        };
        if (only.contains("adam")) {
            adam(table, (int) (300 * scale));
        }
        if (only.contains("dan")) {
            for (String kind : List.of("full", "factorized")) {
                TextClassifier dan = new Architecture.Dan(DanConfig.DEFAULT).create(embedding.apply(kind), CLASSES, 1);
                train("dan", kind, "java-adam", dan, javaAdam(dan), batches, (int) (300 * scale), (int) (500 * scale));
            }
            TextClassifier dan = new Architecture.Dan(DanConfig.DEFAULT).create(embedding.apply("full"), CLASSES, 1);
            train("dan", "full", "nd4j-adam", dan, nd4jAdam(dan), batches, (int) (50 * scale), (int) (100 * scale));
        }
        if (only.contains("lstm")) {
            for (String kind : List.of("full", "factorized")) {
                TextClassifier lstm = new Architecture.Lstm(LSTM).create(embedding.apply(kind), CLASSES, 1);
                train("lstm", kind, "java-adam", lstm, javaAdam(lstm), batches, (int) (10 * scale), (int) (40 * scale));
            }
        }
        if (only.contains("inference")) {
            for (String kind : List.of("full", "factorized", "quantized8")) {
                EmbeddingLayer e = embedding.apply(kind);
                infer("dan", kind, new Architecture.Dan(DanConfig.DEFAULT).create(e, CLASSES, 1), batches,
                        (int) (200 * scale), (int) (400 * scale));
                infer("lstm", kind, new Architecture.Lstm(LSTM).create(e, CLASSES, 1), batches,
                        (int) (10 * scale), (int) (40 * scale));
            }
        }
    }

    private static Optimizer javaAdam(TextClassifier model) {
        return AdamOptimizer.create(model.parameters(), AdamConfig.PAPER, CHANGING_RATE);
    }

    private static Optimizer nd4jAdam(TextClassifier model) {
        return Nd4jOptimizer.create(model.parameters(), AdamConfig.PAPER.toNd4j(1e-3),
                CHANGING_RATE);
    }

    private static void train(String model, String embedding, String optimizerName, TextClassifier m,
            Optimizer optimizer, List<TokenBatch> batches, int warmup, int iterations) {
        m.setTraining(true);
        double[] ms = new double[iterations];
        double lossSum = 0;
        for (int it = 0; it < warmup + iterations; it++) {
            TokenBatch batch = batches.get(it % batches.size());
            long t0 = System.nanoTime();
            double loss = m.computeGradients(batch);
            optimizer.step();
            long t1 = System.nanoTime();
            if (it >= warmup) {
                ms[it - warmup] = (t1 - t0) / 1e6;
                lossSum += loss;
            }
        }
        long params = m.parameters().stream().mapToLong(Parameter::length).sum();
        emit(String.format(Locale.ROOT, "{\"kind\":\"train_step\",\"model\":\"%s\",\"embedding\":\"%s\",\"optimizer\":\"%s\","
                + "\"params\":%d,\"iterations\":%d,%s,\"mean_loss\":%.5f}", model, embedding, optimizerName, params,
                iterations, stats(ms), lossSum / iterations));
    }

    private static void infer(String model, String embedding, TextClassifier m, List<TokenBatch> batches,
            int warmup, int iterations) {
        m.setTraining(false);
        double[] us = new double[iterations];
        long checksum = 0;
        for (int it = 0; it < warmup + iterations; it++) {
            TokenBatch batch = batches.get(it % batches.size());
            long t0 = System.nanoTime();
            int[] predicted = m.predict(batch);
            long t1 = System.nanoTime();
            checksum += predicted[0];
            if (it >= warmup) {
                us[it - warmup] = (t1 - t0) / 1e3 / BATCH;
            }
        }
        emit(String.format(Locale.ROOT, "{\"kind\":\"inference\",\"model\":\"%s\",\"embedding\":\"%s\",\"batch\":%d,"
                + "\"iterations\":%d,\"us_per_sentence_median\":%.3f,\"us_per_sentence_min\":%.3f,\"checksum\":%d}",
                model, embedding, BATCH, iterations, median(us), min(us), checksum));
    }

    /** Adam on one 13,484 x 100 table: ND4J's updater against the Java loop. */
    private static void adam(INDArray table, int iterations) {
        long n = table.length();
        INDArray gradient = uniform(VOCAB, DIM, 1.0, new SplittableRandom(5));
        Adam cfg = AdamConfig.PAPER.toNd4j(1e-3);
        GradientUpdater updater = cfg.instantiate(Nd4j.zeros(DataType.FLOAT, 1, cfg.stateSize(n)), true);
        INDArray value = table.dup();
        INDArray update = gradient.dup();
        double[] ms = new double[iterations];
        for (int it = 0; it < 2 * iterations; it++) {
            long t0 = System.nanoTime();
            update.assign(gradient);
            updater.applyUpdater(update, it, 0);
            value.subi(update);
            long t1 = System.nanoTime();
            if (it >= iterations) {
                ms[it - iterations] = (t1 - t0) / 1e6;
            }
        }
        emit(String.format(Locale.ROOT, "{\"kind\":\"adam\",\"implementation\":\"nd4j AdamUpdater + subi\",\"elements\":%d,%s}",
                n, stats(ms)));
        FullEmbedding e = FullEmbedding.of(table);
        e.backward(randomBatch(new SplittableRandom(6)), Nd4j.ones(DataType.FLOAT, BATCH, SEQ_LEN, DIM));
        Optimizer opt = AdamOptimizer.create(e.parameters(), AdamConfig.PAPER, new ConstantRate(1e-3));
        for (int it = 0; it < 2 * iterations; it++) {
            long t0 = System.nanoTime();
            opt.step();
            long t1 = System.nanoTime();
            if (it >= iterations) {
                ms[it - iterations] = (t1 - t0) / 1e6;
            }
        }
        emit(String.format(Locale.ROOT, "{\"kind\":\"adam\",\"implementation\":\"lore AdamOptimizer (Java loop)\",\"elements\":%d,%s}",
                n, stats(ms)));
    }

    static TokenBatch randomBatch(SplittableRandom rng) {
        int[] ids = new int[BATCH * SEQ_LEN];
        int[] lengths = new int[BATCH];
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            lengths[i] = MIN_LEN + rng.nextInt(SEQ_LEN - MIN_LEN + 1);
            labels[i] = rng.nextInt(CLASSES);
            for (int t = 0; t < lengths[i]; t++) {
                ids[i * SEQ_LEN + t] = rng.nextInt(VOCAB);
            }
        }
        INDArray idArray = Nd4j.createFromArray(ids).reshape('c', BATCH, SEQ_LEN).castTo(DataType.INT);
        return new TokenBatch(idArray, lengths, labels);
    }

    static INDArray uniform(int rows, int cols, double scale, SplittableRandom rng) {
        float[] v = new float[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "\"ms_median\":%.4f,\"ms_p10\":%.4f,\"ms_p90\":%.4f,\"ms_min\":%.4f",
                median(ms), s[s.length / 10], s[(s.length * 9) / 10], s[0]);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static void emit(String json) {
        System.out.println(json);
    }
}
