package dev.lore.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Returns bytes already read (a prefix examined for detection), then the rest of the stream. Unlike
 * {@link java.io.PushbackInputStream} a read never mixes the two, so a failure of the underlying
 * stream cannot swallow replayed bytes.
 */
final class ReplayInputStream extends FilterInputStream {

    private final byte[] prefix;
    private final int length;
    private int pos;

    /** Replays {@code prefix[0, length)} before reading {@code in}; the array is not copied. */
    ReplayInputStream(byte[] prefix, int length, InputStream in) {
        super(in);
        this.prefix = prefix;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        return pos < length ? prefix[pos++] & 0xff : in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos < length) {
            int n = Math.min(len, length - pos);
            System.arraycopy(prefix, pos, b, off, n);
            pos += n;
            return n;
        }
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        if (pos < length) {
            int k = (int) Math.min(n, length - pos);
            pos += k;
            return k;
        }
        return in.skip(n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
