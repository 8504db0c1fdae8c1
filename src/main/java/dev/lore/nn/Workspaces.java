package dev.lore.nn;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Scratch objects of one shared model or layer, lent to one caller at a time without a lock: how
 * inference on a shared object gets memory of its own for each call without allocating it anew.
 *
 * <p>{@link #acquire} takes an idle object, or makes a new one when none is idle; {@link #release}
 * returns it, or drops it when all {@link #SLOTS} slots are taken. Both are a few compare-and-set
 * operations on an array of slots, starting at a slot chosen by the calling thread, so threads
 * rarely touch the same slot. The idle objects stay with the owner (they are collected with it),
 * at most {@link #SLOTS} of them, so the memory held is that of the most concurrent calls seen, up
 * to that bound. Thread-safe.
 *
 * @param <W> the scratch type; an object is used by one thread between acquire and release
 */
final class Workspaces<W> {

    /** Idle objects kept: four per available processor, at least 8. */
    static final int SLOTS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    private final Supplier<W> factory;
    private final AtomicReferenceArray<W> idle = new AtomicReferenceArray<>(SLOTS);

    /** @param factory makes a new scratch object; called lazily, from the thread that needs one */
    Workspaces(Supplier<W> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** An idle object, or a new one; the caller owns it until {@link #release}. */
    W acquire() {
        int start = home();
        for (int k = 0; k < SLOTS; k++) {
            int i = (start + k) % SLOTS;
            W w = idle.get(i);
            if (w != null && idle.compareAndSet(i, w, null)) {
                return w;
            }
        }
        return Objects.requireNonNull(factory.get(), "workspace factory returned null");
    }

    /** Gives {@code w}, which the caller got from {@link #acquire} and no longer uses, back. */
    void release(W w) {
        int start = home();
        for (int k = 0; k < SLOTS; k++) {
            int i = (start + k) % SLOTS;
            if (idle.get(i) == null && idle.compareAndSet(i, null, w)) {
                return;
            }
        }
    }

    /** Number of idle objects (a snapshot; for tests). */
    int idleCount() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += idle.get(i) == null ? 0 : 1;
        }
        return n;
    }

    private static int home() {
        return (int) Math.floorMod(Thread.currentThread().getId() * 0x9E3779B9L, (long) SLOTS);
    }
}
