package dev.lore.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * Little-endian buffered reads from {@code [start, end)} of a file or image. Every read first checks that
 * the bytes it needs lie before {@code end}, so a corrupt size can never cause a read past the
 * data or an allocation larger than the file.
 */
final class LoreInput {

    private final Path file;
    private final FileFrame.Source source;
    private final long end;
    private final ByteBuffer buffer;
    private long bufferStart; // file offset of buffer[0]

    LoreInput(Path file, FileFrame.Source source, long start, long end) {
        this.file = file;
        this.source = source;
        this.end = end;
        this.bufferStart = start;
        // At least 8 bytes (the largest single value), at most 64 KiB.
        this.buffer = ByteBuffer.allocate((int) Math.max(8, Math.min(1 << 16, end - start)))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.limit(0);
    }

    /** File offset of the next byte to read. */
    long position() {
        return bufferStart + buffer.position();
    }

    /** Bytes left before {@code end}. */
    long remaining() {
        return end - position();
    }

    /** A format error at the current position. */
    LoreFormatException error(String problem) {
        return new LoreFormatException(file, position(), problem);
    }

    /** Throws unless {@code bytes} more bytes remain. */
    void need(long bytes, String what) throws LoreFormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw error(what + " needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }

    int readInt(String what) throws IOException {
        fill(4, what);
        return buffer.getInt();
    }

    long readLong(String what) throws IOException {
        fill(8, what);
        return buffer.getLong();
    }

    double readDouble(String what) throws IOException {
        fill(8, what);
        return buffer.getDouble();
    }

    /** Reads {@code n} bytes; {@code n} is checked against what remains before anything is allocated. */
    byte[] readBytes(int n, String what) throws IOException {
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

    /** Reads {@code count} floats into {@code dst} from its index 0; the caller has checked the size. */
    void readFloats(FloatBuffer dst, int count, String what) throws IOException {
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

    float[] readFloats(int count, String what) throws IOException {
        need(4L * count, what);
        float[] out = new float[count];
        readFloats(FloatBuffer.wrap(out), count, what);
        return out;
    }

    long[] readLongs(int count, String what) throws IOException {
        need(8L * count, what);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = readLong(what);
        }
        return out;
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
