package dev.lore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineChunkerTest {

    private static final int LIMIT = 1000;

    @Test
    void chunksAreWholeLinesThatConcatenateToTheInput() throws IOException {
        Random random = new Random(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("x".repeat(random.nextInt(120))).append('\n');
        }
        sb.append("last line without newline");
        for (int chunkSize : new int[] {16, 100, 4096}) {
            List<String> chunks = chunks(sb.toString(), chunkSize);
            assertEquals(sb.toString(), String.join("", chunks));
            for (int i = 0; i < chunks.size() - 1; i++) {
                assertTrue(chunks.get(i).endsWith("\n"));
                assertTrue(chunks.get(i).length() > 0, "non-empty chunk");
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitIsRejected() {
        String text = "short\n" + "y".repeat(LIMIT + 10) + "\n";
        assertThrows(LineChunker.LineTooLongException.class, () -> chunks(text, 64));
    }

    @Test
    void aReadFailureComesAfterTheCompleteLinesBeforeIt() throws IOException {
        IOException failure = new IOException("disk");
        InputStream failing = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(
                    "a 1\nb 2\npartial".getBytes(StandardCharsets.US_ASCII));

            @Override
            public int read() throws IOException {
                int b = data.read();
                if (b < 0) {
                    throw failure;
                }
                return b;
            }
        };
        LineChunker chunker = new LineChunker(failing, new BufferPool(64, 2), 64, LIMIT);
        LineChunker.Chunk first = chunker.next();
        assertEquals("a 1\nb 2\n", new String(first.bytes(), 0, first.length(),
                StandardCharsets.US_ASCII));
        assertSame(failure, assertThrows(IOException.class, chunker::next));
    }

    @Test
    void emptyInputHasNoChunks() throws IOException {
        LineChunker chunker = new LineChunker(new ByteArrayInputStream(new byte[0]),
                new BufferPool(64, 2), 64, LIMIT);
        assertNull(chunker.next());
        assertTrue(chunker.atEnd());
    }

    private static List<String> chunks(String text, int chunkSize) throws IOException {
        BufferPool pool = new BufferPool(chunkSize, 2);
        LineChunker chunker = new LineChunker(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), pool, chunkSize,
                LIMIT);
        List<String> chunks = new ArrayList<>();
        for (LineChunker.Chunk c; (c = chunker.next()) != null; ) {
            chunks.add(new String(c.bytes(), 0, c.length(), StandardCharsets.US_ASCII));
            pool.give(c.bytes());
        }
        return chunks;
    }
}
