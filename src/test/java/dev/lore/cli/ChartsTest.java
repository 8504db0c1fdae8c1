package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    private static Charts.Series line(String name, double... y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Charts.Series(name, x, y);
    }

    @Test
    void seriesValidatesAndCopies() {
        double[] y = {1, 2};
        Charts.Series s = new Charts.Series("a", new double[] {0, 1}, y);
        y[0] = 99;
        assertEquals(1.0, s.y()[0], 0.0, "constructor copies");
        s.y()[1] = 99;
        assertEquals(2.0, s.y()[1], 0.0, "accessor copies");
        assertMessage("series 'a': x and y must have the same length >= 1, got 2 and 1",
                () -> new Charts.Series("a", new double[] {0, 1}, new double[] {1}));
        assertMessage("series 'a': point 1 must be finite, got (1.0, NaN)",
                () -> new Charts.Series("a", new double[] {0, 1}, new double[] {1, Double.NaN}));
        assertMessage("series name must not be blank", () -> line(" ", 1));
    }

    @Test
    void chartValidates() {
        assertMessage("a chart needs at least one series", () -> Charts.LineChart.of("t", "x", "y", List.of()));
        assertMessage("series names must be unique, got 'a' twice",
                () -> Charts.LineChart.of("t", "x", "y", List.of(line("a", 1), line("a", 2))));
        assertMessage("a logarithmic y axis needs values > 0; series 'b' has y = 0.0 at point 1",
                () -> Charts.LineChart.of("t", "x", "y", List.of(line("b", 1, 0))).withLogY(true));
        assertMessage("width must be in [100, 10000], got 50",
                () -> Charts.LineChart.of("t", "x", "y", List.of(line("a", 1))).withSize(50, 400));
        assertMessage("range must be finite with lower < upper, got [1.0, 1.0]", () -> new Charts.Range(1, 1));
    }

    @Test
    void buildUsesLogAxesPaletteAndExplicitColours() {
        Charts.LineChart chart = Charts.LineChart.of("t", "x", "y",
                List.of(line("grey", 1, 2).withColor(Color.GRAY), line("first", 3, 4), line("second", 5, 6)))
                .withLogY(true).withYRange(new Charts.Range(0.1, 10));
        JFreeChart built = Charts.build(chart, 12);
        XYPlot plot = built.getXYPlot();
        assertEquals(3, plot.getDataset().getSeriesCount());
        assertInstanceOf(LogAxis.class, plot.getRangeAxis());
        assertInstanceOf(NumberAxis.class, plot.getDomainAxis());
        assertEquals(0.1, plot.getRangeAxis().getLowerBound(), 1e-12);
        assertEquals(Color.GRAY, plot.getRenderer().getSeriesPaint(0));
        assertEquals(new Color(0x4E79A7), plot.getRenderer().getSeriesPaint(1), "palette starts after explicit colours");
        assertEquals(new Color(0xF28E2B), plot.getRenderer().getSeriesPaint(2));
    }

    @Test
    void writesPngOfTheRequestedSizeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("c.png");
        Files.writeString(png, "old content");
        Charts.writePng(Charts.LineChart.of("t", "x", "y", List.of(line("a", 1, 3, 2))).withMarkers(true).withSize(300, 200), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(300, image.getWidth());
        assertEquals(200, image.getHeight());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void writtenFileHasTheUsualPermissions(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path png = dir.resolve("c.png");
        Charts.writePng(Charts.LineChart.of("t", "x", "y", List.of(line("a", 1, 2))).withSize(200, 150), png);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png));
        }
    }

    @Test
    void gridLaysPanelsOutRowByRow(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("g.png");
        Charts.LineChart panel = Charts.LineChart.of("p", "x", "y", List.of(line("a", 1, 2))).withSize(200, 150);
        Charts.writeGridPng(List.of(panel, panel, panel), 2, "grid", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(400, image.getWidth());
        assertEquals(2 * 150 + 40, image.getHeight());
        assertMessage("columns must be >= 1, got 0", () -> Charts.writeGridPng(List.of(panel), 0, "", png));
    }

    @Test
    void failedWriteLeavesNothingBehind(@TempDir Path dir) {
        Path png = dir.resolve("no-such-dir").resolve("c.png");
        assertThrows(java.io.IOException.class,
                () -> Charts.writePng(Charts.LineChart.of("t", "x", "y", List.of(line("a", 1))), png));
        assertTrue(Files.notExists(png));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
