package dev.lore.data;

/**
 * One labeled text.
 *
 * @param label the class label as written in the data (e.g. {@code "1"}, {@code "LOC"}): non-empty,
 *     without tab or line break, and without leading or trailing whitespace
 * @param text the raw, untokenized text: not blank, without line break
 */
public record Example(String label, String text) {

    /**
     * Validates the label and the text.
     *
     * @param label non-empty, no tab or line break, no leading or trailing whitespace
     * @param text not blank, no line break
     * @throws IllegalArgumentException if {@code label} or {@code text} is null or breaks the rules
     *     above
     */
    public Example {
        String problem = problem(label, text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with a label and a text, or {@code null}; shared with the file reader. */
    static String problem(String label, String text) {
        if (label == null) {
            return "label must not be null";
        }
        if (text == null) {
            return "text must not be null";
        }
        if (label.isEmpty()) {
            return "empty label";
        }
        if (!label.strip().equals(label)) {
            return "label '" + label + "' has leading or trailing whitespace";
        }
        if (label.indexOf('\t') >= 0 || hasLineBreak(label)) {
            return "label must not contain a tab or a line break, got '" + label + "'";
        }
        if (text.isBlank()) {
            return "empty text";
        }
        if (hasLineBreak(text)) {
            return "text must not contain a line break";
        }
        return null;
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
}
