package dev.lore.cli;

import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.LearningRateSchedules;
import java.awt.Color;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lore schedule}: prints or plots learning-rate schedules given in their text form.
 *
 * <p>Without {@code --plot}, prints one line per iteration: {@code iteration epoch lr} separated
 * by single spaces (one {@code lr} column per schedule, in the order given), counters from 0,
 * {@code epoch = iteration / iterationsPerEpoch}, rates printed with {@link Double#toString}
 * (full precision, reads back exactly). No header. With {@code --plot FILE.png}, writes the
 * chart (x: epoch, y: learning rate, log scale unless {@code --linear}) and prints one summary
 * line: one plot with every schedule, or with {@code --panels} one panel per schedule drawn over
 * the first schedule in grey, all panels on the same y range. {@code --compare} plots the fixed
 * comparison set of {@link #comparisonSet} in panels instead of schedules from the command line.
 *
 * <p>Bounds, checked before anything is computed: {@code --iterations} at most
 * {@value #MAX_ITERATIONS}, and at most {@value #MAX_POINTS} points ({@code --iterations / --every},
 * rounded up), printed or plotted.
 *
 * <p>Exit codes: 0 success, 1 the plot could not be written, 2 bad arguments (the message names
 * the option or schedule parameter and its value).
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = {
            "Print or plot learning-rate schedules.",
            "Schedules: calr, constant, step, exp, triangular, triangular2, exp_range, sgdr, onecycle;"
                    + " e.g. \"calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)\". See docs/schedules.md."
        })
final class ScheduleCommand implements Callable<Integer> {

    /** Largest {@code --iterations}. */
    static final long MAX_ITERATIONS = 1_000_000_000L;
    /** Most points printed or plotted ({@code --iterations / --every}, rounded up). */
    static final long MAX_POINTS = 1_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SCHEDULE", arity = "0..*",
            description = "Schedule in text form; several give one column (or curve) each.")
    List<String> schedules = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000",
            description = "Iterations to evaluate, from 0 (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--iterations-per-epoch", paramLabel = "K", defaultValue = "1000",
            description = "Iterations per epoch: epoch = iteration / K (default: ${DEFAULT-VALUE}).")
    long iterationsPerEpoch;

    @Option(names = "--every", paramLabel = "N", defaultValue = "1",
            description = "Print (or plot) every N-th iteration only (default: ${DEFAULT-VALUE}).")
    long every;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Write a PNG chart instead of printing values; prints one summary line.")
    Path plot;

    @Option(names = "--linear", description = "Linear y axis in the plot (default: logarithmic).")
    boolean linear;

    @Option(names = "--panels",
            description = "Plot one panel per schedule, each over the first schedule in grey,"
                    + " instead of one overlaid plot.")
    boolean panels;

    @Option(names = "--compare",
            description = "Use the comparison set: CALR with step = K/2 against constant, step decay,"
                    + " triangular, triangular2, exp_range, SGDR and one-cycle (see docs/schedules.md);"
                    + " implies --panels.")
    boolean compare;

    /** Panel size and layout of {@code --panels}. */
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 340;
    static final int PANEL_COLUMNS = 2;
    private static final Color REFERENCE = new Color(0xB0B0B0);

    @Override
    public Integer call() throws IOException {
        positive("--iterations", iterations);
        positive("--iterations-per-epoch", iterationsPerEpoch);
        positive("--every", every);
        if (iterations > MAX_ITERATIONS) {
            throw usage("--iterations must be at most " + MAX_ITERATIONS + ", got " + iterations);
        }
        long points = (iterations + every - 1) / every;
        if (points > MAX_POINTS) {
            throw usage("--iterations / --every must be at most " + MAX_POINTS + " points, got " + iterations
                    + " / " + every + " = " + points + " (raise --every)");
        }
        CliFiles.checkNotAnInput(spec.commandLine(), "--plot", plot, CliFiles.inputs());
        List<LearningRateSchedule> parsed = schedules();
        if (plot != null) {
            CliFiles.checkOutputFile("--plot", plot);
        }
        if (plot == null) {
            print(parsed);
        } else {
            plot(parsed);
        }
        return 0;
    }

    private List<LearningRateSchedule> schedules() {
        if (compare && !schedules.isEmpty()) {
            throw usage("--compare takes no SCHEDULE arguments, got " + schedules.size());
        }
        if (compare) {
            try {
                return comparisonSet(iterationsPerEpoch, iterations);
            } catch (IllegalArgumentException e) {
                throw usage("--compare with --iterations " + iterations + ": " + e.getMessage());
            }
        }
        if (schedules.isEmpty()) {
            throw usage("give at least one SCHEDULE, e.g. \"calr(step=500)\", or --compare");
        }
        List<LearningRateSchedule> result = new ArrayList<>();
        for (String text : schedules) {
            try {
                result.add(LearningRateSchedules.parse(text));
            } catch (IllegalArgumentException e) {
                throw usage("invalid SCHEDULE '" + text + "': " + e.getMessage());
            }
        }
        return result;
    }

    /**
     * The schedules of {@code docs/schedules.png}, all peaking at 1e-3: CALR with the paper's
     * fine-tuning bounds and a half-epoch step; constant 1e-3; step decay by 0.1 every 3 epochs;
     * triangular, triangular2 and exp_range (gamma 0.998) between 1e-6 and 1e-3 with the same
     * step as CALR; SGDR with a first period of one epoch doubling at each restart, down to 1e-6;
     * one-cycle over the whole run with PyTorch's defaults.
     *
     * @throws IllegalArgumentException if {@code iterations} is too short for one-cycle ({@code < 4})
     */
    static List<LearningRateSchedule> comparisonSet(long iterationsPerEpoch, long iterations) {
        long step = Math.max(1, iterationsPerEpoch / 2);
        return List.of(
                LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=" + step + ",decay=0.1)"),
                LearningRateSchedules.parse("constant(lr=1e-3)"),
                LearningRateSchedules.parse("step(lr=1e-3,gamma=0.1,every=3)"),
                LearningRateSchedules.parse("triangular(lb=1e-6,ub=1e-3,step=" + step + ")"),
                LearningRateSchedules.parse("triangular2(lb=1e-6,ub=1e-3,step=" + step + ")"),
                LearningRateSchedules.parse("exp_range(lb=1e-6,ub=1e-3,step=" + step + ",gamma=0.998)"),
                LearningRateSchedules.parse("sgdr(max=1e-3,min=1e-6,t0=" + iterationsPerEpoch + ",tmult=2)"),
                LearningRateSchedules.parse("onecycle(max=1e-3,total=" + iterations + ")"));
    }

    private void print(List<LearningRateSchedule> parsed) {
        // picocli's writer may reach an autoflushing System.out: buffer here, flush once.
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
        StringBuilder line = new StringBuilder(64);
        for (long i = 0; i < iterations; i += every) {
            long epoch = i / iterationsPerEpoch;
            line.setLength(0);
            line.append(i).append(' ').append(epoch);
            for (LearningRateSchedule s : parsed) {
                line.append(' ').append(s.valueAt(i, epoch));
            }
            out.append(line).append('\n');
            if (i > Long.MAX_VALUE - every) {
                break;
            }
        }
        out.flush();
    }

    private void plot(List<LearningRateSchedule> parsed) throws IOException {
        int points = Math.toIntExact(Math.min((iterations - 1) / every + 1, Integer.MAX_VALUE - 8));
        List<Charts.Series> series = new ArrayList<>();
        for (LearningRateSchedule s : parsed) {
            series.add(curve(s, points));
        }
        String xLabel = "epoch (" + iterationsPerEpoch + " iterations each)";
        if (panels || compare) {
            Charts.Range range = commonRange(series);
            Charts.Series reference = series.get(0).withColor(REFERENCE);
            List<Charts.LineChart> charts = new ArrayList<>();
            for (int k = 0; k < series.size(); k++) {
                List<Charts.Series> shown = k == 0 ? List.of(series.get(0)) : List.of(reference, series.get(k));
                charts.add(Charts.LineChart.of(parsed.get(k).toString(), xLabel, "learning rate", shown)
                        .withLogY(!linear).withYRange(range).withLegend(false).withSize(PANEL_WIDTH, PANEL_HEIGHT));
            }
            Charts.writeGridPng(charts, PANEL_COLUMNS,
                    "Learning-rate schedules (grey in every panel: " + name(parsed.get(0)) + ")", plot);
        } else {
            String title = parsed.size() == 1 ? "Learning-rate schedule" : "Learning-rate schedules";
            Charts.writePng(Charts.LineChart.of(title, xLabel, "learning rate", series).withLogY(!linear), plot);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + plot + ": " + parsed.size() + (parsed.size() == 1 ? " schedule, " : " schedules, ")
                + points + " points each (iterations 0 to " + (iterations - 1) + ", every " + every + ", "
                + iterationsPerEpoch + " per epoch)");
        out.flush();
    }

    private Charts.Series curve(LearningRateSchedule s, int points) {
        double[] x = new double[points];
        double[] y = new double[points];
        for (int p = 0; p < points; p++) {
            long i = p * every;
            x[p] = (double) i / iterationsPerEpoch;
            y[p] = s.valueAt(i, i / iterationsPerEpoch);
            if (!linear && !(y[p] > 0.0)) {
                throw usage("the plot has a logarithmic y axis but " + s + " is " + y[p]
                        + " at iteration " + i + "; add --linear");
            }
        }
        return new Charts.Series(s.toString(), x, y);
    }

    /** One y range for every panel: whole decades around the data on a log axis, [0, 1.05 max] otherwise. */
    private Charts.Range commonRange(List<Charts.Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0.0;
        for (Charts.Series s : series) {
            for (double v : s.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (linear) {
            return new Charts.Range(Math.min(0.0, lo), hi > 0.0 ? 1.05 * hi : 1.0);
        }
        double lower = Math.pow(10, Math.floor(Math.log10(lo)));
        double upper = Math.pow(10, Math.ceil(Math.log10(hi)));
        return new Charts.Range(lower, upper > lower ? upper : 10 * lower);
    }

    private static String name(LearningRateSchedule s) {
        String text = s.toString();
        int paren = text.indexOf('(');
        return paren > 0 ? text.substring(0, paren) : text;
    }

    private void positive(String option, long value) {
        if (value < 1) {
            throw usage(option + " must be >= 1, got " + value);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
