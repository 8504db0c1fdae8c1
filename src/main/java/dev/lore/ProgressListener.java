package dev.lore;

/**
 * Receives progress of long-running work (loading a file, a factorization, training).
 *
 * <p>Call order for one task: {@link #start}, any number of {@link #update}, then {@link #finish}.
 * Tasks do not nest. Implementations must be cheap: callers may report every few milliseconds.
 * The library never prints; the command line renders these events as a progress bar.
 */
public interface ProgressListener {

    /**
     * A task begins.
     *
     * @param task short name shown to the user, e.g. {@code "loading glove.txt"}
     * @param total number of units of work, or {@code -1} when unknown
     * @param unit name of one unit, e.g. {@code "MB"} or {@code "it"}
     */
    void start(String task, long total, String unit);

    /**
     * Work has advanced.
     *
     * @param done units done so far (absolute, not an increment)
     * @param detail extra text such as {@code "loss 0.41 dev 0.812"}; may be empty, never null
     */
    void update(long done, String detail);

    /** The current task has ended (successfully or not). */
    void finish();

    /**
     * A listener that ignores every event.
     *
     * @return a shared, stateless, thread-safe instance
     */
    static ProgressListener none() {
        return NoProgress.INSTANCE;
    }
}

enum NoProgress implements ProgressListener {
    INSTANCE;

    @Override
    public void start(String task, long total, String unit) {}

    @Override
    public void update(long done, String detail) {}

    @Override
    public void finish() {}
}
