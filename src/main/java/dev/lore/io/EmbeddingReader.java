package dev.lore.io;

import dev.lore.ProgressListener;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads embedding files: GloVe text, word2vec/fastText text and word2vec binary (see
 * {@link EmbeddingFormat}), each optionally gzipped.
 *
 * <p><b>Detection.</b> A file starting with the gzip magic bytes {@code 1f 8b} is decompressed on
 * the fly, whatever its name. The format is then taken from {@link ReadOptions#format()} or
 * detected: a first line of exactly two unsigned integers {@code V d} is a word2vec header;
 * without one the file is GloVe text and {@code d} is the number of values on its first line.
 * After a header the body is binary if the name (without {@code .gz}) ends in {@code .bin}, or if
 * the first record's line, after the word, holds anything but digits, {@code + - . e E}, spaces,
 * tabs and {@code \r}; otherwise it is text.
 *
 * <p><b>Text.</b> Tokens are separated by spaces or tabs, lines end with {@code \n} or
 * {@code \r\n}, blank lines are skipped, a word cannot contain whitespace. Each line must hold a
 * word and exactly {@code d} decimal numbers (the grammar of {@link Float#parseFloat} without
 * {@code NaN}, {@code Infinity}, hexadecimal or suffixes); values are rounded exactly as
 * {@code Float.parseFloat} rounds them.
 *
 * <p><b>Binary.</b> After the header line, per word: optional {@code \n} bytes, the word's bytes,
 * a space, then {@code d} little-endian IEEE 754 float32 values. Line numbers in messages count
 * the header as line 1, so record {@code i} is line {@code i + 1}.
 *
 * <p><b>Byte-order mark.</b> A UTF-8 byte-order mark ({@code EF BB BF}) at the start of the
 * (decompressed) content is skipped, so it neither joins the first word nor hides a word2vec
 * header; line numbers are unchanged.
 *
 * <p><b>Words.</b> Words are decoded as UTF-8. Malformed bytes are replaced by U+FFFD rather than
 * rejected, so files with a few broken words still load; one warning gives the count and the first
 * line. The first occurrence of a word is kept; later ones are counted in
 * {@link LoadResult#duplicates()} and one warning gives the count and the first duplicate.
 *
 * <p><b>Errors.</b> Every malformed input raises an {@link EmbeddingFileException} naming the file
 * and the 1-based line: a wrong number of values, a token that is not a number, NaN or infinity, a
 * value beyond the float range, a word without values, an empty file, a header disagreeing with
 * the body, a truncated or corrupt gzip stream, a truncated binary record. Reading stops once
 * {@code maxWords} words are kept; what follows is not examined (nor, for gzip, the checksum).
 */
public final class EmbeddingReader {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingReader.class);
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int IO_BUFFER_BYTES = 1 << 16;
    /** Smallest gzip file: 10 bytes of header, an empty block, 8 bytes of trailer. */
    private static final int GZIP_MIN_BYTES = 20;
    /** Compression ratio beyond which a gzip trailer's size is not believed. */
    private static final long MAX_GZIP_RATIO = 16;
    /**
     * Share of the estimated GloVe rows reserved up front: the estimate divides the file size by
     * the mean line length of the first chunk, which was 1.3% short for GloVe 6B (frequent words
     * come first); what does not fit goes to further blocks.
     */
    private static final double ESTIMATE_SHARE = 0.97;
    /** Bytes between two progress reports. */
    private static final long PROGRESS_STEP = 4L << 20;

    private EmbeddingReader() {}

    /**
     * Reads an embedding file with what reading it found (duplicates, lines), reporting progress.
     *
     * @param file the file; gzip is recognized by its content
     * @param options the format (or detection), filters and threads
     * @param progress receives the compressed bytes read, with {@code total} the file size
     * @return the kept words in file order with their vectors (a {@code [V, d]} FLOAT 'c' matrix)
     *     and the counts of lines and duplicates
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read
     */
    public static LoadResult load(Path file, ReadOptions options, ProgressListener progress)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        progress.start("loading " + file.getFileName(), Files.size(file), "bytes");
        // FileInputStream reads straight into the array; Files.newInputStream goes through a
        // temporary direct buffer and cost 4 times the CPU (0.21 vs 0.057 s for 296 MB)
        try (InputStream raw = new FileInputStream(file.toFile())) {
            ProgressInputStream counted = new ProgressInputStream(raw, progress, PROGRESS_STEP);
            PushbackInputStream magic = new PushbackInputStream(counted, 2);
            FailureMemo gzip = isGzip(magic) ? new FailureMemo(openGzip(file, magic)) : null;
            LoadResult result = read(file, gzip != null ? gzip : magic, gzip, options, null);
            progress.update(counted.count(), "");
            return result;
        } finally {
            progress.finish();
        }
    }

    /**
     * {@link #load(Path, ReadOptions, ProgressListener)} without progress reports.
     *
     * @param file the file; gzip is recognized by its content
     * @param options the format (or detection), filters and threads
     * @return the kept words in file order with their vectors (a {@code [V, d]} FLOAT 'c' matrix)
     *     and the counts of lines and duplicates
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read
     */
    public static LoadResult load(Path file, ReadOptions options) throws IOException {
        return load(file, options, ProgressListener.none());
    }

    /**
     * Reads the words and vectors of an embedding file: {@link #load(Path, ReadOptions)}'s vectors.
     *
     * @param file the file; gzip is recognized by its content
     * @param options the format (or detection), filters and threads
     * @return the kept words in file order with their vectors (a {@code [V, d]} FLOAT 'c' matrix)
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read
     */
    public static WordVectors read(Path file, ReadOptions options) throws IOException {
        return load(file, options).vectors();
    }

    /**
     * Reads every word of {@code file}, detecting its format: {@code read(file, ReadOptions.defaults())}.
     *
     * @param file the file; gzip is recognized by its content
     * @return every distinct word in file order with its vector (a {@code [V, d]} FLOAT 'c' matrix)
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read
     */
    public static WordVectors read(Path file) throws IOException {
        return read(file, ReadOptions.defaults());
    }

    /**
     * Receives the rows of an embedding file as {@link #stream} reads them. Called on the reading
     * thread, in file order.
     */
    public interface RowConsumer {
        /**
         * Called once, before any row, when the dimension is known.
         *
         * @param dimension values per word, {@code >= 1}
         * @throws IOException if the consumer fails; reading stops with it
         */
        default void start(int dimension) throws IOException {}

        /**
         * Takes the next kept rows (first occurrences that pass the options' filters).
         *
         * @param words {@code count} words, in file order; the array is the consumer's to keep
         * @param values their vectors, {@code count x d} row-major; the consumer's to keep
         * @param count rows, {@code >= 1}
         * @throws IOException if the consumer fails; reading stops with it
         */
        void accept(String[] words, float[] values, int count) throws IOException;
    }

    /**
     * What {@link #stream} read.
     *
     * @param dimension values per word
     * @param rows words kept (and sent to the consumer)
     * @param duplicates lines whose word had already been read
     * @param lines words read from the file, as {@link LoadResult#lines()}
     */
    public record Streamed(int dimension, long rows, long duplicates, long lines) {}

    /**
     * Reads an embedding file as {@link #load(Path, ReadOptions, ProgressListener)} does, with the
     * same checks, rules and errors, but hands the kept rows to {@code consumer} chunk by chunk
     * instead of building a matrix: the heap holds a few chunks in flight and the kept words (to
     * recognize duplicates), not the vectors.
     *
     * @param file the file; gzip is recognized by its content
     * @param options the format (or detection), filters and threads
     * @param consumer receives the rows, in file order
     * @param progress receives the compressed bytes read, with {@code total} the file size
     * @return the dimension and the counts
     * @throws EmbeddingFileException if the file is malformed (the message names file and line)
     * @throws IOException if it cannot be read, or the consumer fails
     */
    public static Streamed stream(Path file, ReadOptions options, RowConsumer consumer, ProgressListener progress)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(progress, "progress");
        progress.start("reading " + file.getFileName(), Files.size(file), "bytes");
        try (InputStream raw = new FileInputStream(file.toFile())) {
            ProgressInputStream counted = new ProgressInputStream(raw, progress, PROGRESS_STEP);
            PushbackInputStream magic = new PushbackInputStream(counted, 2);
            FailureMemo gzip = isGzip(magic) ? new FailureMemo(openGzip(file, magic)) : null;
            Streamed[] out = new Streamed[1];
            read(file, gzip != null ? gzip : magic, gzip, options, (rows, dim) -> {
                out[0] = new Streamed(dim, rows.keptWords(), rows.duplicates(), rows.wordsSeen());
            }, consumer);
            progress.update(counted.count(), "");
            return out[0];
        } finally {
            progress.finish();
        }
    }

    /**
     * An estimate of the bytes that the vectors of {@code file} take as float32 ({@code 4 V d}),
     * from its first 64 KiB: exact for a word2vec header, else the (uncompressed) size divided by
     * the mean length of the first lines, times the values on the first line. Used to decide
     * whether a table fits in memory; reads only the beginning (and a gzip file's trailer).
     *
     * @param file the embedding file, gzip recognized by its content
     * @return the estimate in bytes, {@code >= 0}
     * @throws EmbeddingFileException if the beginning of the file is malformed
     * @throws IOException if it cannot be read
     */
    public static long estimateFloatBytes(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream raw = new FileInputStream(file.toFile())) {
            PushbackInputStream magic = new PushbackInputStream(raw, 2);
            FailureMemo gzip = isGzip(magic) ? new FailureMemo(openGzip(file, magic)) : null;
            InputStream in = skipByteOrderMark(file, gzip != null ? gzip : magic, gzip);
            byte[] prefix = new byte[FormatDetector.PREFIX_BYTES];
            int length = readPrefix(file, in, prefix, gzip);
            boolean wholeFile = length < prefix.length && (gzip == null || gzip.failure() == null);
            FormatDetector.Layout layout = FormatDetector.detect(file, prefix, length, wholeFile, null);
            if (layout.words() >= 0) {
                return 4L * layout.words() * layout.dimension();
            }
            long bytes = uncompressedSize(file, gzip != null);
            if (bytes < 0) {
                bytes = 3 * Files.size(file);
            }
            int lines = 0;
            for (int i = 0; i < length; i++) {
                lines += prefix[i] == '\n' ? 1 : 0;
            }
            int dim = TextChunkParser.countValuesOfFirstLine(prefix, layout.headerBytes(), length);
            if (lines == 0 || dim <= 0) {
                return 4L * bytes; // one long line or none: the size itself bounds it
            }
            return 4L * (bytes / Math.max(1, length / lines)) * dim;
        }
    }

    /** Receives the assembler once reading ends. */
    private interface Finish {
        void done(RowAssembler rows, int dimension);
    }

    private static LoadResult read(Path file, InputStream stream, FailureMemo gzip,
            ReadOptions options, RowConsumer consumer) throws IOException {
        return read(file, stream, gzip, options, null, consumer);
    }

    /**
     * @param gzip the decompressed stream if the file is gzipped (then {@code in == gzip})
     * @param finish when streaming, receives the assembler at the end (and null is returned)
     * @param consumer receives the rows instead of a matrix, or null
     */
    private static LoadResult read(Path file, InputStream stream, FailureMemo gzip,
            ReadOptions options, Finish finish, RowConsumer consumer) throws IOException {
        stream = skipByteOrderMark(file, stream, gzip);
        byte[] prefix = new byte[FormatDetector.PREFIX_BYTES];
        int length = readPrefix(file, stream, prefix, gzip);
        boolean wholeFile = length < prefix.length && (gzip == null || gzip.failure() == null);
        InputStream in = new ReplayInputStream(prefix, length, stream);
        FormatDetector.Layout layout =
                FormatDetector.detect(file, prefix, length, wholeFile, options.format());
        RowAssembler rows;
        long lines;
        long bytes = uncompressedSize(file, gzip != null);
        if (layout.format() == EmbeddingFormat.WORD2VEC_BINARY) {
            in.skipNBytes(layout.headerBytes());
            int dim = layout.dimension();
            long expected = bytes < 0 ? -1 : Math.min(layout.words(), bytes / (4L * dim + 2));
            rows = new RowAssembler(file, dim, options, layout.words(), expected);
            start(rows, consumer, dim);
            lines = readBinary(new BinaryRecordParser(in, layout.dimension()), rows);
        } else {
            TextPipeline pipeline =
                    new TextPipeline(file, in, gzip != null, options.effectiveThreads());
            LineChunker.Chunk first = pipeline.firstChunk();
            int start = layout.headerBytes();
            int dim = layout.dimension() > 0 ? layout.dimension() : dimensionOf(file, first, start);
            long expected = bytes < 0 ? -1 : layout.words() >= 0
                    ? Math.min(layout.words(), bytes / (2L * dim))
                    : (long) (ESTIMATE_SHARE * bytes / averageLineLength(first));
            rows = new RowAssembler(file, dim, options, layout.words(), expected);
            start(rows, consumer, dim);
            pipeline.run(first, start, start > 0 ? 1 : 0, dim, rows);
            lines = pipeline.lines();
        }
        if (!rows.full() && layout.words() >= 0 && rows.wordsSeen() < layout.words()) {
            throw new EmbeddingFileException(file, lines + 1, "the file ends after "
                    + rows.wordsSeen() + " of the " + layout.words() + " words the header declares");
        }
        warn(file, rows);
        if (consumer != null) {
            finish.done(rows, rows.dimension());
            return null;
        }
        return new LoadResult(rows.build(), rows.duplicates(), rows.wordsSeen());
    }

    private static void start(RowAssembler rows, RowConsumer consumer, int dim) throws IOException {
        if (consumer != null) {
            rows.streamTo(consumer);
            consumer.start(dim);
        }
    }

    /** The number of values on the first line of a GloVe file. */
    private static int dimensionOf(Path file, LineChunker.Chunk first, int start)
            throws EmbeddingFileException {
        int n = TextChunkParser.countValuesOfFirstLine(first.bytes(), start, first.length());
        if (n < 0) {
            throw new EmbeddingFileException(file, 1, "no vectors, only blank lines");
        }
        if (n == 0) {
            return 1; // the parser reports the word without values on its line
        }
        return n;
    }

    /**
     * Bytes of the (decompressed) file, or -1 if unknown: the size of a plain file; for gzip the
     * ISIZE field of the trailer (the size modulo 2^32 of the last member), believed up to
     * {@link #MAX_GZIP_RATIO} times the compressed size. Only used to size memory.
     */
    private static long uncompressedSize(Path file, boolean gzip) throws IOException {
        long size = Files.size(file);
        if (!gzip) {
            return size;
        }
        if (size < GZIP_MIN_BYTES) {
            return -1;
        }
        ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (trailer.hasRemaining()
                    && channel.read(trailer, size - 4 + trailer.position()) > 0) {
                // read the last 4 bytes
            }
        }
        return trailer.hasRemaining() ? -1
                : Math.min(Integer.toUnsignedLong(trailer.getInt(0)), MAX_GZIP_RATIO * size);
    }

    /** Mean bytes per line of {@code chunk} (at least 1). */
    private static long averageLineLength(LineChunker.Chunk chunk) {
        int lines = 1;
        byte[] b = chunk.bytes();
        for (int i = 0; i < chunk.length(); i++) {
            lines += b[i] == '\n' ? 1 : 0;
        }
        return Math.max(1, chunk.length() / lines);
    }

    /** Returns the number of the last record read (header counted as line 1). */
    private static long readBinary(BinaryRecordParser parser, RowAssembler rows)
            throws IOException {
        long lineBase = 1;
        ParsedChunk chunk;
        while (!rows.full() && (chunk = parser.next()) != null) {
            rows.add(chunk, lineBase);
            lineBase += chunk.lineCount;
        }
        return lineBase;
    }

    /**
     * Reads up to {@code prefix.length} bytes. A failing gzip stream ends the prefix early; its
     * {@link FailureMemo} raises the failure again on the next read, so it is reported where the
     * lines read before it end.
     */
    /**
     * {@code in} without a UTF-8 byte-order mark ({@code EF BB BF}) at its start, which some
     * editors write: it would otherwise become part of the first word, or hide a word2vec header.
     */
    private static InputStream skipByteOrderMark(Path file, InputStream in, FailureMemo memo) throws IOException {
        PushbackInputStream pb = new PushbackInputStream(in, 3);
        byte[] head;
        try {
            head = pb.readNBytes(3);
        } catch (IOException e) {
            if (memo == null || memo.failure() != e) {
                throw e;
            }
            throw new EmbeddingFileException(file, 1, gzipProblem(e), e);
        }
        if (head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            LOG.info("{}: skipped the UTF-8 byte-order mark at its start", file);
            return pb;
        }
        pb.unread(head);
        return pb;
    }

    private static int readPrefix(Path file, InputStream in, byte[] prefix, FailureMemo memo)
            throws IOException {
        int length = 0;
        try {
            int n;
            while (length < prefix.length && (n = in.read(prefix, length, prefix.length - length)) >= 0) {
                length += n;
            }
        } catch (IOException e) {
            if (memo == null || memo.failure() != e) {
                throw e;
            }
            if (length == 0) {
                throw new EmbeddingFileException(file, 1, gzipProblem(e), e);
            }
        }
        return length;
    }

    private static String gzipProblem(IOException e) {
        return e instanceof EOFException ? "truncated gzip stream: the file ends inside this line"
                : "corrupt gzip stream: " + e.getMessage();
    }

    private static boolean isGzip(PushbackInputStream in) throws IOException {
        byte[] head = new byte[2];
        int n = in.readNBytes(head, 0, 2);
        in.unread(head, 0, n);
        return n == 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2;
    }

    private static InputStream openGzip(Path file, InputStream in) throws IOException {
        try {
            return new GZIPInputStream(new BufferedInputStream(in, IO_BUFFER_BYTES), IO_BUFFER_BYTES);
        } catch (EOFException | ZipException e) {
            throw new EmbeddingFileException(file, 1, gzipProblem(e), e);
        }
    }

    private static void warn(Path file, RowAssembler rows) {
        if (rows.duplicates() > 0) {
            LOG.warn("{}: {} duplicate word(s) ignored, the first occurrence kept; first duplicate"
                    + " '{}' on line {}", file.getFileName(), rows.duplicates(),
                    rows.firstDuplicate(), rows.firstDuplicateLine());
        }
        if (rows.badUtf8() > 0) {
            LOG.warn("{}: {} word(s) with invalid UTF-8, decoded with U+FFFD replacement characters;"
                    + " the first on line {}", file.getFileName(), rows.badUtf8(),
                    rows.firstBadUtf8Line());
        }
    }
}
