package dev.lore.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whitespace splitting, optionally lower-cased; see {@link Tokenizer#whitespace(boolean)}. */
final class WhitespaceTokenizer implements Tokenizer {

    static final WhitespaceTokenizer CASED = new WhitespaceTokenizer(false);
    static final WhitespaceTokenizer LOWER = new WhitespaceTokenizer(true);

    private final boolean lowerCase;

    private WhitespaceTokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    @Override
    public List<String> tokenize(String text) {
        String s = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                if (start >= 0) {
                    tokens.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(s.substring(start));
        }
        return tokens;
    }

    @Override
    public String name() {
        return lowerCase ? "whitespace-lower" : "whitespace";
    }

    @Override
    public String toString() {
        return name();
    }
}
