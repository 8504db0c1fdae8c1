package dev.lore.compress;

import dev.lore.AtomicFiles;
import dev.lore.io.Vocabulary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
 * preceding byte (the {@link FileFrame}). Reading checks the magic, the version, the length and the checksum before it
 * interprets anything, then every count against the bytes that remain.
 *
 * <p>Writing goes to a temporary file in the target's directory, which is forced to disk and then
 * renamed over the target ({@code ATOMIC_MOVE}): an interrupted write leaves the old target intact.
 */
public final class LoreFile {

    /** The 8 magic bytes: {@code \x89 L O R E \r \n \x1a}. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'O', 'R', 'E', '\r', '\n', 0x1A};
    /** The format version this lore writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Longest word, in UTF-8 bytes. */
    public static final int MAX_WORD_BYTES = 65535;

    static final int KIND_LOW_RANK = 1;
    static final int KIND_DENSE = 2;
    static final int ENCODING_FLOAT32 = 0;
    static final int ENCODING_QUANTIZED = 1;
    static final int SCOPE_MATRIX = 0;
    static final int SCOPE_ROW = 1;
    /** Magic, version, length. */
    static final int PREAMBLE_BYTES = FileFrame.PREAMBLE_BYTES;
    private static final int CHECKSUM_BYTES = FileFrame.CHECKSUM_BYTES;

    private LoreFile() {}

    /**
     * Writes {@code embedding} to {@code file}, atomically replacing any existing file.
     *
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
        AtomicFiles.write(file, channel -> LoreEncoding.encode(embedding, words, new LoreOutput(wrap.apply(channel))));
    }

    /**
     * Writes the complete {@code .lore} image of {@code embedding}, magic to checksum, to
     * {@code channel} from its current position. The channel is neither forced nor closed; for a
     * file on disk prefer {@link #write(Path, CompressedEmbedding)}, which is atomic.
     *
     * @return the number of bytes written, the image's length field
     * @throws IllegalArgumentException as {@link #write(Path, CompressedEmbedding)}, before anything
     *     is written
     * @throws IOException if the channel fails; part of the image may then have been written
     */
    public static long write(WritableByteChannel channel, CompressedEmbedding embedding) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(embedding, "embedding");
        byte[][] words = encodeWords(embedding.vocabulary());
        LoreOutput out = new LoreOutput(channel);
        LoreEncoding.encode(embedding, words, out);
        return out.position();
    }

    /**
     * Reads a {@code .lore} file.
     *
     * @throws LoreVersionException if it was written in a newer format version
     * @throws LoreFormatException if it is not a lore file, is truncated, corrupt (checksum) or inconsistent
     * @throws IOException if it cannot be read
     */
    public static CompressedEmbedding read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel::read, channel.size());
        }
    }

    /**
     * Reads a complete {@code .lore} image (magic to checksum) held in {@code image} from its
     * position to its limit, with every check of {@link #read(Path)}: the image must end exactly at
     * the limit. Neither the buffer's content nor its position and limit change.
     *
     * @param name the name errors give, e.g. the file the image was taken from
     * @throws LoreVersionException if it was written in a newer format version
     * @throws LoreFormatException if it is not a lore image, is truncated, corrupt or inconsistent;
     *     {@link LoreFormatException#offset()} counts from {@code image}'s position
     */
    public static CompressedEmbedding read(Path name, ByteBuffer image) throws LoreFormatException {
        ByteBuffer view = image.slice();
        try {
            return read(name, FileFrame.source(view), view.remaining());
        } catch (LoreFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte buffer failed", e); // a buffer source never throws
        }
    }

    private static CompressedEmbedding read(Path name, FileFrame.Source source, long size) throws IOException {
        FileFrame.check(name, source, size, MAGIC, FORMAT_VERSION, "lore");
        LoreInput in = new LoreInput(name, source, PREAMBLE_BYTES, size - CHECKSUM_BYTES);
        CompressedEmbedding e = LoreEncoding.decode(in);
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " unexpected bytes before the checksum");
        }
        return e;
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

    /** A strict UTF-8 decoder (malformed input is an error, not a replacement character). */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
