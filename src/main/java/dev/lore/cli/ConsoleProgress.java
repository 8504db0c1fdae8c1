package dev.lore.cli;

import dev.lore.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders {@link ProgressListener} events as a terminal progress bar on standard error.
 *
 * <p>The bar appears only once a task has run for {@link #DELAY_MILLIS}, so quick steps stay
 * silent, and only on an interactive terminal: when standard error goes to a file or a pipe the
 * bar's cursor movements would only garble it, so nothing is drawn. Not thread-safe: one task at
 * a time, as the listener contract says.
 */
final class ConsoleProgress implements ProgressListener {

    static final long DELAY_MILLIS = 1500;

    private final PrintStream out;
    private final boolean enabled;
    private String task;
    private long total;
    private String unit;
    private long startNanos;
    private ProgressBar bar;

    ConsoleProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
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
            if ((System.nanoTime() - startNanos) / 1_000_000 < DELAY_MILLIS) {
                return;
            }
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + (unit.equals("bytes") ? "MB" : unit), unit.equals("bytes") ? 1 << 20 : 1)
                    .setMaxRenderedLength(110)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(250)
                    .showSpeed()
                    .build();
        }
        bar.stepTo(done);
        bar.setExtraMessage(detail);
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }
}
