package dev.lore.schedule;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adapts a {@link LearningRateSchedule} to ND4J's {@link ISchedule}, so ND4J's updater
 * configurations ({@code new Adam(Nd4jSchedule.of(calr))}, {@code Sgd}, {@code Nesterovs}),
 * DeepLearning4J networks and SameDiff's {@code TrainingConfig} use it unchanged. The one class of
 * this package that imports ND4J.
 *
 * <p>Counters: ND4J calls {@link #valueAt(int, int)} with its iteration and epoch counters (both
 * from 0, the iteration running across epochs), once per parameter per step; they are passed
 * through, widened to {@code long}, to {@link LearningRateSchedule#valueAt(long, long)}. Unlike
 * ND4J's own schedules there is no {@code ScheduleType}: each schedule decides which counter it
 * uses (CALR uses both).
 *
 * <p>JSON: through ND4J's mapper ({@code org.nd4j.serde.json.JsonMappers}) the adapter is written
 * as {@code {"@class":"dev.lore.schedule.Nd4jSchedule","schedule":"calr(ub=0.001,...)"}}, the
 * schedule's text form, and read back to an equal adapter. Only schedules that {@link
 * LearningRateSchedules#parse} reads back to an equal schedule (the built-in ones) can be
 * written; writing any other schedule fails with an error naming it rather than producing JSON
 * that cannot be read. Java serialization, which {@code ISchedule} requires, uses the same text.
 *
 * <p>Note on ND4J's Adam (and other updaters built on libnd4j's kernels): when the step size
 * {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)} is exactly 0, libnd4j replaces it with {@code
 * epsilon}, so with ND4J's own updaters a schedule value of 0 still moves the parameters (by about
 * {@code epsilon} per step). lore's {@code dev.lore.nn.AdamOptimizer} treats 0 as no update.
 *
 * <p>Immutable; {@link #clone()} returns this instance.
 */
public final class Nd4jSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonIgnore
    private final transient LearningRateSchedule schedule;

    private Nd4jSchedule(LearningRateSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * An adapter for {@code schedule}.
     *
     * @param schedule the schedule to adapt, not null; it can be written to JSON only if {@link
     *     LearningRateSchedules#parse} reads its {@code toString()} back to an equal schedule
     * @return the adapter
     * @throws NullPointerException if {@code schedule} is null
     */
    public static Nd4jSchedule of(LearningRateSchedule schedule) {
        return new Nd4jSchedule(schedule);
    }

    /**
     * An adapter for the schedule with a text form; the factory ND4J's JSON mapper calls.
     *
     * @param text a schedule's text form, as read by {@link LearningRateSchedules#parse}
     * @return the adapter
     * @throws IllegalArgumentException if {@code text} is not a valid schedule; see {@link
     *     LearningRateSchedules#parse}
     */
    @JsonCreator
    public static Nd4jSchedule parse(@JsonProperty("schedule") String text) {
        return new Nd4jSchedule(LearningRateSchedules.parse(text));
    }

    /**
     * The adapted schedule.
     *
     * @return the schedule given to {@link #of} or parsed by {@link #parse}
     */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * The text form written to JSON.
     *
     * @return the schedule's {@code toString()}, checked to read back to an equal schedule
     * @throws IllegalStateException if the schedule does not read back from its text form
     */
    @JsonProperty("schedule")
    public String textForm() {
        String text = schedule.toString();
        boolean readsBack;
        try {
            readsBack = LearningRateSchedules.parse(text).equals(schedule);
        } catch (IllegalArgumentException e) {
            throw notWritable(e);
        }
        if (!readsBack) {
            throw notWritable(null);
        }
        return text;
    }

    private IllegalStateException notWritable(Throwable cause) {
        return new IllegalStateException("cannot serialize " + schedule.getClass().getName()
                + " '" + schedule + "': only schedules that LearningRateSchedules.parse reads back"
                + " from their toString() can be written", cause);
    }

    /**
     * {@code schedule.valueAt(iteration, epoch)}.
     *
     * @throws IllegalArgumentException if a counter is negative (an ND4J counter that overflowed)
     */
    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule.valueAt(iteration, epoch);
    }

    /**
     * This instance: the adapter is immutable.
     *
     * @return {@code this}
     */
    @Override
    public ISchedule clone() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nd4jSchedule other && schedule.equals(other.schedule);
    }

    @Override
    public int hashCode() {
        return schedule.hashCode();
    }

    @Override
    public String toString() {
        return "Nd4jSchedule[" + schedule + "]";
    }

    /**
     * Replaces this adapter by its serialized form, the schedule's text form.
     *
     * @return a {@code SerializedForm} holding {@link #textForm()}
     * @throws ObjectStreamException ({@link NotSerializableException}) if the schedule does not
     *     read back from its text form
     */
    private Object writeReplace() throws ObjectStreamException {
        try {
            return new SerializedForm(textForm());
        } catch (IllegalStateException e) {
            NotSerializableException ex = new NotSerializableException(e.getMessage());
            ex.initCause(e);
            throw ex;
        }
    }

    /**
     * Rejects a stream that holds this class's fields directly instead of its serialized form.
     *
     * @param in the stream, not read
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("Nd4jSchedule is read through its serialized form only");
    }

    /** What Java serialization writes: the text form only. */
    private record SerializedForm(String text) implements Serializable {
        private Object readResolve() {
            return Nd4jSchedule.parse(text);
        }
    }
}
