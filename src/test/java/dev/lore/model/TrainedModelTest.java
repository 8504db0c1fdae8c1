package dev.lore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.Readme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TrainedModel}'s inference from many threads: the committed model fixtures, shared by
 * {@link #THREADS} threads predicting for a while, give their recorded labels and exactly the
 * single-thread probabilities, and the network's mode is never touched.
 */
class TrainedModelTest {

    static final int THREADS = 8;
    private static final long RUN_MILLIS = 250;
    private static final Path FIXTURES = Path.of("src/test/resources/dev/lore/model");

    @ParameterizedTest
    @CsvSource({"v1-dan-factorized, true", "v1-dan-factorized, false", "v1-lstm, true", "v1-lstm, false"})
    void manyThreadsOnOneModelGetTheRecordedLabelsAndTheSingleThreadProbabilities(String name, boolean training)
            throws Exception {
        TrainedModel m = ModelFile.read(FIXTURES.resolve(name + ".lorem"));
        List<String> texts = Files.readAllLines(FIXTURES.resolve("v1-texts.txt"));
        List<String> labels = Files.readAllLines(FIXTURES.resolve(name + ".labels"));
        m.network().setTraining(training);
        List<double[]> probabilities = new ArrayList<>();
        for (String t : texts) {
            probabilities.add(m.probabilities(t));
        }
        // One pass over all texts; the LSTM's probabilities may differ from those of one text alone in
        // the last bits (another batch), so each is compared with its own kind of call.
        List<Prediction> sequential = m.classify(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(labels.get(i), sequential.get(i).label(), texts.get(i));
        }
        AtomicBoolean modeChanged = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * 13;
                workers.add(pool.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
                    int rounds = 0;
                    while (rounds < 2 || System.nanoTime() < deadline) {
                        assertEquals(labels, m.predict(texts));
                        List<Prediction> p = m.classify(texts);
                        for (int k = 0; k < 10; k++) {
                            int i = (offset + rounds * 10 + k) % texts.size();
                            assertEquals(labels.get(i), p.get(i).label());
                            assertArrayEquals(sequential.get(i).probabilities(), p.get(i).probabilities(), texts.get(i));
                            assertArrayEquals(probabilities.get(i), m.probabilities(texts.get(i)), texts.get(i));
                            assertEquals(labels.get(i), m.predict(texts.get(i)));
                        }
                        rounds++;
                    }
                    return rounds;
                }));
            }
            Future<?> watcher = pool.submit(() -> {
                while (!done.get()) {
                    if (m.network().isTraining() != training) {
                        modeChanged.set(true);
                    }
                    Thread.onSpinWait();
                }
                return null;
            });
            start.countDown();
            try {
                for (Future<Integer> f : workers) {
                    assertTrue(get(f) >= 2);
                }
            } finally {
                done.set(true);
                watcher.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertFalse(modeChanged.get(), "inference changed the network's mode");
        assertEquals(training, m.network().isTraining());
    }

    @Test
    void readmeServingCodeIsTheCodeTestedHere() throws Exception {
        Readme.assertCodeIn("## Serving", Path.of("src/test/java/dev/lore/model/TrainedModelTest.java"), 6);
    }

    /** README.md's section "Serving a model from many threads", on the DAN fixture. */
    @Test
    void servingExampleOfTheReadme(@TempDir Path dir) throws Exception {
        Files.copy(FIXTURES.resolve("v1-dan-factorized.lorem"), dir.resolve("sentiment-dan-90.lorem"));
        List<String> reviews = new ArrayList<>(Files.readAllLines(FIXTURES.resolve("v1-texts.txt")));
        reviews.addAll(Files.readAllLines(FIXTURES.resolve("v1-texts.txt")));
        TrainedModel model = ModelFile.read(dir.resolve("sentiment-dan-90.lorem"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> labels = new ArrayList<>();
        for (List<String> batch : List.of(reviews.subList(0, 100), reviews.subList(100, 200))) {
            labels.add(pool.submit(() -> model.predict(batch)));   // one shared model, no lock
        }
        Prediction p = model.classify(List.of("The food was wonderful.")).get(0);  // label and probabilities

        List<String> recorded = Files.readAllLines(FIXTURES.resolve("v1-dan-factorized.labels"));
        assertEquals(recorded, labels.get(0).get());
        assertEquals(recorded, labels.get(1).get());
        pool.shutdown();
        assertEquals(model.predict("The food was wonderful."), p.label());
        assertArrayEquals(model.probabilities("The food was wonderful."), p.probabilities());
        assertEquals(1.0, p.probabilities()[0] + p.probabilities()[1], 1e-6);
    }

    private static int get(Future<Integer> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (Exception) e.getCause();
        }
    }
}
