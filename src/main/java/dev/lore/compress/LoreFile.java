package dev.lore.compress;

import dev.lore.AtomicFiles;
import dev.lore.io.Vocabulary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code .lore} files, specified byte by byte in {@code docs/format.md}, and
 * {@code .lore} images embedded in other files (as a stream to write, a byte buffer to read).
 *
 * <p>Layout (little-endian): magic {@code 89 4C 4F 52 45 0D 0A 1A}, format version (int32), file
 * length (int64), header (kind, {@code V}, {@code d}, {@code r}, singular values, provenance),
 * payload (vocabulary, matrix {@code A}, matrix {@code B} when low-rank), and a CRC32C of every
 * preceding byte (the frame that {@link LoreOutput} writes and {@link LoreInput} checks). Reading
 * checks the magic, the version, the length and the checksum before it interprets anything, then
 * every count against the bytes that remain.
 *
 * <p>Writing goes to a temporary file in the target's directory, which is forced to disk and then
 * renamed over the target ({@code ATOMIC_MOVE}): an interrupted write leaves the old target intact.
 */
public final class LoreFile {

    /** The 8 magic bytes: {@code \x89 L O R E \r \n \x1a}. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'O', 'R', 'E', '\r', '\n', 0x1A};
    /**
     * The newest format version this lore reads and writes: 2, which adds product-quantized
     * matrices. A file without one is written as version 1, which every lore reads.
     */
    public static final int FORMAT_VERSION = 2;
    /** The first format version: float32 and scalar-quantized matrices only. */
    static final int FIRST_VERSION = 1;
    /** Longest word, in UTF-8 bytes. */
    public static final int MAX_WORD_BYTES = 65535;

    static final int KIND_LOW_RANK = 1;
    static final int KIND_DENSE = 2;
    static final int ENCODING_FLOAT32 = 0;
    static final int ENCODING_QUANTIZED = 1;
    static final int ENCODING_PRODUCT_QUANTIZED = 2;
    static final int SCOPE_MATRIX = 0;
    static final int SCOPE_ROW = 1;
    /** Magic, version, length. */
    static final int PREAMBLE_BYTES = FileFrame.PREAMBLE_BYTES;
    private static final int CHECKSUM_BYTES = FileFrame.CHECKSUM_BYTES;

    private LoreFile() {}

    /**
     * Writes {@code embedding} to {@code file}, atomically replacing any existing file.
     *
     * @param file the target, created or replaced; conventionally named {@code *.lore}
     * @param embedding what to write, not modified
     * @throws NoSuchFileException if the directory of {@code file} does not exist
     * @throws IllegalArgumentException if a word is longer than {@link #MAX_WORD_BYTES} in UTF-8 or
     *     is not valid Unicode text
     * @throws IOException if writing fails; the target is then unchanged and no temporary file remains
     */
    public static void write(Path file, CompressedEmbedding embedding) throws IOException {
        write(file, embedding, UnaryOperator.identity());
    }

    /** {@link #write(Path, CompressedEmbedding)} through a wrapped channel (tests inject failures). */
    static void write(Path file, CompressedEmbedding embedding, UnaryOperator<WritableByteChannel> wrap)
            throws IOException {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(file, "file");
        byte[][] words = encodeWords(embedding.vocabulary());
        AtomicFiles.write(file, channel -> LoreEncoding.encode(embedding, words, wrap.apply(channel)));
    }

    /**
     * Writes the complete {@code .lore} image of {@code embedding}, magic to checksum, into the body
     * of another lore file (a model file's embedding section): the image is covered by its own
     * checksum and by {@code out}'s.
     *
     * @param out the outer file's writer, advanced by {@link #imageLength} bytes
     * @param embedding what to write, not modified
     * @throws IllegalArgumentException as {@link #write(Path, CompressedEmbedding)}, before anything
     *     is written
     * @throws IOException if the channel under {@code out} fails
     */
    public static void write(LoreOutput out, CompressedEmbedding embedding) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(embedding, "embedding");
        LoreEncoding.encode(embedding, encodeWords(embedding.vocabulary()), out.asChannel());
    }

    /**
     * The length in bytes of the {@code .lore} image of {@code embedding}, what
     * {@link #write(LoreOutput, CompressedEmbedding)} writes.
     *
     * @param embedding the embedding to measure, not modified
     * @return the image's length, magic to checksum included
     * @throws IllegalArgumentException as {@link #write(Path, CompressedEmbedding)}
     */
    public static long imageLength(CompressedEmbedding embedding) {
        Objects.requireNonNull(embedding, "embedding");
        return LoreEncoding.length(embedding, encodeWords(embedding.vocabulary()));
    }

    /**
     * Reads a {@code .lore} file.
     *
     * @param file the {@code .lore} file
     * @return the embedding, equal to the one written
     * @throws LoreVersionException if it was written in a newer format version
     * @throws LoreFormatException if it is not a lore file, is truncated, corrupt (checksum) or inconsistent
     * @throws IOException if it cannot be read
     */
    public static CompressedEmbedding read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            LoreInput in = LoreInput.open(file, channel, MAGIC, FORMAT_VERSION, "lore");
            CompressedEmbedding e = LoreEncoding.decode(in);
            in.finish();
            return e;
        }
    }

    /**
     * Reads a complete {@code .lore} image of {@code length} bytes embedded at the position of
     * {@code in} (a model file's embedding section), with every check of {@link #read(Path)}, and
     * leaves {@code in} after it. Offsets in errors count from the start of the outer file.
     *
     * @param in the outer file's reader, positioned at the image's first byte; advanced past it
     * @param length the image's length in bytes, as the outer file records it
     * @return the embedding, equal to the one written
     * @throws LoreVersionException if the image was written in a newer format version
     * @throws LoreFormatException if the image does not fit in what {@code in} has left, is not a lore
     *     image, or is truncated, corrupt or inconsistent
     * @throws IOException if the outer file cannot be read
     */
    public static CompressedEmbedding read(LoreInput in, long length) throws IOException {
        Objects.requireNonNull(in, "in");
        long base = in.position();
        FileFrame.Source image = in.slice(length, "the embedding image");
        try {
            int version = FileFrame.check(in.file(), image, length, MAGIC, FORMAT_VERSION, "lore");
            LoreInput body = new LoreInput(in.file(), image, PREAMBLE_BYTES, length - CHECKSUM_BYTES, version);
            CompressedEmbedding e = LoreEncoding.decode(body);
            body.finish();
            return e;
        } catch (LoreVersionException e) {
            throw e;
        } catch (LoreFormatException e) {
            throw new LoreFormatException(in.file(), base + Math.max(0, e.offset()), e.problem(), e);
        }
    }

    /** The UTF-8 bytes of every word, checked against {@link #MAX_WORD_BYTES}. */
    private static byte[][] encodeWords(Vocabulary vocabulary) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[][] out = new byte[vocabulary.size()][];
        for (int i = 0; i < out.length; i++) {
            String w = vocabulary.word(i);
            try {
                ByteBuffer b = encoder.encode(java.nio.CharBuffer.wrap(w));
                out[i] = Arrays.copyOf(b.array(), b.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("word " + i + " is not valid Unicode text", e);
            }
            if (out[i].length > MAX_WORD_BYTES) {
                throw new IllegalArgumentException("word " + i + " has " + out[i].length
                        + " UTF-8 bytes, more than " + MAX_WORD_BYTES);
            }
        }
        return out;
    }
}
