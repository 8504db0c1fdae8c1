package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The progress bar on a terminal. {@link #onAPseudoTerminalTheBarRedrawsInPlaceWithItsTimerAndLogLinesPassIt}
 * runs {@link ProgressScript} in a JVM under {@code script} (util-linux), which gives it a
 * pseudo-terminal, and replays what it drew on a minimal terminal ({@link Screen}).
 */
class ConsoleProgressTest {

    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @Test
    void onAPseudoTerminalTheBarRedrawsInPlaceWithItsTimerAndLogLinesPassIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script for a pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qec",
                java + " -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true"
                        + " -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss"
                        + " " + ProgressScript.class.getName(), "/dev/null");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("TERM", "xterm");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] raw = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String drawn = new String(raw, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), drawn);

        assertFalse(Pattern.compile("\u001b\\[\\d*[AF]").matcher(drawn).find(), "the cursor never moves up: " + drawn);
        long redraws = Pattern.compile(Pattern.quote(ProgressLine.ERASE) + "counting").matcher(drawn).results().count();
        assertTrue(redraws >= 3, redraws + " redraws (in place, more than once; the count depends on the machine's load)");

        List<String> screen = Screen.replay(drawn);
        List<String> bars = screen.stream().filter(l -> l.contains("counting")).toList();
        assertEquals(1, bars.size(), "one bar line remains, drawn in place: " + screen);
        List<String> logs = screen.stream().filter(l -> l.contains(ProgressScript.LOG_MESSAGE)).toList();
        assertEquals(1, logs.size(), "the log line appears once: " + screen);
        assertTrue(logs.get(0).matches("\\d\\d:\\d\\d:\\d\\d \\[main\\] INFO dev\\.lore\\.cli\\.ProgressScript - "
                + ProgressScript.LOG_MESSAGE), "the log line is whole and alone on its line: " + logs.get(0));
        assertTrue(screen.indexOf(logs.get(0)) < screen.indexOf(bars.get(0)), "the log line is above the bar: " + screen);
        assertEquals("finished", screen.get(screen.indexOf(bars.get(0)) + 1), "the finished bar keeps its line: " + screen);

        String bar = bars.get(0);
        assertTrue(bar.contains("100%") && bar.contains("40/40 it"), bar);
        Matcher timer = Pattern.compile("\\((\\d+):(\\d\\d):(\\d\\d) / ").matcher(bar);
        assertTrue(timer.find(), bar);
        long seconds = Long.parseLong(timer.group(2)) * 60 + Long.parseLong(timer.group(3));
        long least = ProgressScript.UNITS * ProgressScript.STEP_MILLIS / 1000;
        assertTrue(seconds >= least, "the timer counts from the task's start: " + bar);
        Matcher rate = Pattern.compile(" (\\d+\\.\\d) it/s unit 40").matcher(bar);
        assertTrue(rate.find(), "a rate, then the detail after a space: " + bar);
        double perSecond = Double.parseDouble(rate.group(1));
        assertTrue(perSecond > 0 && perSecond <= 1000.0 / ProgressScript.STEP_MILLIS + 0.05,
                "at most one unit per " + ProgressScript.STEP_MILLIS + " ms: " + bar);
    }

    @Test
    void logLinesWaitForTheirLineBreakAndPassTheBarWhole() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), 40);
        line.accept("bar 1");
        PrintStream log = line.logStream(StandardCharsets.UTF_8);
        log.print("a log ");
        line.accept("bar 2");
        log.println("line");
        line.accept("bar 3");
        line.close();
        log.print("after");
        log.flush();
        assertEquals(List.of("a log line", "bar 3", "after"), Screen.replay(terminal.toString(StandardCharsets.UTF_8)));
        assertEquals(ProgressLine.ERASE + "bar 1" + ProgressLine.ERASE + "bar 2" + ProgressLine.ERASE + "a log line\nbar 2"
                + ProgressLine.ERASE + "bar 3" + ProgressLine.ERASE + "bar 3\nafter", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATerminalNothingIsDrawn() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8), false, 0);
        p.start("task", 3, "it");
        p.update(1, "");
        p.update(3, "");
        p.finish();
        assertEquals(0, terminal.size());
    }

    /**
     * A terminal of unbounded width that understands what the bar sends: printable text, carriage
     * return, line feed, erase to the end of the line ({@code ESC [ K}) and the cursor movements
     * up and down ({@code ESC [ n A}, {@code ESC [ n B}); other escape sequences are ignored.
     */
    static final class Screen {
        private final List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
        private int row;
        private int column;

        static List<String> replay(String drawn) {
            Screen s = new Screen();
            for (int i = 0; i < drawn.length(); i++) {
                char c = drawn.charAt(i);
                if (c == '\u001b' && i + 1 < drawn.length() && drawn.charAt(i + 1) == '[') {
                    int j = i + 2;
                    while (j < drawn.length() && !Character.isLetter(drawn.charAt(j))) {
                        j++;
                    }
                    String arg = drawn.substring(i + 2, j);
                    int n = arg.isEmpty() ? 1 : Integer.parseInt(arg.replaceAll("[^0-9]", "0"));
                    switch (j < drawn.length() ? drawn.charAt(j) : ' ') {
                        case 'K' -> s.line().setLength(Math.min(s.column, s.line().length()));
                        case 'A' -> s.row = Math.max(0, s.row - n);
                        case 'B' -> s.moveDown(n);
                        default -> { }
                    }
                    i = j;
                } else if (c == '\r') {
                    s.column = 0;
                } else if (c == '\n') {
                    s.moveDown(1);
                    s.column = 0;
                } else if (c >= ' ') {
                    StringBuilder l = s.line();
                    while (l.length() < s.column) {
                        l.append(' ');
                    }
                    if (s.column < l.length()) {
                        l.setCharAt(s.column, c);
                    } else {
                        l.append(c);
                    }
                    s.column++;
                }
            }
            List<String> out = new ArrayList<>();
            for (StringBuilder l : s.lines) {
                out.add(l.toString().stripTrailing());
            }
            while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        }

        private StringBuilder line() {
            return lines.get(row);
        }

        private void moveDown(int n) {
            row += n;
            while (lines.size() <= row) {
                lines.add(new StringBuilder());
            }
        }
    }
}
