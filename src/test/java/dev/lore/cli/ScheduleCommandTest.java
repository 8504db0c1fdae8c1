package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.LearningRateSchedules;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScheduleCommandTest {

    private static final double REL = 1e-12;

    /** Exit code, standard output and standard error of one run. */
    private record Run(int code, String out, String err) {
        String[] lines() {
            return out.split("\n");
        }
    }

    private static Run run(String... args) {
        CommandLine cl = LoreCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "schedule";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsOneLinePerIterationInFullPrecision() {
        Run r = run("calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)", "--iterations", "10000", "--iterations-per-epoch", "139");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.lines();
        assertEquals(10_000, lines.length);
        assertEquals("0 0 1.0E-6", lines[0]);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            assertEquals(3, f.length, lines[i]);
            assertEquals(i, Long.parseLong(f[0]));
            assertEquals(i / 139, Long.parseLong(f[1]));
        }
        LearningRateSchedule calr = LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)");
        assertEquals(calr.valueAt(4321, 31), Double.parseDouble(lines[4321].split(" ")[2]), 0.0, "reads back exactly");
        // Epoch 3 (restart): UB 1e-3, LB 1e-8, c = 500: 1e-8 + 500 (1e-3 - 1e-8) / 1000.
        assertEquals(5.00005e-4, Double.parseDouble(lines[500].split(" ")[2]), 5.00005e-4 * REL);
        // Epoch 7: UB = 1e-7 (four anneal steps after the restart), c = 1000: the peak.
        assertEquals(1e-7, Double.parseDouble(lines[1000].split(" ")[2]), 1e-7 * REL);
    }

    @Test
    void severalSchedulesGiveOneColumnEachAndEveryThins() {
        Run r = run("constant(lr=0.5)", "step(lr=1,gamma=0.5,every=1)", "--iterations", "1000",
                "--iterations-per-epoch", "100", "--every", "250");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("0 0 0.5 1.0", "250 2 0.5 0.25", "500 5 0.5 0.03125", "750 7 0.5 0.0078125"),
                List.of(r.lines()));
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheOption() {
        assertUsage("--iterations must be >= 1, got 0", "calr", "--iterations", "0");
        assertUsage("--iterations-per-epoch must be >= 1, got 0", "calr", "--iterations-per-epoch", "0");
        assertUsage("--every must be >= 1, got -3", "calr", "--every", "-3");
        assertUsage("invalid SCHEDULE 'calr(step=0)': calr: step must be in [1, 4611686018427387903], got 0", "calr(step=0)");
        assertUsage("unknown schedule 'cosine'; valid schedules: calr, constant", "cosine(lr=1)");
        assertUsage("give at least one SCHEDULE");
        assertUsage("--compare takes no SCHEDULE arguments, got 1", "--compare", "calr");
        assertUsage("--compare with --iterations 2: onecycle: pct * total must be > 1",
                "--compare", "--iterations", "2");
        assertUsage("'abc' is not a long", "calr", "--iterations", "abc");
    }

    private static void assertUsage(String expectedPart, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expectedPart), r.err());
        assertEquals("", r.out());
    }

    @Test
    void plotWritesAPngAndOneSummaryLine(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("calr.png");
        Run r = run("calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)", "--iterations", "3000", "--iterations-per-epoch", "139",
                "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.lines().length, r.out());
        assertTrue(r.out().startsWith("wrote " + png + ": 1 schedule, 3000 points each"), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.DEFAULT_WIDTH, image.getWidth());
        assertEquals(Charts.DEFAULT_HEIGHT, image.getHeight());
    }

    @Test
    void compareDrawsTheComparisonSetInPanels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("schedules.png");
        Run r = run("--compare", "--iterations", "1390", "--iterations-per-epoch", "139", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": 8 schedules, 1390 points each"), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(ScheduleCommand.PANEL_COLUMNS * ScheduleCommand.PANEL_WIDTH, image.getWidth());
        assertEquals(4 * ScheduleCommand.PANEL_HEIGHT + 40, image.getHeight());
    }

    @Test
    void comparisonSetUsesHalfAnEpochForTheCycles() {
        List<LearningRateSchedule> set = ScheduleCommand.comparisonSet(139, 1390);
        assertEquals(List.of("calr", "constant", "step", "triangular", "triangular2", "exp_range", "sgdr", "onecycle"),
                set.stream().map(s -> s.toString().substring(0, s.toString().indexOf('('))).toList());
        assertEquals(LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=69,decay=0.1)"), set.get(0));
        assertEquals(LearningRateSchedules.parse("sgdr(max=1e-3,min=1e-6,t0=139,tmult=2)"), set.get(6));
        assertEquals(LearningRateSchedules.parse("onecycle(max=1e-3,total=1390)"), set.get(7));
    }

    @Test
    void logAxisRejectsZeroRatesUnlessLinear(@TempDir Path dir) {
        Path png = dir.resolve("t.png");
        assertUsage("triangular(lb=0.0,ub=1.0,step=2) is 0.0 at iteration 0; add --linear",
                "triangular(lb=0,ub=1,step=2)", "--iterations", "10", "--plot", png.toString());
        assertFalse(Files.exists(png));
        Run r = run("triangular(lb=0,ub=1,step=2)", "--iterations", "10", "--plot", png.toString(), "--linear", "--panels");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(png));
    }

    @Test
    void unwritablePlotExitsWithOne(@TempDir Path dir) {
        Path png = dir.resolve("missing-dir").resolve("x.png");
        Run r = run("calr", "--iterations", "10", "--plot", png.toString());
        assertEquals(LoreCommand.EXIT_FAILURE, r.code());
        assertTrue(r.err().startsWith("lore schedule: error: "), r.err());
    }
}
