package dev.lore.cli;

import dev.lore.ProgressListener;
import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * Renders {@link ProgressListener} events as a terminal progress bar on standard error.
 *
 * <p>The bar appears only once a task has run for {@link #DELAY_MILLIS}, so quick steps stay
 * silent, and only on an interactive terminal: when standard error goes to a file or a pipe the
 * bar's control characters would only garble it, so nothing is drawn. Its timer and its rate count
 * from the start of the task, not from the moment the bar appears: the timer is the task's elapsed
 * time, the rate the units done divided by it, the estimate of the time left the units left at
 * that rate; the bar is redrawn every {@link #REFRESH_MILLIS} even when no progress is reported,
 * so the timer keeps running through a long step.
 *
 * <p>While a bar is shown, standard error ({@link System#err}, where SLF4J's simple logger
 * writes) is routed through the bar's line ({@link ProgressLine}): log lines appear whole above
 * the bar, which is redrawn below them. Standard error is restored when the task finishes. Not
 * thread-safe: one task at a time, as the listener contract says.
 */
final class ConsoleProgress implements ProgressListener {

    static final long DELAY_MILLIS = 1500;
    static final int REFRESH_MILLIS = 250;

    private final PrintStream out;
    private final boolean enabled;
    private final long delayMillis;
    private String task;
    private long total;
    private String unit;
    private long startNanos;
    private ProgressBar bar;
    private ProgressLine line;
    private PrintStream savedErr;

    ConsoleProgress(PrintStream out, boolean enabled) {
        this(out, enabled, DELAY_MILLIS);
    }

    /** A bar on {@code out} that appears once a task has run {@code delayMillis}. */
    ConsoleProgress(PrintStream out, boolean enabled, long delayMillis) {
        this.out = out;
        this.enabled = enabled;
        this.delayMillis = delayMillis;
    }

    /** A bar on standard error, shown unless {@code quiet} or not on a terminal. */
    static ConsoleProgress stderr(boolean quiet) {
        return new ConsoleProgress(System.err, !quiet && System.console() != null);
    }

    @Override
    public void start(String task, long total, String unit) {
        finish();
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.startNanos = System.nanoTime();
    }

    @Override
    public void update(long done, String detail) {
        if (!enabled || task == null) {
            return;
        }
        if (bar == null) {
            long elapsed = System.nanoTime() - startNanos;
            if (elapsed / 1_000_000 < delayMillis) {
                return;
            }
            boolean bytes = unit.equals("bytes");
            String name = " " + (bytes ? "MB" : unit);
            long size = bytes ? 1 << 20 : 1;
            line = new ProgressLine(out, -1);
            savedErr = System.err;
            if (System.err == out) {
                System.setErr(line.logStream(terminalCharset()));
            }
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .startsFrom(done, Duration.ofNanos(elapsed))
                    .setRenderer(new Renderer(name, size))
                    .setConsumer(line)
                    .setUpdateIntervalMillis(REFRESH_MILLIS)
                    .continuousUpdate()
                    .build();
        }
        bar.stepTo(done);
        bar.setExtraMessage(detail.isEmpty() ? "" : " " + detail);
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
            if (System.err != savedErr) {
                System.setErr(savedErr);
            }
            line = null;
            savedErr = null;
        }
        task = null;
    }

    private static Charset terminalCharset() {
        Console console = System.console();
        return console != null ? console.charset() : Charset.defaultCharset();
    }

    /**
     * The library's bar with the task's timer: rate {@code done / elapsed} and time left
     * {@code (total - done) elapsed / done}, elapsed counted from the task's start (in the state's
     * {@code elapsedBeforeStart}) with its fractions of a second.
     */
    static final class Renderer extends DefaultProgressBarRenderer {
        private final String unitName;
        private final long unitSize;
        private final DecimalFormat format;

        Renderer(String unitName, long unitSize) {
            super(ProgressBarStyle.ASCII, unitName, unitSize, true, rateFormat(), ChronoUnit.SECONDS, true,
                    Renderer::remaining);
            this.unitName = unitName;
            this.unitSize = unitSize;
            this.format = rateFormat();
        }

        private static DecimalFormat rateFormat() {
            return new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }

        /** Time left at the task's average rate, or empty before any unit is done or without a total. */
        static Optional<Duration> remaining(ProgressState state) {
            long done = state.getCurrent();
            if (state.isIndefinite() || done <= 0 || state.getMax() < done) {
                return Optional.empty();
            }
            double left = seconds(state.getTotalElapsed()) * (state.getMax() - done) / done;
            return Optional.of(Duration.ofMillis(Math.round(left * 1000)));
        }

        @Override
        protected String speed(ProgressState state) {
            double s = seconds(state.getTotalElapsed());
            if (s <= 0) {
                return "?" + unitName + "/s";
            }
            return format.format(state.getCurrent() / s / unitSize) + unitName + "/s";
        }
    }
}
