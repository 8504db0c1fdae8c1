package dev.lore.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into chunks of whole lines: each chunk but the last ends with {@code \n}.
 * A chunk is at least {@code chunkSize} bytes unless the stream ends, and longer only as far as
 * needed to hold one long line. Not thread-safe. Chunk arrays come from a {@link BufferPool}; the
 * caller gives each back once it is done with it.
 */
final class LineChunker {

    /** Bytes in a chunk (carry-over of the previous chunk's partial line included). */
    private final int chunkSize;
    /** Longest accepted line; longer ones are reported by the caller as not being text. */
    private final int maxLine;
    private final InputStream in;
    private final BufferPool buffers;
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean eof;
    /** A read failure, raised once the complete lines read before it are handed out. */
    private IOException pending;

    LineChunker(InputStream in, BufferPool buffers, int chunkSize, int maxLine) {
        this.in = in;
        this.buffers = buffers;
        this.chunkSize = chunkSize;
        this.maxLine = maxLine;
    }

    /**
     * A chunk of whole lines, or null at the end of the stream. If reading fails, the complete
     * lines read before the failure are returned first and the failure is thrown by the next call.
     */
    Chunk next() throws IOException {
        if (pending != null) {
            IOException e = pending;
            pending = null;
            carryLength = 0;
            throw e;
        }
        if (eof && carryLength == 0) {
            return null;
        }
        byte[] buf = buffers.take(Math.max(chunkSize, carryLength + chunkSize / 4));
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int length = carryLength;
        int scanned = carryLength; // the carry holds no '\n'
        carryLength = 0;
        while (true) {
            length = fill(buf, length);
            int lastNewline = lastNewline(buf, scanned, length);
            if (pending != null) {
                if (lastNewline < 0) {
                    buffers.give(buf);
                    return next();
                }
                keepCarry(buf, lastNewline + 1, length);
                return new Chunk(buf, lastNewline + 1);
            }
            if (eof || lastNewline >= 0) {
                int end = eof ? length : lastNewline + 1;
                keepCarry(buf, end, length);
                if (length == 0) {
                    buffers.give(buf);
                    return null;
                }
                return new Chunk(buf, end);
            }
            if (length >= maxLine) {
                throw new LineTooLongException(maxLine);
            }
            scanned = length;
            buf = Arrays.copyOf(buf, (int) Math.min((long) maxLine + 1, 2L * buf.length));
        }
    }

    /** Whether the stream is exhausted and every line handed out. */
    boolean atEnd() {
        return eof && carryLength == 0 && pending == null;
    }

    private int fill(byte[] buf, int length) {
        while (length < buf.length && !eof && pending == null) {
            int n;
            try {
                n = in.read(buf, length, buf.length - length);
            } catch (IOException e) {
                pending = e;
                break;
            }
            if (n < 0) {
                eof = true;
            } else {
                length += n;
            }
        }
        return length;
    }

    private static int lastNewline(byte[] buf, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keepCarry(byte[] buf, int from, int to) {
        carryLength = to - from;
        if (carry.length < carryLength) {
            carry = new byte[Math.max(carryLength, 2 * carry.length)];
        }
        System.arraycopy(buf, from, carry, 0, carryLength);
    }

    /** {@code bytes[0, length)} holds whole lines. */
    record Chunk(byte[] bytes, int length) {}

    /** A line longer than the limit: the input is probably not a text embedding file. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("line longer than " + limit + " bytes");
        }
    }
}
