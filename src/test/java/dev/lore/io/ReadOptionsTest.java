package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadOptionsTest {

    @Test
    void defaultsReadEverythingAndDetectTheFormat() {
        ReadOptions o = ReadOptions.defaults();
        assertNull(o.format());
        assertEquals(0, o.maxWords());
        assertNull(o.keepOnly());
        assertEquals(0, o.threads());
        assertEquals(new ReadOptions(null, 0, null), o);
    }

    @Test
    void rejectsNegativeCounts() {
        assertEquals("maxWords must be >= 0 (0 = all), got -1", assertThrows(
                IllegalArgumentException.class, () -> new ReadOptions(null, -1, null)).getMessage());
        assertEquals("threads must be >= 0 (0 = automatic), got -2", assertThrows(
                IllegalArgumentException.class, () -> ReadOptions.defaults().withThreads(-2))
                .getMessage());
    }

    @Test
    void keepOnlyIsCopied() {
        Set<String> words = new HashSet<>(Set.of("a"));
        ReadOptions o = ReadOptions.defaults().withKeepOnly(words);
        words.add("b");
        assertEquals(Set.of("a"), o.keepOnly());
    }

    @Test
    void withersChangeOneComponent() {
        ReadOptions o = ReadOptions.defaults().withFormat(EmbeddingFormat.WORD2VEC_BINARY)
                .withMaxWords(5).withThreads(3);
        assertEquals(new ReadOptions(EmbeddingFormat.WORD2VEC_BINARY, 5, null, 3), o);
        assertEquals(3, o.effectiveThreads());
    }
}
