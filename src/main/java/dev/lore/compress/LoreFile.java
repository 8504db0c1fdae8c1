package dev.lore.compress;

import dev.lore.io.Vocabulary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@code .lore} files, specified byte by byte in {@code docs/format.md}.
 *
 * <p>Layout (little-endian): magic {@code 89 4C 4F 52 45 0D 0A 1A}, format version (int32), file
 * length (int64), header (kind, {@code V}, {@code d}, {@code r}, singular values, provenance),
 * payload (vocabulary, matrix {@code A}, matrix {@code B} when low-rank), and a CRC32C of every
 * preceding byte. Reading checks the magic, the version, the length and the checksum before it
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
    static final int PREAMBLE_BYTES = 20;
    private static final int CHECKSUM_BYTES = 4;

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
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        byte[][] words = encodeWords(embedding.vocabulary());
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(new Random().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                LoreOutput out = new LoreOutput(wrap.apply(channel));
                LoreEncoding.encode(embedding, words, out);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
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
            long size = channel.size();
            checkPreamble(file, channel, size);
            checkChecksum(file, channel, size);
            LoreInput in = new LoreInput(file, channel, PREAMBLE_BYTES, size - CHECKSUM_BYTES);
            CompressedEmbedding e = LoreEncoding.decode(in);
            if (in.remaining() != 0) {
                throw in.error(in.remaining() + " unexpected bytes before the checksum");
            }
            return e;
        }
    }

    private static void checkPreamble(Path file, FileChannel channel, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, PREAMBLE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
            // read until full
        }
        head.flip();
        byte[] magic = new byte[Math.min(head.remaining(), MAGIC.length)];
        head.get(magic);
        if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length)) || size == 0) {
            throw new LoreFormatException(file, -1, "not a lore file (no lore magic at its start)");
        }
        if (size < PREAMBLE_BYTES + CHECKSUM_BYTES) {
            throw new LoreFormatException(file, -1, "truncated: only " + size + " bytes");
        }
        int version = head.getInt();
        if (version > FORMAT_VERSION) {
            throw new LoreVersionException(file, version, "written by a newer lore (format version " + version
                    + "; this lore reads version " + FORMAT_VERSION + "): upgrade lore to read it");
        }
        if (version < 1) {
            throw new LoreVersionException(file, version, "unknown format version " + version);
        }
        long length = head.getLong();
        if (length != size) {
            throw new LoreFormatException(file, -1, size < length
                    ? "truncated: the header says " + length + " bytes, the file has " + size
                    : "the header says " + length + " bytes but the file has " + size);
        }
    }

    private static void checkChecksum(Path file, FileChannel channel, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(1, size)));
        long end = size - CHECKSUM_BYTES;
        for (long pos = 0; pos < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new LoreFormatException(file, pos, "the file ended early (it changed while being read?)");
            }
            buf.flip();
            crc.update(buf);
            pos += n;
        }
        ByteBuffer stored = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (stored.hasRemaining() && channel.read(stored, end + stored.position()) >= 0) {
            // read until full
        }
        int expected = stored.flip().getInt();
        int actual = (int) crc.getValue();
        if (expected != actual) {
            throw new LoreFormatException(file, end, "checksum mismatch (stored " + hex(expected) + ", computed "
                    + hex(actual) + "): the file is corrupt");
        }
    }

    private static String hex(int v) {
        return "0x" + HexFormat.of().toHexDigits(v);
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
