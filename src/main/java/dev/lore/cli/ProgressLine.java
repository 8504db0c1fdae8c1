package dev.lore.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * The terminal line of one progress bar, and the way other output passes it: the bar is drawn on
 * the last line of the terminal and redrawn in place ({@code \r}, the text, then "erase to the
 * end of the line", {@code ESC [ K}); a line written to {@link #logStream()} (standard error, where
 * SLF4J's simple logger writes, while the bar is shown) erases the bar, is written whole, and the
 * bar is drawn again below it. So a log line is never cut by the bar nor overwritten by it, and the
 * bar never moves the cursor up. When the bar closes, its last state stays as a line of its own.
 *
 * <p>A partial line (text without its line break) waits until its line break, a {@code flush} with
 * the bar closed, or {@link #close()}. Thread-safe: the bar's rendering thread and any thread that
 * logs go through one lock.
 */
final class ProgressLine extends ConsoleProgressBarConsumer {

    /** Carriage return, then erase from the cursor to the end of the line (ANSI EL). */
    static final String ERASE = "\r\u001b[K";

    private final PrintStream terminal;
    private final Object lock = new Object();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String shown = "";
    private boolean closed;

    /**
     * @param terminal the terminal (the process's standard error as it was before the bar)
     * @param maxLength longest bar in characters, or {@code <= 0} for the terminal's width minus one
     */
    ProgressLine(PrintStream terminal, int maxLength) {
        super(terminal, maxLength);
        this.terminal = terminal;
    }

    /** Draws {@code rendered} (cut to {@link #getMaxRenderedLength()}) over the current bar. */
    @Override
    public void accept(String rendered) {
        int max = Math.max(1, getMaxRenderedLength());
        String text = rendered.length() > max ? rendered.substring(0, max) : rendered;
        synchronized (lock) {
            if (closed) {
                return;
            }
            shown = text;
            terminal.print(ERASE + text);
            terminal.flush();
        }
    }

    /** Leaves the bar's last state as a line of its own, then writes any partial log line. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            terminal.print(ERASE + shown + "\n");
            writePending();
            terminal.flush();
        }
    }

    /** The bar is not erased when it finishes: its last state is the record of the task. */
    @Override
    public void clear() {
    }

    /**
     * A stream for standard error while the bar is shown: whole lines pass the bar as described
     * above; once the bar is closed, bytes go straight to the terminal.
     *
     * @param charset the encoding of the terminal (that of the standard error it replaces)
     */
    PrintStream logStream(Charset charset) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log(b, off, len);
            }

            @Override
            public void flush() {
                synchronized (lock) {
                    if (closed) {
                        writePending();
                    }
                    terminal.flush();
                }
            }
        }, true, charset);
    }

    private void log(byte[] b, int off, int len) {
        synchronized (lock) {
            if (closed) {
                writePending();
                terminal.write(b, off, len);
                return;
            }
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    pending.write(b, start, i + 1 - start);
                    start = i + 1;
                    terminal.print(ERASE);
                    writePending();
                    terminal.print(shown);
                }
            }
            pending.write(b, start, off + len - start);
            terminal.flush();
        }
    }

    private void writePending() {
        if (pending.size() > 0) {
            terminal.write(pending.toByteArray(), 0, pending.size());
            pending.reset();
        }
    }
}
