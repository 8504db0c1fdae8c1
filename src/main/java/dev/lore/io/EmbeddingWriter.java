package dev.lore.io;

import java.io.IOException;
import java.nio.file.Path;

/** Writes embeddings to files; every write goes to a temporary file moved into place. */
public final class EmbeddingWriter {

    private EmbeddingWriter() {}

    /**
     * Writes GloVe text ({@code word v1 ... vd} per line), each value in the shortest decimal form
     * that reads back to the same float, so a round trip is exact. A {@code .gz} name is gzipped.
     */
    public static void writeGlove(Path file, Embeddings embeddings) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
