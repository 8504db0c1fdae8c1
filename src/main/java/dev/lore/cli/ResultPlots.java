package dev.lore.cli;

import dev.lore.experiment.Method;
import dev.lore.experiment.ResultSummary;
import dev.lore.experiment.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy against compression: one panel per dataset and model, one line per method (and
 * fine-tuning schedule, when several are compared) through the mean test accuracy of each
 * compression, with markers; {@code none} is a horizontal line over the compressions shown.
 */
final class ResultPlots {

    private ResultPlots() {}

    /** The panels for {@code rows}, in order of first appearance. */
    static List<Charts.LineChart> charts(List<RunResult> rows) {
        Map<String, List<ResultSummary>> groups = new LinkedHashMap<>();
        for (ResultSummary s : ResultSummary.of(rows)) {
            groups.computeIfAbsent(s.dataset() + ", " + s.model(), k -> new ArrayList<>()).add(s);
        }
        List<Charts.LineChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<ResultSummary>> g : groups.entrySet()) {
            List<ResultSummary> group = g.getValue();
            boolean schedules = group.stream().map(ResultSummary::schedule).filter(s -> !s.isEmpty()).distinct().count() > 1;
            double lo = group.stream().filter(s -> s.method() != Method.NONE).mapToDouble(ResultSummary::compression)
                    .min().orElse(0);
            double hi = group.stream().filter(s -> s.method() != Method.NONE).mapToDouble(ResultSummary::compression)
                    .max().orElse(1);
            Map<String, List<ResultSummary>> lines = new LinkedHashMap<>();
            for (ResultSummary s : group) {
                String name = s.method().label() + (schedules && !s.schedule().isEmpty() ? " " + s.schedule() : "");
                lines.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
            }
            List<Charts.Series> series = new ArrayList<>();
            for (Map.Entry<String, List<ResultSummary>> line : lines.entrySet()) {
                List<ResultSummary> points = line.getValue();
                double[] x;
                double[] y;
                if (points.get(0).method() == Method.NONE) {
                    double acc = 100 * points.get(0).testMean();
                    x = lo < hi ? new double[] {lo, hi} : new double[] {lo};
                    y = lo < hi ? new double[] {acc, acc} : new double[] {acc};
                } else {
                    x = points.stream().mapToDouble(ResultSummary::compression).toArray();
                    y = points.stream().mapToDouble(s -> 100 * s.testMean()).toArray();
                }
                series.add(new Charts.Series(line.getKey(), x, y));
            }
            int n = group.stream().mapToInt(ResultSummary::runs).max().orElse(1);
            charts.add(Charts.LineChart.of(g.getKey() + " (mean of " + n + (n == 1 ? " seed)" : " seeds)"),
                    "compression p (fraction of embedding parameters removed)", "test accuracy (%)", series)
                    .withMarkers(true).withSize(900, 600));
        }
        return charts;
    }

    /** Writes the panels of {@code rows} to {@code file}: one chart, or a grid of two columns. */
    static void write(List<RunResult> rows, Path file) throws IOException {
        List<Charts.LineChart> charts = charts(rows);
        if (charts.isEmpty()) {
            return;
        }
        if (charts.size() == 1) {
            Charts.writePng(charts.get(0), file);
        } else {
            Charts.writeGridPng(charts, 2, "Test accuracy against embedding compression", file);
        }
    }
}
