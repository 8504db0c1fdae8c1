package dev.lore.schedule;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the text form {@code name(key=value,...)} of a schedule. Grammar (spaces allowed between
 * tokens; names and keys are case-insensitive): {@code name ["(" [key "=" number {"," key "="
 * number}] ")"]}, where a number is a plain decimal with an optional exponent ({@code 1e-3},
 * {@code 0.001}, {@code 1.0E-6}); NaN, infinities and hexadecimal are not numbers here.
 */
final class TextForm {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** A schedule name and its parameters in the order given. */
    record Call(String name, Map<String, String> params) {}

    private final String text;
    private int pos;

    private TextForm(String text) {
        this.text = text;
    }

    /** Splits {@code text} into a name and raw parameter values; only the syntax is checked here. */
    static Call split(String text) {
        if (text == null) {
            throw new IllegalArgumentException("schedule text must not be null");
        }
        return new TextForm(text).call();
    }

    private Call call() {
        skipSpaces();
        String name = identifier("a schedule name");
        Map<String, String> params = new LinkedHashMap<>();
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            skipSpaces();
            if (!consume(')')) {
                do {
                    skipSpaces();
                    String key = identifier("a parameter name");
                    skipSpaces();
                    expect('=', "after '" + key + "'");
                    skipSpaces();
                    String value = value();
                    if (params.put(key, value) != null) {
                        throw new IllegalArgumentException(name + ": parameter '" + key + "' given twice in '" + text + "'");
                    }
                    skipSpaces();
                } while (consume(','));
                expect(')', "to close the parameter list");
            }
            skipSpaces();
        }
        if (pos != text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        return new Call(name, params);
    }

    private String identifier(String what) {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected " + what);
        }
        return text.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    private String value() {
        int start = pos;
        while (pos < text.length() && ",) \t".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        return text.substring(start, pos);
    }

    private boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c, String context) {
        if (!consume(c)) {
            throw error("expected '" + c + "' " + context);
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(
                "cannot read schedule '" + text + "': " + message + " at position " + pos);
    }

    /** Typed access to the parameters of one call; rejects unknown names up front. */
    static final class Args {
        private final String schedule;
        private final Map<String, String> raw;
        private final List<String> valid;

        Args(Call call, List<String> valid) {
            this.schedule = call.name();
            this.raw = call.params();
            this.valid = valid;
            for (String key : raw.keySet()) {
                if (!valid.contains(key)) {
                    throw new IllegalArgumentException(schedule + ": unknown parameter '" + key
                            + "'; valid parameters: " + String.join(", ", valid));
                }
            }
        }

        double real(String key) {
            return parseReal(key, required(key));
        }

        double real(String key, double defaultValue) {
            String v = raw.get(key);
            return v == null ? defaultValue : parseReal(key, v);
        }

        long integer(String key) {
            return parseInteger(key, required(key));
        }

        long integer(String key, long defaultValue) {
            String v = raw.get(key);
            return v == null ? defaultValue : parseInteger(key, v);
        }

        private String required(String key) {
            String v = raw.get(key);
            if (v == null) {
                throw new IllegalArgumentException(schedule + ": missing required parameter '" + key
                        + "'; parameters: " + String.join(", ", valid));
            }
            return v;
        }

        private double parseReal(String key, String v) {
            if (!NUMBER.matcher(v).matches()) {
                throw new IllegalArgumentException(schedule + ": " + key + " must be a finite decimal number, got '" + v + "'");
            }
            return Double.parseDouble(v);
        }

        private long parseInteger(String key, String v) {
            if (!NUMBER.matcher(v).matches()) {
                throw notAnInteger(key, v, null);
            }
            try {
                return new BigDecimal(v).longValueExact();
            } catch (ArithmeticException e) {
                throw notAnInteger(key, v, e);
            }
        }

        private IllegalArgumentException notAnInteger(String key, String v, Throwable cause) {
            return new IllegalArgumentException(schedule + ": " + key + " must be an integer in ["
                    + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "], got '" + v + "'", cause);
        }

        /** An {@code int} parameter; values beyond the int range are reported, not wrapped. */
        int smallInteger(String key, int defaultValue) {
            long v = integer(key, defaultValue);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(schedule + ": " + key + " must be an integer in ["
                        + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "], got " + v);
            }
            return (int) v;
        }
    }
}
