package dev.lore.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the first failure of the underlying stream and raises it again on every later read,
 * so a reader that stopped early on it (to hand out what it had) meets it again where it resumes.
 */
final class FailureMemo extends FilterInputStream {

    private IOException failure;

    FailureMemo(InputStream in) {
        super(in);
    }

    /** The first failure, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        check();
        try {
            return in.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        try {
            return in.skip(n);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
