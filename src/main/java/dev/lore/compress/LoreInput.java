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
     * @param channel the open file, read from absolute positions (its own position is not used);
     *     the caller keeps it open while the reader is used and closes it
     * @param magic the format's 8 magic bytes
     * @param newestVersion the newest version the caller reads, {@code >= 1}
     * @param kind the format's name in messages: {@code "lore"} gives "not a lore file"
     * @return a reader positioned at the first byte of the body, offset 20
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

    /**
     * The file's format version, as checked by {@link #open}.
     *
     * @return the version, in {@code [1, newestVersion]}
     */
    public int version() {
        return version;
    }

    /**
     * The file errors name.
     *
     * @return the name given to {@link #open}
     */
    public Path file() {
        return file;
    }

    /**
     * File offset of the next byte to read.
     *
     * @return the absolute offset, from 0 at the magic
     */
    public long position() {
        return bufferStart + buffer.position();
    }

    /**
     * Bytes left before the end of the body.
     *
     * @return the bytes before the checksum, {@code >= 0}
     */
    public long remaining() {
        return end - position();
    }

    /**
     * A format error at the current position, to be thrown by the caller.
     *
     * @param problem what is wrong, e.g. {@code "rank must be >= 1, got 0"}
     * @return the exception naming the file and {@link #position()}
     */
    public LoreFormatException error(String problem) {
        return new LoreFormatException(file, position(), problem);
    }

    /**
     * A format error at {@code offset}, to be thrown by the caller.
     *
     * @param offset absolute byte offset of the problem, or -1 when not tied to one
     * @param problem what is wrong
     * @return the exception naming the file and {@code offset}
     */
    public LoreFormatException error(long offset, String problem) {
        return new LoreFormatException(file, offset, problem);
    }

    /**
     * Throws unless {@code bytes} more bytes remain; reads nothing.
     *
     * @param bytes bytes the next read needs
     * @param what what is about to be read, for the message
     * @throws LoreFormatException if {@code bytes} is negative or more than {@link #remaining()}
     */
    public void need(long bytes, String what) throws LoreFormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw error(what + " needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }

    /**
     * Throws unless the body has been read to its end.
     *
     * @throws LoreFormatException if bytes remain before the checksum
     */
    public void finish() throws LoreFormatException {
        if (remaining() != 0) {
            throw error(remaining() + " unexpected bytes before the checksum");
        }
    }

    /**
     * Reads an int32.
     *
     * @param what what is read, for the message
     * @return the value
     * @throws LoreFormatException if fewer than 4 bytes remain
     * @throws IOException if the file cannot be read or ended early
     */
    public int readInt(String what) throws IOException {
        fill(4, what);
        return buffer.getInt();
    }

    /**
     * Reads an int64.
     *
     * @param what what is read, for the message
     * @return the value
     * @throws LoreFormatException if fewer than 8 bytes remain
     * @throws IOException if the file cannot be read or ended early
     */
    public long readLong(String what) throws IOException {
        fill(8, what);
        return buffer.getLong();
    }

    /**
     * Reads a float64.
     *
     * @param what what is read, for the message
     * @return the value, possibly NaN or infinite: the caller checks it
     * @throws LoreFormatException if fewer than 8 bytes remain
     * @throws IOException if the file cannot be read or ended early
     */
    public double readDouble(String what) throws IOException {
        fill(8, what);
        return buffer.getDouble();
    }

    /**
     * Reads {@code n} bytes; {@code n} is checked against what remains before anything is allocated.
     *
     * @param n number of bytes, in {@code [0, remaining()]}
     * @param what what is read, for the message
     * @return a new array of {@code n} bytes
     * @throws LoreFormatException if {@code n} is negative or more than remain
     * @throws IOException if the file cannot be read or ended early
     */
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
     * @param what what is read, for the message
     * @param minBytes smallest valid byte count
     * @param maxBytes largest valid byte count
     * @return the decoded text
     * @throws LoreFormatException if the count is out of range or more than remain, or the bytes
     *     are not valid UTF-8
     * @throws IOException if the file cannot be read or ended early
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

    /**
     * Reads {@code count} float32 values into {@code dst} from its index 0.
     *
     * @param dst the destination, capacity {@code >= count}; indices {@code [0, count)} are
     *     written with absolute puts, its position is not changed
     * @param count number of values, {@code >= 0}
     * @param what what is read, for the message
     * @throws LoreFormatException if fewer than {@code 4 count} bytes remain
     * @throws IOException if the file cannot be read or ended early
     */
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

    /**
     * Reads {@code count} float32 values; {@code count} is checked before anything is allocated.
     *
     * @param count number of values, {@code >= 0}
     * @param what what is read, for the message
     * @return a new array of {@code count} values, possibly NaN or infinite: the caller checks them
     * @throws LoreFormatException if {@code count} is negative or fewer than {@code 4 count} bytes
     *     remain
     * @throws IOException if the file cannot be read or ended early
     */
    public float[] readFloats(int count, String what) throws IOException {
        need(4L * count, what);
        float[] out = new float[count];
        readFloats(FloatBuffer.wrap(out), count, what);
        return out;
    }

    /**
     * Reads {@code count} int64 values; {@code count} is checked before anything is allocated.
     *
     * @param count number of values, {@code >= 0}
     * @param what what is read, for the message
     * @return a new array of {@code count} values
     * @throws LoreFormatException if {@code count} is negative or fewer than {@code 8 count} bytes
     *     remain
     * @throws IOException if the file cannot be read or ended early
     */
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
