package dev.lore.io;

import dev.lore.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/** Reads embedding files (see {@link EmbeddingFormat}); {@code .gz} files are decompressed on the fly. */
public final class EmbeddingReader {

    private EmbeddingReader() {}

    /**
     * Reads an embedding file.
     *
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read
     */
    public static LoadResult read(Path file, ReadOptions options, ProgressListener progress)
            throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Reads every word of {@code file}, detecting its format. */
    public static Embeddings read(Path file) throws IOException {
        return read(file, ReadOptions.defaults(), ProgressListener.none()).embeddings();
    }
}
