package dev.lore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lore.data.Tokenizer;
import dev.lore.io.Vocabulary;
import dev.lore.nn.TokenBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    static final Vocabulary GLOVE_LIKE = Vocabulary.of("the", "cat", "sat", "mat");

    @Test
    void aPlainVocabularyEncodesWithEachPolicy() {
        TextEncoder skip = TextEncoder.skipping(GLOVE_LIKE, Tokenizer.whitespace(false), 10);
        assertArrayEquals(new int[] {0, 1, 2}, skip.encode("The cat purred sat"));
        TextEncoder replace = new TextEncoder(GLOVE_LIKE, Tokenizer.whitespace(false), 10, TextEncoder.Unknown.REPLACE, 3);
        assertArrayEquals(new int[] {0, 1, 3, 2}, replace.encode("The cat purred sat"));
        TextEncoder reject = new TextEncoder(GLOVE_LIKE, Tokenizer.whitespace(false), 10, TextEncoder.Unknown.REJECT, 0);
        assertThrows(IllegalArgumentException.class, () -> reject.encode("the dog"));
        assertArrayEquals(new int[] {0, 1}, TextEncoder.skipping(GLOVE_LIKE, Tokenizer.whitespace(false), 2).encode("the cat sat"));
    }

    @Test
    void aBatchIsPaddedToItsLongestTextWithLengths() {
        TokenBatch b = TextEncoder.skipping(GLOVE_LIKE, Tokenizer.whitespace(false), 10).batch(List.of("the cat sat", "mat", "dog"));
        assertEquals(3, b.seqLen());
        assertArrayEquals(new int[] {3, 1, 0}, b.lengths());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 0, 0, 0, 0}, b.ids().data().asInt());
        assertThrows(IllegalArgumentException.class,
                () -> new TextEncoder(GLOVE_LIKE, Tokenizer.whitespace(false), 10, TextEncoder.Unknown.REPLACE, 4));
    }
}
