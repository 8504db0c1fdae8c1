package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddingFileExceptionTest {

    @Test
    void messageIsFileLineProblem() {
        EmbeddingFileException e = new EmbeddingFileException(Path.of("/data", "glove.txt"), 1042,
                "expected 100 values, found 99");
        assertEquals("glove.txt:1042: expected 100 values, found 99", e.getMessage());
        assertEquals(1042, e.line());
        assertEquals(Path.of("/data", "glove.txt"), e.file());
    }

    @Test
    void lineZeroIsLeftOut() {
        assertEquals("g.txt: unreadable", new EmbeddingFileException(Path.of("g.txt"), 0,
                "unreadable").getMessage());
    }

    @Test
    void keepsItsCause() {
        IOException cause = new IOException("boom");
        assertSame(cause, new EmbeddingFileException(Path.of("g"), 3, "x", cause).getCause());
    }
}
