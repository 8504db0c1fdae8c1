package dev.lore.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Kim (2014) style cleanup and splitting; the rules are documented on {@link Tokenizer#kim(boolean)}. */
final class KimTokenizer implements Tokenizer {

    static final KimTokenizer CASED = new KimTokenizer(false);
    static final KimTokenizer LOWER = new KimTokenizer(true);

    /** Suffixes that start a token of their own (step 5), lower case; matched case-insensitively. */
    private static final String[] CLITICS = {"'s", "'ve", "n't", "'re", "'d", "'ll"};

    private final boolean lowerCase;

    private KimTokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    @Override
    public List<String> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        String s = foldAccents(unescapePtb(text));
        if (lowerCase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        List<String> tokens = new ArrayList<>();
        int start = -1; // start of the current run of word characters
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isWordChar(c)) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0) {
                splitClitics(s, start, i, tokens);
                start = -1;
            }
            if (c == ',' || c == '!' || c == '(' || c == ')' || c == '?') {
                tokens.add(String.valueOf(c));
            }
        }
        if (start >= 0) {
            splitClitics(s, start, s.length(), tokens);
        }
        return tokens;
    }

    /** The characters Kim keeps, minus the punctuation that becomes tokens of its own. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '\'' || c == '`';
    }

    /** Adds {@code s[from, to)} split before every clitic (step 5). */
    private static void splitClitics(String s, int from, int to, List<String> tokens) {
        int pieceStart = from;
        for (int i = from + 1; i < to; i++) {
            if (cliticAt(s, i, to)) {
                tokens.add(s.substring(pieceStart, i));
                pieceStart = i;
            }
        }
        tokens.add(s.substring(pieceStart, to));
    }

    private static boolean cliticAt(String s, int i, int to) {
        for (String clitic : CLITICS) {
            if (i + clitic.length() <= to && s.regionMatches(true, i, clitic, 0, clitic.length())) {
                return true;
            }
        }
        return false;
    }

    /** Step 1: PTB bracket and double-quote tokens. */
    static String unescapePtb(String text) {
        if (text.indexOf('-') < 0 && text.indexOf('`') < 0 && text.indexOf("''") < 0) {
            return text; // nothing to replace: the common case for raw text
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (Character.isWhitespace(text.charAt(i))) {
                out.append(' ');
                i++;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            out.append(ptbReplacement(text.substring(i, end)));
            i = end;
        }
        return out.toString();
    }

    private static String ptbReplacement(String token) {
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "-lrb-" -> "(";
            case "-rrb-" -> ")";
            case "-lsb-", "-rsb-", "-lcb-", "-rcb-", "``", "''" -> " ";
            default -> token;
        };
    }

    /** Step 2: NFKD, then combining marks removed. */
    static String foldAccents(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return s;
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            int type = Character.getType(c);
            if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK
                    && type != Character.ENCLOSING_MARK) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String name() {
        return lowerCase ? "kim" : "kim-cased";
    }

    @Override
    public String toString() {
        return name();
    }
}
