package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected tokens are worked out by hand from the rules in {@link Tokenizer#kim(boolean)}. */
class TokenizerTest {

    private static final Tokenizer KIM = Tokenizer.kim();

    private static List<String> kim(String text) {
        return KIM.tokenize(text);
    }

    @Test
    void kimJavadocExamples() {
        assertEquals(List.of("it", "'s", "not", "bad", ",", "is", "it", "?"), kim("It's not bad, is it?"));
        assertEquals(List.of("(", "it", "'s", "a", "re", "imagining", ")"),
                kim("-lrb- it 's a `` re-imagining '' -rrb- ."));
        assertEquals(List.of("do", "n't"), kim("don't"));
        assertEquals(List.of("do", "n't"), kim("do n't"));
        assertEquals(List.of("writer", "director"), kim("writer\\/director"));
        assertEquals(List.of("what", "is", "com", "?"), kim("What is .com ?"));
        assertEquals(List.of(), kim("..."));
        assertEquals(List.of("cliche"), kim("cliché"));
    }

    @Test
    void kimSplitsCliticsAndPunctuation() {
        assertEquals(List.of("it", "'s", "not", "bad", ",", "is", "it", "?"), kim("It's not bad, is it?"));
        assertEquals(List.of("we", "'ve", "they", "'re", "i", "'d", "you", "'ll", "ca", "n't", "!"),
                kim("we've they're I'd you'll can't!"));
        assertEquals(List.of("(", "a", ")", "(", "b", ")"), kim("(a)(b)"));
        // Not anchored, as in Kim's regular expressions.
        assertEquals(List.of("'sup"), kim("'sup"));
        assertEquals(List.of("'do", "n't'"), kim("'don't'"));
    }

    @Test
    void kimDropsOtherCharactersAndCollapsesWhitespace() {
        assertEquals(List.of("re", "imagining", "of", "u", "s", "films"), kim("re-imagining of U.S. films."));
        assertEquals(List.of("a", "b", "c"), kim("  a;\tb:\"c\"  "));
        assertEquals(List.of(), kim("... -- ;"));
        assertEquals(List.of("`", "x"), kim("` x"));
    }

    @Test
    void kimCliticsBeforeLowerCasingAreCaught() {
        // Kim's code lower-cases last, so its case-sensitive rules leave DON'T whole.
        assertEquals(List.of("do", "n't", "'s"), kim("DON'T 'S"));
        assertEquals(List.of("DO", "N'T", "Bob", "'S"), Tokenizer.kim(false).tokenize("DON'T Bob'S"));
    }

    @Test
    void kimOnSst2Lines() {
        // sst2.train.tsv line 259: PTB brackets and quotes.
        assertEquals(List.of("(", "safe", "conduct", ")", "is", "a", "long", "movie", "at", "163", "minutes"),
                kim("-lrb- `` safe conduct '' -rrb- is a long movie at 163 minutes"));
        // line 3: PTB clitics are already split; they stay as they are.
        assertEquals(List.of("they", "presume", "their", "audience", "wo", "n't", "sit", "still"),
                kim("they presume their audience wo n't sit still"));
        assertEquals(List.of("jonathan", "parker", "'s", "bartleby"), kim("jonathan parker 's bartleby"));
        // line 201 and 994: PTB-escaped slash and asterisk.
        assertEquals(List.of("comedy", "drama", "that"), kim("comedy\\/drama that"));
        assertEquals(List.of("of", "corpus", "and"), kim("of \\* corpus and"));
        // line 38: PTB single quotes are kept by Kim's character set.
        assertEquals(List.of("moment", "`", "tap", ",", "tapping", "away", "'", "on"),
                kim("moment ` tap , tapping away ' on"));
        // Upper-case PTB escapes (raw PTB output).
        assertEquals(List.of("(", "x", ")"), kim("-LRB- x -RRB-"));
        // Square and curly PTB brackets vanish like [ ] { } in raw text.
        assertEquals(List.of("a", "b"), kim("-lsb- a -rsb- -lcb- b -rcb-"));
        // Inside a word the escape is not a token: the hyphens are dropped by the character filter.
        assertEquals(List.of("x", "lrb", "y"), kim("x-lrb-y"));
    }

    @Test
    void kimOnMrAndTrecLines() {
        // mr.train.tsv line 4: raw clitics give the same tokens as SST's PTB text.
        assertEquals(List.of("the", "obligatory", "break", "ups", "do", "n't", "seem"),
                kim("the obligatory break-ups don't seem"));
        assertEquals(kim("they do n't mind"), kim("they don't mind"));
        // mr line 8: raw double quotes are dropped, like PTB's `` and ''.
        assertEquals(List.of("like", "horrible", "and", "terrible", ","),
                kim("like \" horrible \" and \" terrible , \""));
        // mr line 9: accents folded instead of splitting the word.
        assertEquals(List.of("contrived", "pastiche", "of", "caper", "cliches"),
                kim("contrived pastiche of caper clichés ."));
        assertEquals(List.of("naive", "pinata", "facade", "1", "2"), kim("Naïve piñata FAÇADE ½"));
        // trec6.train.tsv line 411: TREC's own clitic split is kept as is.
        assertEquals(List.of("why", "doesn", "'t", "www", "answers", "com", "have", "any", "answers", "?"),
                kim("Why doesn 't www.answers.com have any answers ?"));
        // trec6 line 341.
        assertEquals(List.of("who", "declared", "i", "am", "down", "?"), kim("Who declared : `` I am down '' ?"));
    }

    @Test
    void kimRemovesAngleBrackets() {
        // A literal <pad> in raw text cannot become the padding word.
        assertEquals(List.of("a", "pad", "b", "unk"), kim("a <pad> b <unk>"));
    }

    @Test
    void kimTokensNeverHoldWhitespaceOrAreEmpty() {
        String[] texts = {"  ", "a\u00a0b", "x\u2003y", "\t(\t)\t", "e\u0301", "'", "n't"};
        for (String t : texts) {
            for (String token : kim(t)) {
                assertTrue(!token.isEmpty() && token.chars().noneMatch(Character::isWhitespace),
                        "token '" + token + "' of '" + t + "'");
            }
        }
        assertEquals(List.of("a", "b"), kim("a\u00a0b"));
        assertEquals(List.of("e"), kim("e\u0301"));
        assertEquals(List.of("n't"), kim("n't"));
    }

    @Test
    void whitespaceTokenizer() {
        assertEquals(List.of("It's", "-lrb-", "<pad>", "x"),
                Tokenizer.whitespace(false).tokenize(" It's\t-lrb-  <pad>\nx "));
        assertEquals(List.of("it's", "a"), Tokenizer.whitespace(true).tokenize("It's A"));
        assertEquals(List.of(), Tokenizer.whitespace(true).tokenize(" \t "));
        // U+2003 EM SPACE is whitespace; U+00A0 NO-BREAK SPACE is not (Character.isWhitespace).
        assertEquals(List.of("a", "b\u00a0c"), Tokenizer.whitespace(false).tokenize("a\u2003b\u00a0c"));
    }

    @Test
    void namesRoundTrip() {
        for (Tokenizer t : List.of(Tokenizer.kim(), Tokenizer.kim(false), Tokenizer.whitespace(false),
                Tokenizer.whitespace(true))) {
            assertSame(t, Tokenizer.named(t.name()));
        }
        assertEquals("kim", Tokenizer.kim().name());
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.named("bpe"));
        assertThrows(NullPointerException.class, () -> KIM.tokenize(null));
    }
}
