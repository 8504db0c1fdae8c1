package dev.lore.io;

import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * At most {@code limit} byte buffers in circulation, recycled: reading a large file then allocates
 * a few buffers instead of one per chunk (which, at a megabyte each, G1 would allocate as humongous
 * objects and collect with concurrent cycles). {@link #take} blocks while all are in use, which
 * also bounds the chunks in flight. Thread-safe.
 */
final class BufferPool {

    private final int size;
    private final int limit;
    private final BlockingQueue<byte[]> free;
    private int created; // guarded by this

    /**
     * @param size bytes of a new buffer, {@code >= 1}
     * @param limit buffers in circulation, {@code >= 1}
     */
    BufferPool(int size, int limit) {
        this.size = size;
        this.limit = limit;
        this.free = new ArrayBlockingQueue<>(limit);
    }

    /** A buffer of at least {@code minSize} bytes; its content is undefined. */
    byte[] take(int minSize) throws InterruptedIOException {
        byte[] b = free.poll();
        if (b == null && reserve()) {
            b = new byte[Math.max(size, minSize)];
        }
        try {
            if (b == null) {
                b = free.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a buffer");
        }
        return b.length >= minSize ? b : new byte[minSize];
    }

    /** Returns a buffer obtained from {@link #take} (or one replacing it). */
    void give(byte[] b) {
        free.offer(b);
    }

    private synchronized boolean reserve() {
        if (created == limit) {
            return false;
        }
        created++;
        return true;
    }
}
