package dev.lore.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The reader of lore's binary files ({@code .lore}, {@code .lorem}; the frame is described in
 * {@link LoreOutput}): little-endian buffered reads of the body {@code [20, L - 4)} of a file whose
 * frame (magic, version, length, CRC32C) has been checked by {@link #open}. Every read first checks
 * that the bytes it needs lie before the end of the body, so a corrupt size can never cause a read
 * past the data or an allocation larger than the file. Errors are {@link LoreFormatException}s
 * naming the file and the absolute byte offset. Not thread-safe: one reader per file.
 */
public final class LoreInput {

    private final Path file;
    private final FileFrame.Source source;
    private final long end;
    private final int version;
    private final ByteBuffer buffer;
    private long bufferStart; // file offset of buffer[0]

    LoreInput(Path file, FileFrame.Source source, long start, long end, int version) {
        this.file = file;
        this.source = source;
        this.end = end;
        this.version = version;
        this.bufferStart = start;
        // At least 8 bytes (the largest single value), at most 64 KiB.
        this.buffer = ByteBuffer.allocate((int) Math.max(8, Math.min(1 << 16, end - start)))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.limit(0);
    }

    /**
     * Checks the frame of the file open on {@code channel} (the magic, the version, the length field
     * against the channel's size, the CRC32C of every byte) and returns a reader of its body.
     *
     * @param name the name errors give
     * @param magic the format's 8 magic bytes
     * @param newestVersion the newest version the caller reads, {@code >= 1}
     * @param kind the format's name in messages: {@code "lore"} gives "not a lore file"
     * @throws LoreVersionException if the version is above {@code newestVersion} ("written by a newer
     *     lore") or below 1
     * @throws LoreFormatException if the magic, the length or the checksum is wrong
     * @throws IOException if the channel fails
     */
    public static LoreInput open(Path name, FileChannel channel, byte[] magic, int newestVersion, String kind)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        long size = channel.size();
        FileFrame.Source source = channel::read;
        int version = FileFrame.check(name, source, size, magic, newestVersion, kind);
        return new LoreInput(name, source, FileFrame.PREAMBLE_BYTES, size - FileFrame.CHECKSUM_BYTES, version);
    }

    /** The file's format version, as checked by {@link #open}. */
    public int version() {
        return version;
    }

    /** The file errors name. */
    public Path file() {
        return file;
    }

    /** File offset of the next byte to read. */
    public long position() {
        return bufferStart + buffer.position();
    }

    /** Bytes left before the end of the body. */
    public long remaining() {
        return end - position();
    }

    /** A format error at the current position. */
    public LoreFormatException error(String problem) {
        return new LoreFormatException(file, position(), problem);
    }

    /** A format error at {@code offset}. */
    public LoreFormatException error(long offset, String problem) {
        return new LoreFormatException(file, offset, problem);
    }

    /** Throws unless {@code bytes} more bytes remain. */
    public void need(long bytes, String what) throws LoreFormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw error(what + " needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }

    /** Throws unless the body has been read to its end. */
    public void finish() throws LoreFormatException {
        if (remaining() != 0) {
            throw error(remaining() + " unexpected bytes before the checksum");
        }
    }

    /** Reads an int32. */
    public int readInt(String what) throws IOException {
        fill(4, what);
        return buffer.getInt();
    }

    /** Reads an int64. */
    public long readLong(String what) throws IOException {
        fill(8, what);
        return buffer.getLong();
    }

    /** Reads a float64. */
    public double readDouble(String what) throws IOException {
        fill(8, what);
        return buffer.getDouble();
    }

    /** Reads {@code n} bytes; {@code n} is checked against what remains before anything is allocated. */
    public byte[] readBytes(int n, String what) throws IOException {
        need(n, what);
        byte[] out = new byte[n];
        for (int off = 0; off < n; ) {
            fill(1, what);
            int k = Math.min(buffer.remaining(), n - off);
            buffer.get(out, off, k);
            off += k;
        }
        return out;
    }

    /**
     * Reads a text (an int32 byte count, then that many bytes of strict UTF-8).
     *
     * @param minBytes smallest valid byte count
     * @param maxBytes largest valid byte count
     * @throws LoreFormatException if the count is out of range or the bytes are not valid UTF-8
     */
    public String readText(String what, int minBytes, int maxBytes) throws IOException {
        int len = readInt(what + " length");
        if (len < minBytes || len > maxBytes) {
            throw error(what + " length must be in [" + minBytes + ", " + maxBytes + "], got " + len);
        }
        long at = position();
        byte[] bytes = readBytes(len, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(at, what + " is not valid UTF-8");
        }
    }

    /** Reads {@code count} float32 values into {@code dst} from its index 0. */
    public void readFloats(FloatBuffer dst, int count, String what) throws IOException {
        need(4L * count, what);
        for (int done = 0; done < count; ) {
            fill(4, what);
            int k = Math.min(buffer.remaining() / 4, count - done);
            FloatBuffer view = buffer.asFloatBuffer();
            view.limit(k);
            dst.put(done, view, 0, k);
            buffer.position(buffer.position() + 4 * k);
            done += k;
        }
    }

    /** Reads {@code count} float32 values; {@code count} is checked before anything is allocated. */
    public float[] readFloats(int count, String what) throws IOException {
        need(4L * count, what);
        float[] out = new float[count];
        readFloats(FloatBuffer.wrap(out), count, what);
        return out;
    }

    /** Reads {@code count} int64 values; {@code count} is checked before anything is allocated. */
    public long[] readLongs(int count, String what) throws IOException {
        need(8L * count, what);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = readLong(what);
        }
        return out;
    }

    /**
     * The next {@code length} bytes as a source of their own (positions counted from their first
     * byte), skipped by this reader.
     */
    FileFrame.Source slice(long length, String what) throws IOException {
        need(length, what);
        long start = position();
        long skip = Math.min(length, buffer.remaining());
        buffer.position(buffer.position() + (int) skip);
        if (skip < length) {
            bufferStart = start + length;
            buffer.clear().limit(0);
        }
        FileFrame.Source outer = source;
        return (dst, position) -> {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), length - position);
            ByteBuffer view = dst.duplicate().limit(dst.position() + n);
            int k = outer.read(view, start + position);
            if (k > 0) {
                dst.position(dst.position() + k);
            }
            return k;
        };
    }

    /** Makes at least {@code n} (at most the buffer size) bytes available in the buffer. */
    private void fill(int n, String what) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        need(n, what);
        long pos = position();
        buffer.compact();
        bufferStart = pos;
        long wanted = Math.min(buffer.remaining(), end - (bufferStart + buffer.position()));
        buffer.limit((int) (buffer.position() + wanted));
        while (buffer.hasRemaining()) {
            int k = source.read(buffer, bufferStart + buffer.position());
            if (k < 0) {
                throw error("the file ended early (it changed while being read?)");
            }
        }
        buffer.flip();
    }
}
