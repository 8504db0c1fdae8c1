package dev.lore.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The writer of lore's binary files ({@code .lore}, {@code .lorem}): little-endian values,
 * buffered, streamed to a channel, inside the frame that every such file has (docs/format.md):
 *
 * <pre>
 * offset 0      8 bytes   magic, naming the format
 * offset 8      int32     format version, {@code >= 1}
 * offset 12     int64     file length L in bytes, checksum included
 * offset 20     L - 24    body, defined by the format
 * offset L - 4  uint32    CRC32C of bytes [0, L - 4)
 * </pre>
 *
 * <p>Order of calls: {@link #framed} writes the preamble (the caller computes the length first),
 * the {@code put} methods write the body, and {@link #finish} writes the checksum and checks that
 * exactly the announced number of bytes was written. A file embedded in another (a {@code .lore}
 * image in a model file) is written through {@link LoreFile#write(LoreOutput, CompressedEmbedding)}
 * and is covered by both checksums. Not thread-safe: one writer per file.
 */
public final class LoreOutput {

    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;
    private long length = -1;
    private boolean finished;

    private LoreOutput(WritableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Starts a file on {@code channel} from its current position: writes {@code magic},
     * {@code version} and {@code length}.
     *
     * @param channel where the file goes, written sequentially from its current position; the
     *     caller closes it after {@link #finish}
     * @param magic the format's 8 magic bytes
     * @param version the format version, {@code >= 1}
     * @param length the whole file's length in bytes, checksum included, {@code >= 24}
     * @return the writer, positioned at offset 20, the first byte of the body
     * @throws IllegalArgumentException if a value is out of range
     * @throws IOException if the channel fails
     */
    public static LoreOutput framed(WritableByteChannel channel, byte[] magic, int version, long length)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(magic, "magic");
        if (magic.length != FileFrame.MAGIC_BYTES) {
            throw new IllegalArgumentException("magic must have " + FileFrame.MAGIC_BYTES + " bytes, got "
                    + magic.length);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (length < FileFrame.PREAMBLE_BYTES + FileFrame.CHECKSUM_BYTES) {
            throw new IllegalArgumentException("length must be >= " + (FileFrame.PREAMBLE_BYTES
                    + FileFrame.CHECKSUM_BYTES) + ", got " + length);
        }
        LoreOutput out = new LoreOutput(channel);
        out.putBytes(magic);
        out.putInt(version);
        out.putLong(length);
        out.length = length;
        return out;
    }

    /**
     * Writes an int32.
     *
     * @param v the value
     * @throws IllegalStateException if the file is already finished
     * @throws IOException if the channel fails
     */
    public void putInt(int v) throws IOException {
        ensure(4);
        buffer.putInt(v);
    }

    /**
     * Writes an int64.
     *
     * @param v the value
     * @throws IllegalStateException if the file is already finished
     * @throws IOException if the channel fails
     */
    public void putLong(long v) throws IOException {
        ensure(8);
        buffer.putLong(v);
    }

    /**
     * Writes a float64.
     *
     * @param v the value, written bit for bit (NaN included)
     * @throws IllegalStateException if the file is already finished
     * @throws IOException if the channel fails
     */
    public void putDouble(double v) throws IOException {
        ensure(8);
        buffer.putDouble(v);
    }

    /**
     * Writes the bytes of {@code b}.
     *
     * @param b the bytes, not modified
     * @throws IllegalStateException if the file is already finished and {@code b} is not empty
     * @throws IOException if the channel fails
     */
    public void putBytes(byte[] b) throws IOException {
        putBytes(ByteBuffer.wrap(b));
    }

    /**
     * Writes the remaining bytes of {@code src}.
     *
     * @param src the bytes from its position to its limit; its position is advanced to its limit,
     *     its content is not modified
     * @throws IllegalStateException if the file is already finished and {@code src} has bytes left
     * @throws IOException if the channel fails
     */
    public void putBytes(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            ensure(1);
            int n = Math.min(buffer.remaining(), src.remaining());
            buffer.put(buffer.position(), src, src.position(), n);
            buffer.position(buffer.position() + n);
            src.position(src.position() + n);
        }
    }

    /**
     * Writes a text: its UTF-8 byte count as an int32, then the bytes.
     *
     * @param s the text, not null; takes {@link #textBytes(String)} bytes
     * @throws IllegalStateException if the file is already finished
     * @throws IOException if the channel fails
     */
    public void putText(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        putBytes(b);
    }

    /**
     * The bytes {@link #putText} writes for {@code s}, for computing a file's length in advance.
     *
     * @param s the text, not null
     * @return 4 plus its UTF-8 length
     */
    public static long textBytes(String s) {
        return 4L + s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Writes {@code count} float32 values of {@code src} from its index {@code from}.
     *
     * @param src the values; neither its content nor its position is modified
     * @param from index of the first value written, {@code >= 0}
     * @param count number of values, with {@code from + count <= src.limit()}
     * @throws IllegalStateException if the file is already finished and {@code count > 0}
     * @throws IOException if the channel fails
     */
    public void putFloats(FloatBuffer src, int from, int count) throws IOException {
        for (int done = 0; done < count; ) {
            ensure(4);
            int n = Math.min(buffer.remaining() / 4, count - done);
            buffer.asFloatBuffer().put(src.duplicate().position(from + done).limit(from + done + n));
            buffer.position(buffer.position() + 4 * n);
            done += n;
        }
    }

    /**
     * Writes every value of {@code src} as float32.
     *
     * @param src the values, not modified
     * @throws IllegalStateException if the file is already finished and {@code src} is not empty
     * @throws IOException if the channel fails
     */
    public void putFloats(float[] src) throws IOException {
        putFloats(FloatBuffer.wrap(src), 0, src.length);
    }

    /**
     * Writes every value of {@code src} as int64.
     *
     * @param src the values, not modified
     * @throws IllegalStateException if the file is already finished and {@code src} is not empty
     * @throws IOException if the channel fails
     */
    public void putLongs(long[] src) throws IOException {
        for (long v : src) {
            putLong(v);
        }
    }

    /**
     * Bytes written so far from the start of the file, including those still buffered.
     *
     * @return the offset of the next byte, from 0 at the magic
     */
    public long position() {
        return written + buffer.position();
    }

    /**
     * Writes the CRC32C of everything written so far and flushes it all to the channel.
     *
     * @throws IllegalStateException if the file does not end exactly at the length given to
     *     {@link #framed}, or is already finished
     * @throws IOException if the channel fails
     */
    public void finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is already finished");
        }
        long end = position() + FileFrame.CHECKSUM_BYTES;
        if (end != length) {
            throw new IllegalStateException("the file announced " + length + " bytes but ends at " + end);
        }
        flush();
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        drain();
        finished = true;
    }

    /** A channel that writes into this file's body, so that a nested file is covered by this checksum. */
    WritableByteChannel asChannel() {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = src.remaining();
                putBytes(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return !finished;
            }

            @Override
            public void close() {
                // the outer file stays open
            }
        };
    }

    private void ensure(int n) throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is already finished");
        }
        if (buffer.remaining() < n) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        drain();
    }

    private void drain() throws IOException {
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }
}
