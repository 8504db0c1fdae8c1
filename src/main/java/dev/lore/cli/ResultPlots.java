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
 *
 * <p>{@link #main} draws the byte frontier instead: test accuracy against embedding bytes (log
 * scale) from {@code results.csv} files of runs at byte ratios, with peer points beside them.
 */
public final class ResultPlots {

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

    /** One row of a {@code results.csv} as the byte plots read it. */
    record Point(String dataset, String model, String method, double targetRatio, double bytes, double test) {}

    /**
     * Reads the rows of {@code results.csv} files (header {@link dev.lore.experiment.ResultsCsv#COLUMNS}).
     *
     * @param file the file
     * @return its rows
     * @throws IOException if it cannot be read or a line has the wrong number of fields (naming file:line)
     */
    static List<Point> readCsv(Path file) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        List<String> header = fields(lines.get(0));
        int ds = header.indexOf("dataset");
        int model = header.indexOf("model");
        int method = header.indexOf("method");
        int target = header.indexOf("target_ratio");
        int bytes = header.indexOf("embedding_bytes");
        int test = header.indexOf("test_accuracy");
        if (Math.min(Math.min(ds, model), Math.min(Math.min(method, target), Math.min(bytes, test))) < 0) {
            throw new IOException(file + ":1: missing one of the columns dataset, model, method, target_ratio,"
                    + " embedding_bytes, test_accuracy");
        }
        List<Point> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(i));
            if (f.size() != header.size()) {
                throw new IOException(file + ":" + (i + 1) + ": " + f.size() + " fields, expected " + header.size());
            }
            out.add(new Point(f.get(ds), f.get(model), f.get(method),
                    f.get(target).isEmpty() ? Double.NaN : Double.parseDouble(f.get(target)),
                    Double.parseDouble(f.get(bytes)), 100 * Double.parseDouble(f.get(test))));
        }
        return out;
    }

    /** The fields of a CSV line (double quotes around fields that hold commas, doubled inside). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    /**
     * The byte-frontier panels: one per dataset and model, one line per method through the mean
     * (bytes, test accuracy) of each target ratio, {@code none} as one point, and each peer label as
     * its own series.
     *
     * @param points the rows of the runs
     * @param peers extra points, e.g. fastText's, by dataset
     * @return the panels
     */
    static List<Charts.LineChart> bytesCharts(List<Point> points, List<Point> peers) {
        Map<String, Map<String, Map<Double, double[]>>> groups = new LinkedHashMap<>();
        for (Point p : points) {
            double key = p.method().equals("none") ? 0 : p.targetRatio();
            if (Double.isNaN(key)) {
                continue;
            }
            double[] acc = groups.computeIfAbsent(p.dataset() + ", " + p.model(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.method(), k -> new java.util.TreeMap<>()).computeIfAbsent(-key,
                            k -> new double[3]);
            acc[0] += p.bytes();
            acc[1] += p.test();
            acc[2]++;
        }
        List<Charts.LineChart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Map<Double, double[]>>> g : groups.entrySet()) {
            List<Charts.Series> series = new ArrayList<>();
            for (Map.Entry<String, Map<Double, double[]>> m : g.getValue().entrySet()) {
                double[] x = m.getValue().values().stream().mapToDouble(a -> a[0] / a[2]).toArray();
                double[] y = m.getValue().values().stream().mapToDouble(a -> a[1] / a[2]).toArray();
                series.add(new Charts.Series(m.getKey(), x, y));
            }
            String dataset = g.getKey().substring(0, g.getKey().indexOf(", "));
            Map<String, List<Point>> byLabel = new LinkedHashMap<>();
            for (Point p : peers) {
                if (p.dataset().equals(dataset)) {
                    byLabel.computeIfAbsent(p.method(), k -> new ArrayList<>()).add(p);
                }
            }
            for (Map.Entry<String, List<Point>> e : byLabel.entrySet()) {
                List<Point> ps = new ArrayList<>(e.getValue());
                ps.sort(java.util.Comparator.comparingDouble(Point::bytes));
                series.add(new Charts.Series(e.getKey(), ps.stream().mapToDouble(Point::bytes).toArray(),
                        ps.stream().mapToDouble(Point::test).toArray()));
            }
            charts.add(Charts.LineChart.of(g.getKey(), "bytes (log scale)", "test accuracy (%)", series)
                    .withLogX(true).withMarkers(true).withSize(900, 600));
        }
        return charts;
    }

    /**
     * Draws the byte frontier: {@code ResultPlots OUT.png [--peers PEERS.tsv] RESULTS.csv...}, one
     * panel per dataset and model. A peers file holds lines {@code dataset<TAB>label<TAB>bytes<TAB>
     * accuracy %} ({@code #} lines skipped).
     *
     * @param args the output, optionally the peers, then the results files
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ResultPlots OUT.png [--peers PEERS.tsv] RESULTS.csv...");
            System.exit(2);
        }
        Path outFile = Path.of(args[0]);
        List<Point> peers = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--peers")) {
                Path f = Path.of(args[++i]);
                List<String> lines = java.nio.file.Files.readAllLines(f);
                for (int l = 0; l < lines.size(); l++) {
                    String line = lines.get(l);
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] p = line.split("\t");
                    if (p.length != 4) {
                        throw new IOException(f + ":" + (l + 1) + ": expected 4 tab-separated fields, got " + p.length);
                    }
                    peers.add(new Point(p[0], "", p[1], Double.NaN, Double.parseDouble(p[2]), Double.parseDouble(p[3])));
                }
            } else {
                points.addAll(readCsv(Path.of(args[i])));
            }
        }
        List<Charts.LineChart> charts = bytesCharts(points, peers);
        if (charts.size() == 1) {
            Charts.writePng(charts.get(0), outFile);
        } else {
            Charts.writeGridPng(charts, 2, "Test accuracy against embedding bytes", outFile);
        }
    }
}
