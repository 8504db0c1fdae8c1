package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lore.io.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceEncoderTest {

    /** ids: pad 0, unk 1, the 2, film 3, is 4, good 5. */
    private static final Vocabulary VOCAB = Vocabulary.of("<pad>", "<unk>", "the", "film", "is", "good");

    private static SequenceEncoder encoder(int maxLen) {
        return new SequenceEncoder(VOCAB, Tokenizer.kim(), maxLen);
    }

    @Test
    void padsShortSentencesWithPad() {
        assertArrayEquals(new int[] {2, 3, 4, 5, 0, 0}, encoder(6).encode("The film is good."));
        assertArrayEquals(new int[] {2, 1, 5, 0}, encoder(4).encode("the plot good"));
    }

    @Test
    void cutsLongSentencesKeepingTheFirstTokens() {
        assertArrayEquals(new int[] {2, 3, 4}, encoder(3).encode("the film is good"));
        int[] out = {9, 9, 9, 9, 9};
        assertEquals(3, encoder(3).encode(List.of("good", "the", "film", "is"), out, 1));
        assertArrayEquals(new int[] {9, 5, 2, 3, 9}, out); // only [1, 4) written
    }

    @Test
    void emptySentenceBecomesOneUnk() {
        int[] out = new int[4];
        assertEquals(1, encoder(4).encode(List.of(), out, 0));
        assertArrayEquals(new int[] {1, 0, 0, 0}, out);
        assertArrayEquals(new int[] {1, 0}, encoder(2).encode("... --"));
    }

    @Test
    void specialSpellingsAreUnkNotPad() {
        Tokenizer ws = Tokenizer.whitespace(false);
        assertArrayEquals(new int[] {2, 1, 1, 0}, new SequenceEncoder(VOCAB, ws, 4).encode("the <pad> <unk>"));
    }

    @Test
    void encodesASplitWithStats() throws DatasetFileException {
        DatasetSplit split = DatasetSplit.of("dev", List.of(
                new Example("pos", "the film is good"),
                new Example("neg", "the film is not good at all"),
                new Example("pos", "..."),
                new Example("neg", "qux")));
        LabelSet labels = LabelSet.of(List.of("neg", "pos"));
        EncodedSplit e = encoder(5).encode(split, labels);
        assertEquals(4, e.size());
        assertEquals(5, e.maxLen());
        assertArrayEquals(new int[] {2, 3, 4, 5, 0}, e.ids(0));
        assertArrayEquals(new int[] {2, 3, 4, 1, 5}, e.ids(1));
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, e.ids(2));
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, e.ids(3));
        assertArrayEquals(new int[] {4, 5, 1, 1}, e.lengths());
        assertArrayEquals(new int[] {1, 0, 1, 0}, e.labels());
        SplitStats s = e.stats();
        // Tokens: 4 + 7 + 0 + 1; UNK: not, at, all, qux (counted before the cut).
        assertEquals(new SplitStats("dev", 4, 12, 4, 1, 2, 1), s);
        assertEquals(4 / 12.0, s.unkRate(), 1e-15);
    }

    @Test
    void unknownLabelIsReported() {
        DatasetSplit split = DatasetSplit.of("dev", List.of(new Example("maybe", "the film")));
        LabelSet labels = LabelSet.of(List.of("neg", "pos"));
        assertThrows(IllegalArgumentException.class, () -> encoder(3).encode(split, labels));
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> encoder(0));
        Vocabulary noSpecials = Vocabulary.of("the", "film");
        assertThrows(IllegalArgumentException.class, () -> new SequenceEncoder(noSpecials, Tokenizer.kim(), 3));
        assertThrows(IndexOutOfBoundsException.class, () -> encoder(3).encode(List.of("the"), new int[4], 2));
    }
}
