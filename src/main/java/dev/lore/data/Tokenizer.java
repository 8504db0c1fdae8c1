package dev.lore.data;

import java.util.List;

/**
 * Splits a raw text into tokens.
 *
 * <p>Contract: the result is never null, may be empty (a text of punctuation alone, under
 * {@link #kim()}), and holds non-empty tokens without whitespace. Implementations are immutable
 * and thread-safe.
 */
public interface Tokenizer {

    /**
     * The tokens of {@code text}, in order.
     *
     * @param text the raw text
     * @return the tokens, possibly none, each non-empty and without whitespace
     * @throws NullPointerException if {@code text} is null
     */
    List<String> tokenize(String text);

    /**
     * A short name that {@link #named(String)} maps back to this tokenizer.
     *
     * @return {@code kim}, {@code kim-cased}, {@code whitespace} or {@code whitespace-lower}
     */
    String name();

    /**
     * The default: lower-case, then the cleanup of Kim (2014), with PTB bracket and quote tokens
     * and accented letters handled first. See {@link #kim(boolean)} for the exact rules.
     *
     * @return {@code kim(true)}, a shared instance
     */
    static Tokenizer kim() {
        return KimTokenizer.LOWER;
    }

    /**
     * Kim-style cleanup, after Kim, "Convolutional Neural Networks for Sentence Classification",
     * EMNLP 2014 ({@code clean_str} of his code). Steps, in order:
     * <ol>
     *   <li>PTB escapes, as whole whitespace-separated tokens, case-insensitive: {@code -lrb-}
     *       becomes {@code (}, {@code -rrb-} becomes {@code )}; {@code -lsb- -rsb- -lcb- -rcb-}
     *       and the PTB double quotes {@code ``} and {@code ''} are dropped (Kim's step 4 drops
     *       {@code [ ] { } "} from raw text, so PTB-tokenized data and raw data agree);
     *   <li>accents folded: Unicode NFKD, combining marks removed ({@code cliché -> cliche},
     *       where Kim's code would give {@code clich}, {@code s} for {@code clichés});
     *   <li>lower-casing ({@link java.util.Locale#ROOT}), if {@code lowerCase};
     *   <li>every character outside {@code [A-Za-z0-9(),!?'`]} becomes a space;
     *   <li>a token boundary before every {@code 's 've n't 're 'd 'll} (case-insensitive; not
     *       anchored, as in Kim's code: {@code don't -> do n't}, {@code 'sup -> 'sup});
     *   <li>each of {@code , ! ( ) ?} becomes a token of its own;
     *   <li>split on spaces, dropping empty tokens.
     * </ol>
     * Kim's code lower-cases last, so its contraction rules miss {@code DON'T}; here lower-casing
     * comes first. Kim's code, through a quirk of Python's {@code re.sub}, emits {@code \(}
     * {@code \)} {@code \?}; here the tokens are {@code ( ) ?}.
     *
     * <p>Examples (lower-casing on): {@code "It's not bad, is it?"} gives {@code [it, 's, not, bad,
     * ",", is, it, ?]}; SST's {@code "-lrb- it 's a `` re-imagining '' -rrb- ."} gives
     * {@code [(, it, 's, a, re, imagining, )]}; MR's {@code "don't"} and SST's {@code "do n't"}
     * both give {@code [do, n't]}; {@code "writer\/director"} gives {@code [writer, director]};
     * TREC's {@code "What is .com ?"} gives {@code [what, is, com, ?]}; {@code "..."} gives
     * {@code []}.
     *
     * @param lowerCase whether step 3 lower-cases
     * @return a shared instance, named {@code kim} or {@code kim-cased}
     */
    static Tokenizer kim(boolean lowerCase) {
        return lowerCase ? KimTokenizer.LOWER : KimTokenizer.CASED;
    }

    /**
     * Splits on whitespace ({@link Character#isWhitespace}) and nothing else, lower-casing
     * ({@link java.util.Locale#ROOT}) first if {@code lowerCase}: for data that is already
     * tokenized as wanted.
     *
     * @param lowerCase whether to lower-case first
     * @return a shared instance, named {@code whitespace-lower} or {@code whitespace}
     */
    static Tokenizer whitespace(boolean lowerCase) {
        return lowerCase ? WhitespaceTokenizer.LOWER : WhitespaceTokenizer.CASED;
    }

    /**
     * The tokenizer with the given {@link #name()}: {@code kim}, {@code kim-cased},
     * {@code whitespace}, {@code whitespace-lower}.
     *
     * @param name one of these, exactly (case-sensitive)
     * @return the shared instance of that name
     * @throws IllegalArgumentException for any other name
     */
    static Tokenizer named(String name) {
        for (Tokenizer t : List.of(kim(true), kim(false), whitespace(false), whitespace(true))) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("tokenizer must be one of kim, kim-cased, whitespace,"
                + " whitespace-lower, got '" + name + "'");
    }
}
