package dev.lore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The first pass's word checks and the duplicate check's hash, without Spark. */
class PassOneTest {

    private static RowBlock one(String word) {
        return RowBlock.of(new String[] {word}, new float[] {1f}, 1, 1);
    }

    /** The hand-counted UTF-8 length equals the JDK encoder's, over random text of 1-4 byte characters. */
    @Test
    void utf8LengthMatchesTheEncoder() {
        Random r = new Random(5);
        int[] ranges = {0x7f, 0x7ff, 0xd7ff, 0x10ffff};
        for (int t = 0; t < 2000; t++) {
            StringBuilder s = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                int cp;
                do {
                    cp = 1 + r.nextInt(ranges[r.nextInt(ranges.length)]);
                } while (cp >= 0xd800 && cp <= 0xdfff);
                s.appendCodePoint(cp);
            }
            String w = s.toString();
            assertEquals(w.getBytes(StandardCharsets.UTF_8).length, PassOne.utf8Length(w, one(w), 0), w);
        }
    }

    @Test
    void badWordsAreRefusedByName() {
        String lone = "ab\ud800c";
        BadRowException e = assertThrows(BadRowException.class, () -> PassOne.utf8Length(lone, one(lone), 0));
        assertTrue(e.getMessage().endsWith("the word is not valid Unicode text"), e.getMessage());
        assertThrows(BadRowException.class, () -> PassOne.utf8Length("", one("x"), 0));
        String big = "x".repeat(PassOne.MAX_WORD_BYTES + 1);
        BadRowException b = assertThrows(BadRowException.class, () -> PassOne.utf8Length(big, one("x"), 0));
        assertTrue(b.getMessage().contains("65536 UTF-8 bytes, more than 65535"), b.getMessage());
    }

    /** No collision among 200,000 distinct words, and the hash depends on every character. */
    @Test
    void hashSpreadsWords() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add(SparkCompressor.hash("w" + i)));
        }
        assertNotEquals(SparkCompressor.hash("ab"), SparkCompressor.hash("ba"));
    }
}
