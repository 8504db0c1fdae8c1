package dev.lore.cli;

import dev.lore.AtomicFiles;
import java.nio.channels.Channels;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG line charts (JFreeChart): one plot, several named series of (x, y) points, optional
 * logarithmic axes and point markers. Used for learning-rate schedules and accuracy-versus-
 * compression plots.
 *
 * <p>Points are drawn in the order given (no sorting), joined by lines. Series get colours from a
 * fixed colour-blind-friendly palette in order, so a figure is reproducible. Rendering is headless.
 */
public final class Charts {

    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 1200;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 700;
    /** Smallest accepted image side in pixels. */
    public static final int MIN_SIDE = 100;
    /** Largest accepted image side in pixels. */
    public static final int MAX_SIDE = 10_000;

    // Tableau 10: distinct in colour and in lightness.
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)
    };

    private Charts() {}

    /**
     * One named curve.
     *
     * @param name legend label, non-blank, unique within a chart
     * @param x x values, finite, same length as {@code y}, at least one point
     * @param y y values, finite
     * @param color line colour, or null for the next palette colour
     */
    public record Series(String name, double[] x, double[] y, Color color) {

        /**
         * A series coloured from the palette.
         *
         * @param name legend label, non-blank
         * @param x x values, finite, at least one; copied
         * @param y y values, finite, as many as {@code x}; copied
         * @throws IllegalArgumentException if the arrays differ in length, are empty or hold NaN/inf,
         *     or {@code name} is blank
         * @throws NullPointerException if an argument is null
         */
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null);
        }

        /**
         * Validates the points and copies the arrays.
         *
         * @param name legend label, non-blank
         * @param x x values, finite, at least one; copied
         * @param y y values, finite, as many as {@code x}; copied
         * @param color line colour, or null for the next palette colour
         * @throws IllegalArgumentException if the arrays differ in length, are empty or hold NaN/inf,
         *     or {@code name} is blank
         * @throws NullPointerException if {@code name}, {@code x} or {@code y} is null
         */
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (name.isBlank()) {
                throw new IllegalArgumentException("series name must not be blank");
            }
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "': x and y must have the same"
                        + " length >= 1, got " + x.length + " and " + y.length);
            }
            x = x.clone();
            y = y.clone();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("series '" + name + "': point " + i
                            + " must be finite, got (" + x[i] + ", " + y[i] + ")");
                }
            }
        }

        /**
         * The x values.
         *
         * @return a fresh copy
         */
        @Override
        public double[] x() {
            return x.clone();
        }

        /**
         * The y values.
         *
         * @return a fresh copy
         */
        @Override
        public double[] y() {
            return y.clone();
        }

        /**
         * This series drawn in {@code color}; this one is unchanged.
         *
         * @param color the line colour, not null
         * @return the new series
         * @throws NullPointerException if {@code color} is null
         */
        public Series withColor(Color color) {
            return new Series(name, x, y, Objects.requireNonNull(color, "color"));
        }
    }

    /**
     * A fixed axis range.
     *
     * @param lower lower end, finite
     * @param upper upper end, finite, {@code > lower}
     */
    public record Range(double lower, double upper) {

        /**
         * Validates the range.
         *
         * @param lower finite
         * @param upper finite, {@code > lower}
         * @throws IllegalArgumentException unless both ends are finite and {@code lower < upper}
         */
        public Range {
            if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
                throw new IllegalArgumentException(
                        "range must be finite with lower < upper, got [" + lower + ", " + upper + "]");
            }
        }
    }

    /**
     * What to draw.
     *
     * @param title chart title (may be empty)
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param series the curves, at least one, unique names
     * @param logX logarithmic x axis (then every x must be {@code > 0})
     * @param logY logarithmic y axis (then every y must be {@code > 0})
     * @param markers draw a marker at each point
     * @param yRange fixed y range, or null to fit the data; must be positive on a log axis
     * @param legend draw a legend with the series names below the plot
     * @param width image width in pixels, in {@code [100, 10000]}
     * @param height image height in pixels, in {@code [100, 10000]}
     */
    public record LineChart(
            String title, String xLabel, String yLabel, List<Series> series,
            boolean logX, boolean logY, boolean markers, Range yRange, boolean legend, int width, int height) {

        /**
         * Validates the chart and copies the series list.
         *
         * @param title not null, may be empty
         * @param xLabel not null
         * @param yLabel not null
         * @param series at least one, names unique; copied into an unmodifiable list
         * @param logX whether the x axis is logarithmic (every x {@code > 0})
         * @param logY whether the y axis is logarithmic (every y {@code > 0})
         * @param markers whether to draw a marker at each point
         * @param yRange fixed y range, or null; above 0 on a log axis
         * @param legend whether to draw a legend
         * @param width in {@code [100, 10000]}
         * @param height in {@code [100, 10000]}
         * @throws IllegalArgumentException on an empty series list, a duplicate name, a size out of range, or a non-positive value on a log axis
         * @throws NullPointerException if a label, the series list or a series is null
         */
        public LineChart {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(xLabel, "xLabel");
            Objects.requireNonNull(yLabel, "yLabel");
            series = List.copyOf(series);
            if (series.isEmpty()) {
                throw new IllegalArgumentException("a chart needs at least one series");
            }
            Set<String> names = new HashSet<>();
            for (Series s : series) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("series names must be unique, got '" + s.name() + "' twice");
                }
                if (logX) {
                    requirePositive(s, s.x, "x");
                }
                if (logY) {
                    requirePositive(s, s.y, "y");
                }
            }
            if (logY && yRange != null && !(yRange.lower() > 0.0)) {
                throw new IllegalArgumentException("a logarithmic y axis needs a range above 0, got " + yRange);
            }
            checkSide("width", width);
            checkSide("height", height);
        }

        /**
         * Linear axes, no markers, a legend, default size.
         *
         * @param title chart title, may be empty
         * @param xLabel x-axis label
         * @param yLabel y-axis label
         * @param series the curves, at least one, unique names
         * @return the chart, {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} pixels
         * @throws IllegalArgumentException on an empty series list or a duplicate name
         */
        public static LineChart of(String title, String xLabel, String yLabel, List<Series> series) {
            return new LineChart(title, xLabel, yLabel, series, false, false, false, null, true, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        }

        /**
         * This chart with a logarithmic (or linear) x axis; this one is unchanged.
         *
         * @param log whether the x axis is logarithmic
         * @return the new chart
         * @throws IllegalArgumentException if {@code log} and some x is not {@code > 0}
         */
        public LineChart withLogX(boolean log) {
            return new LineChart(title, xLabel, yLabel, series, log, logY, markers, yRange, legend, width, height);
        }

        /**
         * This chart with a logarithmic (or linear) y axis; this one is unchanged.
         *
         * @param log whether the y axis is logarithmic
         * @return the new chart
         * @throws IllegalArgumentException if {@code log} and some y, or the y range, is not {@code > 0}
         */
        public LineChart withLogY(boolean log) {
            return new LineChart(title, xLabel, yLabel, series, logX, log, markers, yRange, legend, width, height);
        }

        /**
         * This chart with (or without) a marker at each point; this one is unchanged.
         *
         * @param show whether to draw markers
         * @return the new chart
         */
        public LineChart withMarkers(boolean show) {
            return new LineChart(title, xLabel, yLabel, series, logX, logY, show, yRange, legend, width, height);
        }

        /**
         * This chart at another size; this one is unchanged.
         *
         * @param width in {@code [100, 10000]}
         * @param height in {@code [100, 10000]}
         * @return the new chart
         * @throws IllegalArgumentException if a side is out of range
         */
        public LineChart withSize(int width, int height) {
            return new LineChart(title, xLabel, yLabel, series, logX, logY, markers, yRange, legend, width, height);
        }

        /**
         * This chart with (or without) a legend; this one is unchanged.
         *
         * @param show whether to draw the legend
         * @return the new chart
         */
        public LineChart withLegend(boolean show) {
            return new LineChart(title, xLabel, yLabel, series, logX, logY, markers, yRange, show, width, height);
        }

        /**
         * This chart with a fixed y range; this one is unchanged.
         *
         * @param range the y range, or null to fit the data; above 0 on a log axis
         * @return the new chart
         * @throws IllegalArgumentException if the y axis is logarithmic and {@code range} is not above 0
         */
        public LineChart withYRange(Range range) {
            return new LineChart(title, xLabel, yLabel, series, logX, logY, markers, range, legend, width, height);
        }

        private static void requirePositive(Series s, double[] values, String axis) {
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] > 0.0)) {
                    throw new IllegalArgumentException("a logarithmic " + axis + " axis needs values > 0;"
                            + " series '" + s.name() + "' has " + axis + " = " + values[i] + " at point " + i);
                }
            }
        }

        private static void checkSide(String name, int value) {
            if (value < MIN_SIDE || value > MAX_SIDE) {
                throw new IllegalArgumentException(
                        name + " must be in [" + MIN_SIDE + ", " + MAX_SIDE + "], got " + value);
            }
        }
    }

    /**
     * Draws {@code chart} and writes it as a PNG to {@code file}, atomically: the image goes to a
     * temporary file in the same directory, which is then moved over {@code file}.
     *
     * @param chart what to draw
     * @param file the target PNG, created or replaced; its directory must exist
     * @throws IOException if the file cannot be written; {@code file} is then left unchanged
     */
    public static void writePng(LineChart chart, Path file) throws IOException {
        BufferedImage image = build(chart, 16).createBufferedImage(chart.width(), chart.height());
        writeImage(image, file);
    }

    /**
     * Draws several charts as panels of one PNG, row by row, {@code columns} per row, each at its
     * own {@code width x height} taken from the first chart, under a common {@code title}; written
     * atomically like {@link #writePng}.
     *
     * @param panels the charts, at least one
     * @param columns panels per row, {@code >= 1}
     * @param title title above the grid (may be empty)
     * @param file the target PNG, created or replaced; its directory must exist
     * @throws IllegalArgumentException if {@code panels} is empty, {@code columns < 1} or the
     *     image would exceed {@value #MAX_SIDE} pixels on a side
     * @throws IOException if the file cannot be written; {@code file} is then left unchanged
     */
    public static void writeGridPng(List<LineChart> panels, int columns, String title, Path file) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        int w = panels.get(0).width();
        int h = panels.get(0).height();
        int top = title.isEmpty() ? 0 : 40;
        long width = (long) cols * w;
        long height = (long) rows * h + top;
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("grid image must be at most " + MAX_SIDE + " pixels on a side, got "
                    + width + " x " + height);
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, (int) width, (int) height);
            if (!title.isEmpty()) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
                int tw = g.getFontMetrics().stringWidth(title);
                g.drawString(title, (int) (width - tw) / 2, 27);
            }
            for (int i = 0; i < panels.size(); i++) {
                Rectangle2D area = new Rectangle2D.Double((i % cols) * w, top + (i / cols) * h, w, h);
                build(panels.get(i), 13).draw(g, area);
            }
        } finally {
            g.dispose();
        }
        writeImage(image, file);
    }

    private static void writeImage(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, channel -> ChartUtils.writeBufferedImageAsPNG(Channels.newOutputStream(channel), image));
    }

    /** The JFreeChart object for {@code chart}, with titles in {@code titleSize} points. */
    static JFreeChart build(LineChart chart, int titleSize) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, chart.markers());
        int palette = 0;
        for (int k = 0; k < chart.series().size(); k++) {
            Series s = chart.series().get(k);
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x.length; i++) {
                xy.add(s.x[i], s.y[i], false);
            }
            data.addSeries(xy);
            Color color = s.color() != null ? s.color() : PALETTE[palette++ % PALETTE.length];
            renderer.setSeriesPaint(k, color);
            renderer.setSeriesStroke(k, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        ValueAxis yAxis = axis(chart.yLabel(), chart.logY());
        if (chart.yRange() != null) {
            yAxis.setRange(chart.yRange().lower(), chart.yRange().upper());
        }
        XYPlot plot = new XYPlot(data, axis(chart.xLabel(), chart.logX()), yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(false);
        JFreeChart result = new JFreeChart(chart.title().isEmpty() ? null : chart.title(),
                new Font(Font.SANS_SERIF, Font.BOLD, titleSize), plot, chart.legend());
        result.setBackgroundPaint(Color.WHITE);
        result.setRenderingHints(new RenderingHints(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON));
        LegendTitle legend = result.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        return result;
    }

    private static ValueAxis axis(String label, boolean log) {
        if (log) {
            LogAxis axis = new LogAxis(label);
            axis.setBase(10);
            axis.setBaseSymbol("10");
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setMinorTickMarksVisible(true);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }
}
