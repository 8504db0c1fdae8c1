package dev.lore.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/** Little-endian buffered writes to a channel, with a running CRC32C of everything written. */
final class LoreOutput {

    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    LoreOutput(WritableByteChannel channel) {
        this.channel = channel;
    }

    void putInt(int v) throws IOException {
        ensure(4);
        buffer.putInt(v);
    }

    void putLong(long v) throws IOException {
        ensure(8);
        buffer.putLong(v);
    }

    void putDouble(double v) throws IOException {
        ensure(8);
        buffer.putDouble(v);
    }

    void putBytes(byte[] b) throws IOException {
        for (int off = 0; off < b.length; ) {
            ensure(1);
            int n = Math.min(buffer.remaining(), b.length - off);
            buffer.put(b, off, n);
            off += n;
        }
    }

    /** Writes {@code count} floats of {@code src} from index {@code from}. */
    void putFloats(FloatBuffer src, int from, int count) throws IOException {
        for (int done = 0; done < count; ) {
            ensure(4);
            int n = Math.min(buffer.remaining() / 4, count - done);
            buffer.asFloatBuffer().put(src.duplicate().position(from + done).limit(from + done + n));
            buffer.position(buffer.position() + 4 * n);
            done += n;
        }
    }

    void putFloats(float[] src) throws IOException {
        putFloats(FloatBuffer.wrap(src), 0, src.length);
    }

    void putLongs(long[] src) throws IOException {
        for (long v : src) {
            putLong(v);
        }
    }

    /** Bytes written so far, including those still buffered. */
    long position() {
        return written + buffer.position();
    }

    /** Writes the CRC32C of everything written so far, then flushes. */
    void finishWithChecksum() throws IOException {
        flush();
        int checksum = (int) crc.getValue();
        buffer.putInt(checksum);
        buffer.flip();
        drain();
    }

    private void ensure(int n) throws IOException {
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
