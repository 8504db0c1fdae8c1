package dev.lore.train;

import dev.lore.schedule.Calr;
import dev.lore.schedule.ConstantRate;
import dev.lore.schedule.CosineWarmRestarts;
import dev.lore.schedule.ExpRange;
import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.LearningRateSchedules;
import dev.lore.schedule.Triangular;
import dev.lore.schedule.Triangular2;
import java.util.Locale;
import java.util.Objects;

/**
 * A learning-rate schedule as a training configuration states it: either a fixed
 * {@link LearningRateSchedule}, or a {@link Family} whose cycle length is given in epochs and is
 * turned into iterations once the number of iterations per epoch is known
 * ({@link #resolve(int)}). The family form is what makes a configuration independent of the
 * dataset size (the authors' CALR step is half an epoch) and what lets a schedule comparison derive
 * every schedule from the same bounds and step.
 */
public sealed interface ScheduleSpec permits ScheduleSpec.Fixed, ScheduleSpec.Family {

    /**
     * The schedule for a run with {@code iterationsPerEpoch} updates per epoch.
     *
     * @param iterationsPerEpoch updates per epoch, {@code >= 1}
     * @return the schedule: the fixed one, or the family's with its step in iterations
     * @throws IllegalArgumentException if {@code iterationsPerEpoch < 1}
     */
    LearningRateSchedule resolve(int iterationsPerEpoch);

    /**
     * A short name for tables.
     *
     * @return the family's name ({@code calr}) or the fixed schedule's text form
     */
    String label();

    /**
     * A fixed schedule, used as given whatever the epoch length.
     *
     * @param schedule the schedule, not null
     * @return a {@link Fixed}
     * @throws NullPointerException if {@code schedule} is null
     */
    static ScheduleSpec of(LearningRateSchedule schedule) {
        return new Fixed(schedule);
    }

    /**
     * Reads a schedule: a bare family name ({@code calr}, {@code constant}, {@code triangular},
     * {@code triangular2}, {@code exp_range}, {@code sgdr}, case-insensitive) takes its bounds, step
     * and decay from {@code base}; anything with parentheses is a full text form read by
     * {@link LearningRateSchedules#parse} and used as given (its step in iterations).
     *
     * @param text a family name or a full text form
     * @param base the bounds, step, decay and {@code every} a bare family name takes
     * @return {@code base} with the named kind, or a {@link Fixed} schedule
     * @throws IllegalArgumentException if the text is neither, naming the valid names, or a full
     *     text form that {@link LearningRateSchedules#parse} rejects
     * @throws NullPointerException if an argument is null
     */
    static ScheduleSpec parse(String text, Family base) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(base, "base");
        String t = text.strip();
        if (t.contains("(")) {
            return of(LearningRateSchedules.parse(t));
        }
        return base.withKind(Kind.fromLabel(t));
    }

    /** The schedule families whose parameters derive from one set of bounds and one step. */
    enum Kind {
        /** {@code calr(ub, lb, step, decay, every)}: Acharya et al. (AAAI 2019). */
        CALR("calr"),
        /** {@code constant(lr = ub)}. */
        CONSTANT("constant"),
        /** Smith's {@code triangular(lb, ub, step)}. */
        TRIANGULAR("triangular"),
        /** Smith's {@code triangular2(lb, ub, step)}: the amplitude halves every cycle. */
        TRIANGULAR2("triangular2"),
        /**
         * Smith's {@code exp_range(lb, ub, step, gamma)} with {@code gamma = decay^(1 / (every K))}
         * for {@code K} iterations per epoch: its envelope shrinks by {@code decay} every
         * {@code every} epochs, as CALR's upper bound does between restarts.
         */
        EXP_RANGE("exp_range"),
        /**
         * Loshchilov and Hutter's {@code sgdr(max = ub, min = lb, t0 = 2 step, tmult = 2)}: the first
         * period is one triangular cycle, each next one twice as long.
         */
        SGDR("sgdr");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /**
         * The name used on the command line and in result files.
         *
         * @return the lower-case name, e.g. {@code exp_range}
         */
        public String label() {
            return label;
        }

        /**
         * The kind named {@code label} (case-insensitive).
         *
         * @param label a {@link #label()}, in any case, surrounding spaces ignored; not null
         * @return the kind
         * @throws IllegalArgumentException if there is none
         */
        public static Kind fromLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equalsIgnoreCase(label.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("schedule must be one of calr, constant, triangular, triangular2,"
                    + " exp_range, sgdr, or a full text form such as calr(ub=0.01,lb=1e-6,step=69), got '"
                    + label + "'");
        }
    }

    /**
     * A fixed schedule.
     *
     * @param schedule the schedule, used for every epoch length
     */
    record Fixed(LearningRateSchedule schedule) implements ScheduleSpec {

        /**
         * Checks the schedule.
         *
         * @param schedule not null
         * @throws NullPointerException if {@code schedule} is null
         */
        public Fixed {
            Objects.requireNonNull(schedule, "schedule");
        }

        @Override
        public LearningRateSchedule resolve(int iterationsPerEpoch) {
            checkIterations(iterationsPerEpoch);
            return schedule;
        }

        @Override
        public String label() {
            return schedule.toString();
        }

        /** The schedule's text form, e.g. {@code calr(ub=3.0E-4,lb=1.0E-6,step=35,decay=0.1,every=1,restart=5)}. */
        @Override
        public String toString() {
            return schedule.toString();
        }
    }

    /**
     * A schedule of one {@link Kind} built from common parameters. With {@code K} iterations per
     * epoch the half-cycle is {@code step = max(1, floor(stepEpochs K + 1e-9))} iterations (the
     * authors' {@code iterations_per_epoch // 2} for {@code stepEpochs = 0.5}; the {@code 1e-9} keeps
     * a product that is an exact integer from rounding below it).
     *
     * @param kind the family
     * @param ub upper bound (the constant rate, the peak), finite and {@code > 0}
     * @param lb lower bound, in {@code [0, ub]}
     * @param stepEpochs half-cycle length in epochs, in {@code (0, 1000]}
     * @param decay CALR's factor on the upper bound per anneal step (and exp_range's per-epoch
     *     envelope), in {@code (0, 1]}
     * @param every epochs between CALR anneal steps, in {@code [1, 1000]}
     */
    record Family(Kind kind, double ub, double lb, double stepEpochs, double decay, int every)
            implements ScheduleSpec {

        /**
         * Validates the parameters.
         *
         * @param kind not null
         * @param ub finite, {@code > 0}
         * @param lb in {@code [0, ub]}
         * @param stepEpochs in {@code (0, 1000]}
         * @param decay in {@code (0, 1]}
         * @param every in {@code [1, 1000]}
         * @throws IllegalArgumentException if a parameter is outside its range; the message starts
         *     with the parameter's name ({@code ub}, {@code lb}, {@code stepEpochs}, {@code decay},
         *     {@code every}), which the command line replaces with its option
         * @throws NullPointerException if {@code kind} is null
         */
        public Family {
            Objects.requireNonNull(kind, "kind");
            if (!(ub > 0 && Double.isFinite(ub))) {
                throw new IllegalArgumentException("ub must be finite and > 0, got " + ub);
            }
            if (!(lb >= 0 && lb <= ub)) {
                throw new IllegalArgumentException("lb must be in [0, ub = " + ub + "], got " + lb);
            }
            if (!(stepEpochs > 0 && stepEpochs <= 1000)) {
                throw new IllegalArgumentException("stepEpochs must be in (0, 1000], got " + stepEpochs);
            }
            if (!(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
            }
            if (every < 1 || every > 1000) {
                throw new IllegalArgumentException("every must be in [1, 1000], got " + every);
            }
        }

        /**
         * The same parameters with another kind; this family is unchanged.
         *
         * @param newKind not null
         * @return the new family
         * @throws NullPointerException if {@code newKind} is null
         */
        public Family withKind(Kind newKind) {
            return new Family(newKind, ub, lb, stepEpochs, decay, every);
        }

        /**
         * The half-cycle in iterations.
         *
         * @param iterationsPerEpoch updates per epoch {@code K}, {@code >= 1}
         * @return {@code max(1, floor(stepEpochs K + 1e-9))}
         * @throws IllegalArgumentException if {@code iterationsPerEpoch < 1}
         */
        public long step(int iterationsPerEpoch) {
            checkIterations(iterationsPerEpoch);
            return Math.max(1L, (long) Math.floor(stepEpochs * iterationsPerEpoch + 1e-9));
        }

        @Override
        public LearningRateSchedule resolve(int iterationsPerEpoch) {
            long step = step(iterationsPerEpoch);
            return switch (kind) {
                case CALR -> Calr.of(ub, lb, step, decay, every, Calr.DEFAULT_RESTART);
                case CONSTANT -> new ConstantRate(ub);
                case TRIANGULAR -> new Triangular(lb, ub, step);
                case TRIANGULAR2 -> new Triangular2(lb, ub, step);
                case EXP_RANGE -> new ExpRange(lb, ub, step,
                        Math.pow(decay, 1.0 / ((double) every * iterationsPerEpoch)));
                case SGDR -> new CosineWarmRestarts(ub, lb, 2 * step, 2);
            };
        }

        @Override
        public String label() {
            return kind.label();
        }

        /** Every parameter, e.g. {@code calr(ub=0.01,lb=1.0E-6,step=0.5 epoch,decay=0.1,every=1)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s(ub=%s,lb=%s,step=%s epoch,decay=%s,every=%d)", kind.label(),
                    Double.toString(ub), Double.toString(lb), Double.toString(stepEpochs),
                    Double.toString(decay), every);
        }
    }

    private static void checkIterations(int iterationsPerEpoch) {
        if (iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("iterationsPerEpoch must be >= 1, got " + iterationsPerEpoch);
        }
    }
}
