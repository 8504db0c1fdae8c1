package dev.lore.bench;

import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the cost of classifying one batch of 50 sentences (5 to 40 tokens) with the DAN over a
 * full, a rank-9 factorized and an 8-bit per-row quantized embedding of the SST-2 vocabulary size
 * (13,484 x 100), the shapes of {@link TrainStepBenchmark}. Divide the score by 50 for the cost
 * per sentence. Run with
 * {@code java -jar benchmarks/target/lore-benchmarks.jar InferenceJmh} (the jar's main is JMH's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.log.org.nd4j=error"})
public class InferenceJmh {

    @Param({"full", "factorized", "quantized8"})
    public String embedding;

    private TextClassifier model;
    private TokenBatch batch;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(2019);
        batch = TrainStepBenchmark.randomBatch(rng);
        int v = TrainStepBenchmark.VOCAB;
        int d = TrainStepBenchmark.DIM;
        INDArray table = TrainStepBenchmark.uniform(v, d, 0.5, rng);
        EmbeddingLayer layer = switch (embedding) {
            case "full" -> FullEmbedding.of(table);
            case "factorized" -> FactorizedEmbedding.of(TrainStepBenchmark.uniform(v, TrainStepBenchmark.RANK, 0.5, rng),
                    TrainStepBenchmark.uniform(TrainStepBenchmark.RANK, d, 0.5, rng));
            case "quantized8" -> QuantizedEmbedding.of(QuantizedMatrix.quantize(table, QuantizationConfig.perRow(8)));
            default -> throw new IllegalArgumentException("embedding: " + embedding);
        };
        model = new Architecture.Dan(DanConfig.DEFAULT).create(layer, TrainStepBenchmark.CLASSES, 1);
        model.setTraining(false);
    }

    /** Predicted classes of the batch (returned so that the work cannot be eliminated). */
    @Benchmark
    public int[] predictBatch() {
        return model.predict(batch);
    }
}
