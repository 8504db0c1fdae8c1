package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.Provenance;
import dev.lore.io.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The thread-safety contract of {@link TextClassifier} and {@link EmbeddingLayer}: {@link #THREADS}
 * threads running inference on one shared model (or lookups on one shared layer) for a while get
 * exactly, bit for bit, what one thread gets, and inference never changes the training mode.
 */
class TextClassifierTest {

    static final int THREADS = 8;
    /** How long the threads of one case keep calling; each thread also makes at least two rounds. */
    private static final long RUN_MILLIS = 200;
    private static final int VOCAB = 400;
    private static final int DIM = 24;
    private static final int RANK = 6;
    private static final int SEQ_LEN = 14;
    private static final int CLASSES = 3;

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(THREADS + 1);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    static EmbeddingLayer embedding(String kind, SplittableRandom rng) {
        return switch (kind) {
            case "full" -> FullEmbedding.of(Batches.uniform(VOCAB, DIM, 1.0, rng));
            case "factorized" -> FactorizedEmbedding.of(Batches.uniform(VOCAB, RANK, 1.0, rng),
                    Batches.uniform(RANK, DIM, 1.0, rng));
            case "quantized" -> QuantizedEmbedding.of(
                    QuantizedMatrix.quantize(Batches.uniform(VOCAB, DIM, 1.0, rng), QuantizationConfig.perRow(4)));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static TextClassifier model(String architecture, EmbeddingLayer embedding) {
        Architecture a = architecture.equals("dan") ? new Architecture.Dan(new DanConfig(20, 12, 0.3))
                : new Architecture.Lstm(new LstmConfig(16, 0.5, 1.0));
        TextClassifier m = a.create(embedding, CLASSES, 7);
        Batches.perturbBiases(m.parameters(), new SplittableRandom(8));
        return m;
    }

    /** Batches of varied sizes and lengths, empty sequences and full-length ones included. */
    static List<TokenBatch> batches(SplittableRandom rng) {
        List<TokenBatch> out = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            int n = 1 + rng.nextInt(24);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = i % 7 == 3 ? 0 : i % 5 == 1 ? SEQ_LEN : rng.nextInt(SEQ_LEN + 1);
            }
            out.add(Batches.of(Batches.randomIds(lengths, SEQ_LEN, VOCAB, -1, rng), lengths, null));
        }
        return out;
    }

    /** Everything inference returns for one batch, compared bit for bit. */
    record Result(int[] predicted, float[] probabilities, int[] classified, float[] classifiedProbabilities) {
        static Result of(TextClassifier m, TokenBatch batch) {
            Classification c = m.classify(batch);
            return new Result(m.predict(batch), Batches.floats(m.probabilities(batch)), c.classes(),
                    Batches.floats(c.probabilities()));
        }

        void assertSame(Result other, String what) {
            assertArrayEquals(predicted, other.predicted, what + ": predict");
            assertArrayEquals(probabilities, other.probabilities, what + ": probabilities");
            assertArrayEquals(classified, other.classified, what + ": classify");
            assertArrayEquals(classifiedProbabilities, other.classifiedProbabilities, what + ": classify probabilities");
        }
    }

    @ParameterizedTest
    @CsvSource({"dan, full", "dan, factorized", "dan, quantized", "lstm, full", "lstm, factorized", "lstm, quantized"})
    void manyThreadsOnOneModelGetExactlyTheSingleThreadResults(String architecture, String kind) throws Exception {
        SplittableRandom rng = new SplittableRandom(architecture.hashCode() * 31L + kind.hashCode());
        TextClassifier model = model(architecture, embedding(kind, rng));
        List<TokenBatch> batches = batches(rng);
        // In training mode: inference must neither drop nor switch the mode, not even for a moment.
        model.setTraining(true);
        List<Result> expected = new ArrayList<>();
        for (TokenBatch b : batches) {
            expected.add(Result.of(model, b));
        }
        AtomicBoolean flipped = new AtomicBoolean();
        long calls = hammer(batches, (i, b) -> expected.get(i).assertSame(Result.of(model, b), "batch " + i),
                () -> flipped.compareAndSet(false, !model.isTraining()));
        assertFalse(flipped.get(), "inference changed the training mode");
        assertTrue(model.isTraining());
        assertTrue(calls >= 2L * THREADS * batches.size(), "calls " + calls);

        // In evaluation mode forward is inference too, and equals probabilities.
        model.setTraining(false);
        List<float[]> forward = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            forward.add(Batches.floats(model.forward(batches.get(i))));
            assertArrayEquals(expected.get(i).probabilities, forward.get(i));
        }
        hammer(batches, (i, b) -> {
            assertArrayEquals(forward.get(i), Batches.floats(model.forward(b)), "forward, batch " + i);
            assertArrayEquals(expected.get(i).predicted, model.predict(b), "predict, batch " + i);
        }, () -> flipped.compareAndSet(false, model.isTraining()));
        assertFalse(flipped.get(), "inference changed the evaluation mode");
    }

    @ParameterizedTest
    @CsvSource({"full", "factorized", "quantized"})
    void manyThreadsOnOneEmbeddingLayerGetExactlyTheSingleThreadRows(String kind) throws Exception {
        SplittableRandom rng = new SplittableRandom(kind.hashCode());
        EmbeddingLayer layer = embedding(kind, rng);
        List<TokenBatch> batches = batches(rng);
        List<float[]> sequences = new ArrayList<>();
        List<float[]> pooled = new ArrayList<>();
        for (TokenBatch b : batches) {
            sequences.add(Batches.floats(layer.forward(b)));
            pooled.add(Batches.floats(layer.meanPool(b)));
        }
        float[] table = Batches.floats(layer.toMatrix());
        long calls = hammer(batches, (i, b) -> {
            assertArrayEquals(sequences.get(i), Batches.floats(layer.forward(b)), "forward, batch " + i);
            assertArrayEquals(pooled.get(i), Batches.floats(layer.meanPool(b)), "meanPool, batch " + i);
            if (i == 0) {
                assertArrayEquals(table, Batches.floats(layer.toMatrix()), "toMatrix");
            }
        }, () -> false);
        assertTrue(calls >= 2L * THREADS * batches.size(), "calls " + calls);
    }

    /** A model built over a layer of another origin reads it through the public interface, as it did. */
    @ParameterizedTest
    @CsvSource({"dan", "lstm"})
    void layersOfOtherOriginGiveTheSameResultsAsTheLayersTheyWrap(String architecture) {
        SplittableRandom rng = new SplittableRandom(5);
        INDArray table = Batches.uniform(VOCAB, DIM, 1.0, rng);
        TextClassifier own = model(architecture, FullEmbedding.of(table));
        TextClassifier wrapped = model(architecture, new Wrapped(FullEmbedding.of(table)));
        for (TokenBatch b : batches(rng)) {
            Result.of(own, b).assertSame(Result.of(wrapped, b), architecture);
        }
    }

    /** Hides the class of a layer, so that models take their generic path. */
    private record Wrapped(EmbeddingLayer inner) implements EmbeddingLayer {
        @Override
        public int vocabularySize() {
            return inner.vocabularySize();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public INDArray forward(TokenBatch batch) {
            return inner.forward(batch);
        }

        @Override
        public void backward(TokenBatch batch, INDArray gradOutput) {
            inner.backward(batch, gradOutput);
        }

        @Override
        public INDArray meanPool(TokenBatch batch) {
            return inner.meanPool(batch);
        }

        @Override
        public void meanPoolBackward(TokenBatch batch, INDArray gradPooled) {
            inner.meanPoolBackward(batch, gradPooled);
        }

        @Override
        public INDArray toMatrix() {
            return inner.toMatrix();
        }

        @Override
        public CompressedEmbedding toStored(Vocabulary vocabulary, Provenance provenance) {
            return inner.toStored(vocabulary, provenance);
        }
    }

    /** One call of the work on batch {@code index}; throws (an assertion) on a wrong result. */
    interface Work {
        void run(int index, TokenBatch batch) throws Exception;
    }

    /** A condition polled by a watcher thread while the work runs; true records a violation. */
    interface Watch {
        boolean violated();
    }

    /**
     * Runs {@code work} on {@link #THREADS} threads at once, each going through the batches from its
     * own starting point, round after round, until {@link #RUN_MILLIS} have passed and it made two
     * rounds; a further thread polls {@code watch} meanwhile. Rethrows the first failure.
     *
     * @return the number of calls made
     */
    static long hammer(List<TokenBatch> batches, Work work, Watch watch) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<Long>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t * 5;
            workers.add(pool.submit(() -> {
                start.await();
                long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
                long calls = 0;
                for (int round = 0; round < 2 || System.nanoTime() < deadline; round++) {
                    for (int k = 0; k < batches.size(); k++) {
                        int i = (offset + k) % batches.size();
                        work.run(i, batches.get(i));
                        calls++;
                    }
                }
                return calls;
            }));
        }
        Future<?> watcher = pool.submit(() -> {
            while (!done.get()) {
                watch.violated();
                Thread.onSpinWait();
            }
            return null;
        });
        start.countDown();
        long total = 0;
        try {
            for (Future<Long> f : workers) {
                total += getOrRethrow(f);
            }
        } finally {
            done.set(true);
            watcher.get(10, TimeUnit.SECONDS);
        }
        return total;
    }

    private static long getOrRethrow(Future<Long> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (Exception) e.getCause();
        }
    }
}
