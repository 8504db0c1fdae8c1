package dev.lore.io;

import dev.lore.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read from the underlying stream to a listener every {@code step} bytes. */
final class ProgressInputStream extends FilterInputStream {

    private final ProgressListener listener;
    private final long step;
    private long count;
    private long reported;

    ProgressInputStream(InputStream in, ProgressListener listener, long step) {
        super(in);
        this.listener = listener;
        this.step = step;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        advance(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    private void advance(long n) {
        count += n;
        if (count - reported >= step) {
            reported = count;
            listener.update(count, "");
        }
    }
}
