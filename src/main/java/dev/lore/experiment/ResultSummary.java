package dev.lore.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of one configuration (dataset, model, method, compression, schedule) summarized over
 * their seeds: means and sample standard deviations ({@code n - 1} in the denominator; 0 for one
 * seed) of the dev and test accuracies.
 *
 * @param dataset the dataset
 * @param model the architecture
 * @param method the method
 * @param compression the target compression
 * @param schedule the schedule label (empty when the method does not train)
 * @param rank the rank (0 if not factorized)
 * @param bits bits per stored value
 * @param embeddingParameters stored embedding parameters
 * @param embeddingBytes stored embedding bytes
 * @param runs number of seeds
 * @param devMean mean dev accuracy
 * @param devStd standard deviation of dev accuracy
 * @param testMean mean test accuracy
 * @param testStd standard deviation of test accuracy
 */
public record ResultSummary(String dataset, String model, Method method, double compression, String schedule,
        int rank, int bits, long embeddingParameters, long embeddingBytes, int runs, double devMean, double devStd,
        double testMean, double testStd) {

    /**
     * Checks the identification and the number of runs.
     *
     * @param dataset not null
     * @param model not null
     * @param method not null
     * @param compression the target compression
     * @param schedule not null, possibly empty
     * @param rank the rank, 0 if not factorized
     * @param bits bits per stored value
     * @param embeddingParameters stored embedding parameters
     * @param embeddingBytes stored embedding bytes
     * @param runs {@code >= 1}
     * @param devMean mean dev accuracy
     * @param devStd standard deviation of dev accuracy
     * @param testMean mean test accuracy
     * @param testStd standard deviation of test accuracy
     * @throws IllegalArgumentException if {@code runs < 1}
     * @throws NullPointerException if {@code dataset}, {@code model}, {@code method} or {@code
     *     schedule} is null
     */
    public ResultSummary {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(schedule, "schedule");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
    }

    /**
     * One summary per configuration, sorted by dataset and model (first appearance), then method
     * ({@link Method} order), compression, and schedule (first appearance).
     *
     * @param rows the rows, not modified; rows of one configuration take their rank, bits and sizes
     *     from the first of them
     * @return a new list of summaries, empty for no rows
     */
    public static List<ResultSummary> of(List<RunResult> rows) {
        Map<List<Object>, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : rows) {
            groups.computeIfAbsent(List.of(r.dataset(), r.model(), r.method(), r.compression(), r.schedule()),
                    k -> new ArrayList<>()).add(r);
        }
        List<String> datasets = firstAppearance(rows, RunResult::dataset);
        List<String> models = firstAppearance(rows, RunResult::model);
        List<String> schedules = firstAppearance(rows, RunResult::schedule);
        List<ResultSummary> out = new ArrayList<>();
        for (List<RunResult> g : groups.values()) {
            RunResult f = g.get(0);
            double[] dev = g.stream().mapToDouble(RunResult::devAccuracy).toArray();
            double[] test = g.stream().mapToDouble(RunResult::testAccuracy).toArray();
            out.add(new ResultSummary(f.dataset(), f.model(), f.method(), f.compression(), f.schedule(), f.rank(),
                    f.bits(), f.embeddingParameters(), f.embeddingBytes(), g.size(), mean(dev), std(dev), mean(test),
                    std(test)));
        }
        out.sort(Comparator.<ResultSummary>comparingInt(s -> datasets.indexOf(s.dataset()))
                .thenComparingInt(s -> models.indexOf(s.model()))
                .thenComparing(ResultSummary::method)
                .thenComparingDouble(ResultSummary::compression)
                .thenComparingInt(s -> schedules.indexOf(s.schedule())));
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private static List<String> firstAppearance(List<RunResult> rows, java.util.function.Function<RunResult, String> key) {
        List<String> out = new ArrayList<>();
        for (RunResult r : rows) {
            String k = key.apply(r);
            if (!out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
