package dev.lore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A two-column text table: a label and a value per row, labels padded to one width. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    void row(String label, String value) {
        rows.add(new String[] {label, value});
    }

    void print(PrintWriter out) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            out.println("  " + r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
        }
    }

    /** Six significant digits: a display form, not a stored one. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}
