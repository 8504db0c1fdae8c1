package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void indicesFollowTheOrderGiven() {
        Vocabulary v = Vocabulary.of("the", "of", "and");
        assertEquals(3, v.size());
        assertEquals(0, v.indexOf("the"));
        assertEquals(1, v.indexOf("of"));
        assertEquals(2, v.indexOf("and"));
        assertEquals("of", v.word(1));
        assertEquals(List.of("the", "of", "and"), v.words());
        assertTrue(v.contains("and"));
    }

    @Test
    void unknownWordsAreMinusOne() {
        Vocabulary v = Vocabulary.of("the", "of");
        assertEquals(-1, v.indexOf("The"));
        assertEquals(-1, v.indexOf(""));
        assertFalse(v.contains("a"));
        assertEquals(-1, Vocabulary.of(List.of()).indexOf("a"));
    }

    @Test
    void rejectsDuplicateNullAndEmptyWords() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of("a", "b", "a"));
        assertEquals("duplicate word 'a' at indices 0 and 2", dup.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of("a", ""));
        assertEquals("words[1] must not be empty", empty.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(Arrays.asList("a", null)));
        assertEquals("words[1] must not be null", nul.getMessage());
    }

    @Test
    void wordOutOfRangeThrows() {
        Vocabulary v = Vocabulary.of("a");
        assertThrows(IndexOutOfBoundsException.class, () -> v.word(1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.word(-1));
    }

    @Test
    void isImmutable() {
        String[] words = {"a", "b"};
        Vocabulary v = Vocabulary.of(words);
        words[0] = "z";
        assertEquals("a", v.word(0));
        assertThrows(UnsupportedOperationException.class, () -> v.words().set(0, "z"));
    }

    @Test
    void largeVocabularyFindsEveryWordIncludingCollidingHashes() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            words.add("w" + i);
        }
        // "Aa" and "BB" share String.hashCode, so do all their concatenations
        words.addAll(List.of("AaAa", "AaBB", "BBAa", "BBBB"));
        Vocabulary v = Vocabulary.of(words);
        for (int i = 0; i < words.size(); i++) {
            assertEquals(i, v.indexOf(words.get(i)));
        }
        assertEquals(-1, v.indexOf("AaAaAa"));
    }

    @Test
    void equalityIsByWordsInOrder() {
        assertEquals(Vocabulary.of("a", "b"), Vocabulary.of(List.of("a", "b")));
        assertEquals(Vocabulary.of("a", "b").hashCode(), Vocabulary.of("a", "b").hashCode());
        assertNotEquals(Vocabulary.of("a", "b"), Vocabulary.of("b", "a"));
    }

    @Test
    void aWordTableBecomesAnEquivalentVocabulary() {
        WordTable table = new WordTable(0);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String w = "w" + (i * 7919 % 30_011); // repeats after 30,011 distinct words
            if (table.add(w)) {
                added.add(w);
            }
        }
        assertEquals(30_011, added.size());
        assertEquals(30_011, table.size());
        assertFalse(table.add("w0"));
        Vocabulary v = table.toVocabulary();
        assertEquals(Vocabulary.of(added), v);
        for (int i = 0; i < added.size(); i++) {
            assertEquals(i, v.indexOf(added.get(i)));
        }
        assertEquals(-1, v.indexOf("w30011"));
    }
}
