package dev.lore.spark;

/**
 * A row of the input that cannot be compressed: a wrong number of values, a NaN or an infinity, a
 * missing word or vector, or a word that occurs twice. The message names the row by its file and
 * line ({@code glove.txt:1042: expected 100 values, found 99}) or, for a {@code Dataset}, by its
 * word ({@code row 'the': ...}).
 *
 * <p>Thrown inside Spark tasks and re-thrown on the driver by {@link SparkCompressor} with the
 * same message, whatever Spark wrapped it in.
 */
public final class BadRowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A bad row.
     *
     * @param message where and what, as described above
     */
    public BadRowException(String message) {
        super(message);
    }

    /**
     * The {@link BadRowException} somewhere in the causes of {@code t} (Spark wraps task failures
     * in a {@code SparkException} whose message quotes the task's), or null.
     *
     * @param t a failure, may be null
     * @return the bad-row failure, rebuilt from the quoted message when Spark did not keep the
     *     cause, or null if there is none
     */
    static BadRowException find(Throwable t) {
        String marker = BadRowException.class.getName() + ": ";
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadRowException b) {
                return new BadRowException(b.getMessage());
            }
            String m = c.getMessage();
            int at = m == null ? -1 : m.indexOf(marker);
            if (at >= 0) {
                String rest = m.substring(at + marker.length());
                int end = rest.indexOf('\n');
                return new BadRowException(end < 0 ? rest : rest.substring(0, end));
            }
        }
        return null;
    }
}
