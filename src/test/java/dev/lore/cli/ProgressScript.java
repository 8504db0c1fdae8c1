package dev.lore.cli;

import org.slf4j.LoggerFactory;

/**
 * What {@link ConsoleProgressTest} runs under a pseudo-terminal: a task of {@link #UNITS} units,
 * one every {@link #STEP_MILLIS}, with a log line half-way, shown by the standard-error bar
 * ({@link ConsoleProgress#stderr}) after 200 ms instead of 1.5 s.
 */
final class ProgressScript {

    static final int UNITS = 40;
    static final long STEP_MILLIS = 60;
    static final String LOG_MESSAGE = "half-way through the units";

    private ProgressScript() {}

    public static void main(String[] args) throws InterruptedException {
        ConsoleProgress p = new ConsoleProgress(System.err, System.console() != null, 200);
        p.start("counting", UNITS, "it");
        for (int i = 1; i <= UNITS; i++) {
            Thread.sleep(STEP_MILLIS);
            p.update(i, "unit " + i);
            if (i == UNITS / 2) {
                LoggerFactory.getLogger("dev.lore.cli.ProgressScript").info(LOG_MESSAGE);
            }
        }
        p.finish();
        System.err.println("finished");
    }
}
