package dev.lore.experiment;

import dev.lore.AtomicFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment results as Markdown: one table per dataset and model, one line per method,
 * compression (and schedule), with mean ± standard deviation over seeds of dev and test accuracy
 * in percent (the mean alone for a single seed), and the test accuracy's difference from the uncompressed model ({@code none}) in
 * points.
 */
public final class ResultsMarkdown {

    private ResultsMarkdown() {}

    /**
     * The Markdown document of some rows.
     *
     * @param rows the rows, summarized over seeds by {@link ResultSummary#of}
     * @return a {@code # Results} heading and the tables; for an empty list, a line saying that no
     *     run has finished
     */
    public static String format(List<RunResult> rows) {
        StringBuilder sb = new StringBuilder("# Results\n\n");
        if (rows.isEmpty()) {
            return sb.append("No run has finished yet.\n").toString();
        }
        sb.append("Accuracies in percent, mean ± sample standard deviation over seeds (n = number of seeds;"
                + " the mean alone when n = 1);"
                + " Δ = mean test accuracy minus that of `none` (same schedule when there is one), in points."
                + " Models are selected on dev; test is measured once per final model.\n");
        Map<String, List<ResultSummary>> groups = new LinkedHashMap<>();
        for (ResultSummary s : ResultSummary.of(rows)) {
            groups.computeIfAbsent(s.dataset() + ", " + s.model(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<ResultSummary>> g : groups.entrySet()) {
            table(sb, g.getKey(), g.getValue());
        }
        return sb.toString();
    }

    /**
     * Writes {@link #format} to {@code file} atomically.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param rows the rows, in the order {@link #format} takes them
     * @throws java.io.IOException if writing fails (the target is then unchanged)
     */
    public static void write(java.nio.file.Path file, List<RunResult> rows) throws java.io.IOException {
        AtomicFiles.write(file, format(rows));
    }

    private static void table(StringBuilder sb, String title, List<ResultSummary> group) {
        boolean schedules = group.stream().map(ResultSummary::schedule).filter(s -> !s.isEmpty()).distinct().count() > 1;
        sb.append("\n## ").append(title).append("\n\n");
        sb.append("| method | p |").append(schedules ? " schedule |" : "")
                .append(" stored as | embedding params | embedding bytes | n | dev accuracy | test accuracy | Δ test |\n");
        sb.append("|---|---:|").append(schedules ? "---|" : "").append("---|---:|---:|---:|---:|---:|---:|\n");
        for (ResultSummary s : group) {
            ResultSummary none = reference(group, s.schedule());
            String delta = none == null || s.method() == Method.NONE ? ""
                    : String.format(Locale.ROOT, "%+.2f", 100 * (s.testMean() - none.testMean()));
            sb.append("| ").append(s.method().label())
                    .append(" | ").append(RunLabels.compression(s.method(), s.compression()))
                    .append(schedules ? " | " + s.schedule() : "")
                    .append(" | ").append(RunLabels.storedAs(s.rank(), s.bits()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", s.embeddingParameters()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", s.embeddingBytes()))
                    .append(" | ").append(s.runs())
                    .append(" | ").append(pct(s.devMean(), s.devStd(), s.runs()))
                    .append(" | ").append(pct(s.testMean(), s.testStd(), s.runs()))
                    .append(" | ").append(delta).append(" |\n");
        }
    }

    private static ResultSummary reference(List<ResultSummary> group, String schedule) {
        ResultSummary first = null;
        for (ResultSummary s : group) {
            if (s.method() == Method.NONE) {
                if (s.schedule().equals(schedule)) {
                    return s;
                }
                first = first == null ? s : first;
            }
        }
        return first;
    }

    /** Mean ± deviation in percent; the mean alone for one seed, which has no deviation. */
    private static String pct(double mean, double std, int runs) {
        return runs == 1 ? String.format(Locale.ROOT, "%.2f", 100 * mean)
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }
}
