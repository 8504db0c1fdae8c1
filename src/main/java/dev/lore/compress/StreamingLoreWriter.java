package dev.lore.compress;

import dev.lore.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Writes a low-rank float32 {@code .lore} file (the layout of {@link LoreFile}, docs/format.md)
 * whose vocabulary and factor {@code A} arrive row block by row block, so that neither is ever
 * whole in memory.
 *
 * <p>The header comes first in the file but records figures known only at the end (the measured
 * error in the provenance, the singular values), so the rows go to two scratch files beside the
 * target as they arrive (the words' UTF-8 records, {@code A}'s float32 values); {@link #finish}
 * then writes the target: header, the scratch bytes copied in order, {@code B}, and the CRC32C
 * computed while it streams, into a temporary file renamed over the target at the end
 * ({@link AtomicFiles}). The scratch files are deleted by {@link #close}, whatever happened.
 * Disk: the output's size twice, for a moment; heap: two 1 MiB buffers.
 *
 * <p>Order of calls: {@link #create}, {@link #rows} until every row is given, {@link #finish},
 * {@link #close} (try-with-resources). Not thread-safe.
 */
public final class StreamingLoreWriter implements AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final int rows;
    private final int dimension;
    private final int rank;
    private final long vocabularyBytes;
    private final Path wordsFile;
    private final Path valuesFile;
    private final FileChannel words;
    private final FileChannel values;
    private final ByteBuffer wordBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer valueBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long written;
    private long wordBytes;
    private boolean finished;

    private StreamingLoreWriter(Path target, int rows, int dimension, int rank, long vocabularyBytes,
            Path wordsFile, Path valuesFile) throws IOException {
        this.target = target;
        this.rows = rows;
        this.dimension = dimension;
        this.rank = rank;
        this.vocabularyBytes = vocabularyBytes;
        this.wordsFile = wordsFile;
        this.valuesFile = valuesFile;
        this.words = FileChannel.open(wordsFile, StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.values = FileChannel.open(valuesFile, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /**
     * Starts a file of known shape.
     *
     * @param target the {@code .lore} file, created or replaced by {@link #finish}; its directory
     *     must exist (the scratch files go there)
     * @param rows {@code V >= 1}
     * @param dimension {@code d >= 1}
     * @param rank {@code r} in {@code [1, min(V, d)]}, with {@code V r} and {@code r d} at most
     *     {@code Integer.MAX_VALUE}
     * @param vocabularyBytes the bytes the words will take, {@code sum (4 + UTF-8 length)}
     * @return the writer
     * @throws IllegalArgumentException if a size is out of range
     * @throws IOException if the scratch files cannot be created
     * @throws NullPointerException if {@code target} is null
     */
    public static StreamingLoreWriter create(Path target, int rows, int dimension, int rank, long vocabularyBytes)
            throws IOException {
        Objects.requireNonNull(target, "target");
        if (rows < 1 || dimension < 1 || rank < 1 || rank > Math.min(rows, dimension)) {
            throw new IllegalArgumentException("shape must be V >= 1, d >= 1, rank in [1, min(V, d)], got " + rows
                    + " x " + dimension + " rank " + rank);
        }
        if ((long) rows * rank > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A would hold " + (long) rows * rank + " values, more than "
                    + Integer.MAX_VALUE);
        }
        if (vocabularyBytes < 5L * rows) {
            throw new IllegalArgumentException("vocabularyBytes must be >= 5 V = " + 5L * rows + ", got "
                    + vocabularyBytes);
        }
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        Path w = Files.createTempFile(dir, "." + name + ".", ".words");
        Path a;
        try {
            a = Files.createTempFile(dir, "." + name + ".", ".a");
        } catch (IOException e) {
            Files.deleteIfExists(w);
            throw e;
        }
        try {
            return new StreamingLoreWriter(target, rows, dimension, rank, vocabularyBytes, w, a);
        } catch (IOException e) {
            Files.deleteIfExists(w);
            Files.deleteIfExists(a);
            throw e;
        }
    }

    /**
     * The UTF-8 bytes a word is stored as, checked as {@link LoreFile#write} checks them.
     *
     * @param word the word, not null
     * @param index its row, for messages
     * @return the bytes
     * @throws IllegalArgumentException if it is not valid Unicode or longer than
     *     {@link LoreFile#MAX_WORD_BYTES} bytes
     */
    static byte[] utf8(String word, long index) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(word));
            byte[] out = Arrays.copyOf(b.array(), b.limit());
            if (out.length > LoreFile.MAX_WORD_BYTES) {
                throw new IllegalArgumentException("word " + index + " has " + out.length + " UTF-8 bytes, more than "
                        + LoreFile.MAX_WORD_BYTES);
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("word " + index + " is not valid Unicode text", e);
        }
    }

    /**
     * Appends the next {@code count} rows: their words and their rows of {@code A}.
     *
     * @param rowWords at least {@code count} words, not modified
     * @param a {@code count x r} row-major values of {@code A}, finite; not modified
     * @param count rows, {@code >= 0}
     * @throws IllegalArgumentException if more than {@code V} rows are given, or a word cannot be
     *     stored
     * @throws IllegalStateException if the file is finished
     * @throws IOException if a scratch file cannot be written
     */
    public void rows(String[] rowWords, float[] a, int count) throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is already finished");
        }
        Objects.checkFromIndexSize(0, count, rowWords.length);
        Objects.checkFromIndexSize(0, Math.multiplyExact(count, rank), a.length);
        if (written + count > rows) {
            throw new IllegalArgumentException("the file announced " + rows + " rows, got " + (written + count));
        }
        for (int i = 0; i < count; i++) {
            byte[] w = utf8(rowWords[i], written + i);
            put(words, wordBuffer, 4);
            wordBuffer.putInt(w.length);
            for (int done = 0; done < w.length; ) {
                put(words, wordBuffer, 1);
                int n = Math.min(wordBuffer.remaining(), w.length - done);
                wordBuffer.put(w, done, n);
                done += n;
            }
            wordBytes += 4 + w.length;
        }
        for (int k = 0; k < count * rank; k++) {
            put(values, valueBuffer, 4);
            valueBuffer.putFloat(a[k]);
        }
        written += count;
    }

    /**
     * Writes the target: header, vocabulary, {@code A}, {@code B}, checksum; atomically.
     *
     * @param singularValues the singular values recorded in the header, {@code r <= count <= min(V,
     *     d)}, finite and {@code >= 0}
     * @param provenance recorded in the header
     * @param b the {@code r x d} row-major factor {@code B}, finite
     * @throws IllegalStateException if fewer than {@code V} rows were given, the words took other
     *     than the announced bytes, or the file is finished
     * @throws IllegalArgumentException if a value is out of range
     * @throws IOException if writing fails; the target is then unchanged
     */
    public void finish(double[] singularValues, Provenance provenance, float[] b) throws IOException {
        Objects.requireNonNull(singularValues, "singularValues");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(b, "b");
        if (finished) {
            throw new IllegalStateException("the file is already finished");
        }
        if (written != rows || wordBytes != vocabularyBytes) {
            throw new IllegalStateException("the file announced " + rows + " rows and " + vocabularyBytes
                    + " vocabulary bytes, got " + written + " and " + wordBytes);
        }
        if (singularValues.length < rank || singularValues.length > Math.min(rows, dimension)) {
            throw new IllegalArgumentException("expected " + rank + " to " + Math.min(rows, dimension)
                    + " singular values, got " + singularValues.length);
        }
        for (double s : singularValues) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("singular values must be finite and >= 0, got " + s);
            }
        }
        if (b.length != rank * dimension) {
            throw new IllegalArgumentException("b must hold " + rank * dimension + " values, got " + b.length);
        }
        for (float f : b) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException("b must be finite, got " + f);
            }
        }
        drain(words, wordBuffer);
        drain(values, valueBuffer);
        SortedMap<String, String> entries = provenance.entries();
        long length = FileFrame.PREAMBLE_BYTES + 20L + 8L * singularValues.length + 4 + vocabularyBytes
                + 12 + 4L * rows * rank + 12 + 4L * rank * dimension + FileFrame.CHECKSUM_BYTES;
        for (Map.Entry<String, String> en : entries.entrySet()) {
            length += LoreOutput.textBytes(en.getKey()) + LoreOutput.textBytes(en.getValue());
        }
        long total = length;
        // The same header as LoreEncoding.encode writes for a low-rank embedding.
        AtomicFiles.write(target, channel -> {
            LoreOutput out = LoreOutput.framed(channel, LoreFile.MAGIC, LoreFile.FIRST_VERSION, total);
            out.putInt(LoreFile.KIND_LOW_RANK);
            out.putInt(rows);
            out.putInt(dimension);
            out.putInt(rank);
            out.putInt(singularValues.length);
            for (double s : singularValues) {
                out.putDouble(s);
            }
            out.putInt(entries.size());
            for (Map.Entry<String, String> en : entries.entrySet()) {
                out.putText(en.getKey());
                out.putText(en.getValue());
            }
            copy(words, out);
            out.putInt(LoreFile.ENCODING_FLOAT32);
            out.putInt(rows);
            out.putInt(rank);
            copy(values, out);
            out.putInt(LoreFile.ENCODING_FLOAT32);
            out.putInt(rank);
            out.putInt(dimension);
            out.putFloats(b);
            out.finish();
        });
        finished = true;
    }

    /** Deletes the scratch files. */
    @Override
    public void close() throws IOException {
        try {
            words.close();
            values.close();
        } finally {
            Files.deleteIfExists(wordsFile);
            Files.deleteIfExists(valuesFile);
        }
    }

    private static void put(FileChannel channel, ByteBuffer buffer, int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain(channel, buffer);
        }
    }

    private static void drain(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private static void copy(FileChannel from, LoreOutput out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long size = from.size();
        for (long position = 0; position < size; ) {
            buffer.clear();
            int n = from.read(buffer, position);
            if (n < 0) {
                throw new IOException("a scratch file ended early at " + position + " of " + size + " bytes");
            }
            position += n;
            buffer.flip();
            out.putBytes(buffer);
        }
    }

    /** Target and shape; never the values. */
    @Override
    public String toString() {
        return "StreamingLoreWriter[" + target + ", " + rows + " x " + dimension + " rank " + rank + ", " + written
                + " rows written]";
    }
}
