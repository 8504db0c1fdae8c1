package dev.lore.schedule;

/**
 * CALR, the cyclically annealed learning rate of Acharya, Goel, Metallinou and Dhillon, "Online
 * Embedding Compression for Text Classification using Low Rank Matrix Factorization" (AAAI 2019),
 * as in the authors' released code: a triangular cycle (Smith, "Cyclical Learning Rates for
 * Training Neural Networks", WACV 2017) whose upper bound is annealed every few epochs and
 * restarted when it reaches the lower bound.
 *
 * <p>Text form: {@code calr(ub=0.001,lb=1.0E-6,step=1000,decay=0.1,every=1,restart=5)}; every
 * parameter is optional and defaults to the value shown (the authors' fine-tuning configuration).
 *
 * <h2>Formula</h2>
 * With iteration {@code i} and epoch {@code e} (both from 0), parameters {@code ub} (UB0), {@code
 * lb} (LB0), {@code step}, {@code decay}, {@code every} and {@code restart}, and {@code TOL =
 * }{@value #RESTART_TOLERANCE}:
 * <ol>
 *   <li>Anneal steps so far: {@code a = floor(e / every)}. The upper bound after {@code k} anneal
 *       steps of the current period is {@code U(k) = ub * Math.pow(decay, k)}.
 *   <li>Restart rule. A period with lower bound {@code L} restarts at the first anneal step {@code
 *       k} at which {@code U(k) <= L * (1 + TOL)}. The first period has {@code L = lb} and is
 *       checked from {@code k = 0} (so {@code lb} equal to {@code ub} restarts at once, as in the
 *       authors' code, which checks before the first epoch); it lasts {@code K1} anneal steps.
 *       Every later period has {@code L = lbr = ub * Math.pow(decay, restart)}, starts with the
 *       upper bound back at {@code ub}, is checked from {@code k = 1}, and lasts {@code Kr} anneal
 *       steps ({@code Kr = restart} unless {@code 1 / decay} is within about {@code TOL} of 1).
 *       {@code K1} is infinite when the rule never fires, e.g. {@code decay = 1} with {@code lb <
 *       ub}.
 *   <li>Bounds at epoch {@code e}: if {@code a < K1}, {@code UB = U(a)} and {@code LB = lb};
 *       otherwise {@code UB = U((a - K1) mod Kr)} and {@code LB = lbr}.
 *   <li>Triangle: {@code bump = (UB - LB) / step}, {@code c = i mod (2 step)}; {@code lr = LB + c *
 *       bump} if {@code c < step}, else {@code lr = UB - (c - step) * bump}.
 * </ol>
 * The iteration counter runs across epochs, so a cycle may straddle an epoch boundary, where the
 * bounds change. {@code K1} and {@code Kr} are computed once, at construction, by a binary search
 * over the monotone predicate; each call is O(1).
 *
 * <p>Differences from the released code, all deliberate: the authors multiply UB by {@code decay}
 * repeatedly and compare doubles exactly. With their defaults {@code 0.001 * 0.1 * 0.1 * 0.1 =
 * 1.0000000000000002E-6 > 1e-6}, so their code does not restart at epoch 3 but spends that epoch
 * at a flat 1e-6 and restarts at epoch 4; here the relative tolerance makes the bound that has
 * reached LB restart, at epoch 3. Their loop increments the counter before its first step (their
 * first rate is ours at iteration 1). Their restart exponent is fixed at 5.
 *
 * <p>Defaults, from the released configuration: {@code ub = }{@value #DEFAULT_UB}, {@code lb =
 * }{@value #DEFAULT_LB_FINE_TUNING} for fine-tuning ({@value #DEFAULT_LB_PRE_TRAINING} for
 * pre-training), {@code step = }{@value #DEFAULT_STEP}, {@code decay = }{@value #DEFAULT_DECAY},
 * {@code every = }{@value #DEFAULT_EVERY}, {@code restart = }{@value #DEFAULT_RESTART}. In
 * practice the authors set the step to half an epoch ({@code iterationsPerEpoch / 2}).
 *
 * <p>Immutable and thread-safe; {@code equals} compares the six parameters.
 */
public final class Calr implements LearningRateSchedule {

    /** Text-form name. */
    public static final String NAME = "calr";
    /** Relative tolerance of the restart comparison {@code U(k) <= L * (1 + TOL)}. */
    public static final double RESTART_TOLERANCE = 1e-9;
    /** Default initial upper bound UB0. */
    public static final double DEFAULT_UB = 1e-3;
    /** Default lower bound LB0 for fine-tuning. */
    public static final double DEFAULT_LB_FINE_TUNING = 1e-6;
    /** Default lower bound LB0 for pre-training. */
    public static final double DEFAULT_LB_PRE_TRAINING = 1e-8;
    /** Default half-cycle length in iterations. */
    public static final long DEFAULT_STEP = 1000;
    /** Default factor applied to UB at each anneal step. */
    public static final double DEFAULT_DECAY = 0.1;
    /** Default number of epochs between anneal steps. */
    public static final long DEFAULT_EVERY = 1;
    /** Default restart exponent: after a restart LB = UB0 * decay^restart. */
    public static final int DEFAULT_RESTART = 5;
    /** Largest accepted restart exponent. */
    public static final int MAX_RESTART = 1000;

    /** Marks a first period that never ends. */
    private static final long NEVER = -1;

    private final double ub;
    private final double lb;
    private final long step;
    private final double decay;
    private final long every;
    private final int restart;
    // Derived once from the parameters above; they make valueAt O(1).
    private final double lbRestart;
    private final long firstPeriod;
    private final long laterPeriod;

    private Calr(double ub, double lb, long step, double decay, long every, int restart) {
        this.ub = Checks.rate(NAME, "ub", ub);
        this.lb = Checks.rate(NAME, "lb", lb);
        Checks.ordered(NAME, "lb", lb, "ub", ub);
        this.step = Checks.range(NAME, "step", step, 1, Checks.MAX_STEP);
        this.decay = Checks.factor(NAME, "decay", decay);
        this.every = Checks.range(NAME, "every", every, 1, Long.MAX_VALUE);
        this.restart = (int) Checks.range(NAME, "restart", restart, 1, MAX_RESTART);
        this.lbRestart = ub * Math.pow(decay, restart);
        this.firstPeriod = firstRestart(lb, 0);
        this.laterPeriod = firstRestart(lbRestart, 1);
    }

    /**
     * CALR with every parameter given.
     *
     * @param ub initial upper bound UB0, finite, {@code >= lb}
     * @param lb initial lower bound LB0, finite, {@code >= 0}
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
     * @param decay factor applied to UB at each anneal step, in {@code (0, 1]}
     * @param every epochs between anneal steps, {@code >= 1}
     * @param restart restart exponent ({@code LB = ub * decay^restart} after a restart), in
     *     {@code [1, 1000]}
     * @return the schedule
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public static Calr of(double ub, double lb, long step, double decay, long every, int restart) {
        return new Calr(ub, lb, step, decay, every, restart);
    }

    /**
     * CALR with annealing every epoch ({@code every = 1}) and the default restart exponent
     * ({@code restart = 5}).
     *
     * @param ub initial upper bound UB0, finite, {@code >= lb}
     * @param lb initial lower bound LB0, finite, {@code >= 0}
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}
     * @param decay factor applied to UB at each anneal step, in {@code (0, 1]}
     * @return the schedule
     * @throws IllegalArgumentException if a parameter is outside its range; the message names it
     */
    public static Calr of(double ub, double lb, long step, double decay) {
        return new Calr(ub, lb, step, decay, DEFAULT_EVERY, DEFAULT_RESTART);
    }

    /**
     * The authors' fine-tuning configuration ({@code ub = 1e-3}, {@code lb = 1e-6}, {@code decay =
     * 0.1}, {@code every = 1}, {@code restart = 5}) with the given half-cycle length.
     *
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}; the authors use half
     *     an epoch
     * @return the schedule
     * @throws IllegalArgumentException if {@code step} is outside its range
     */
    public static Calr fineTuning(long step) {
        return of(DEFAULT_UB, DEFAULT_LB_FINE_TUNING, step, DEFAULT_DECAY);
    }

    /**
     * The authors' pre-training configuration ({@code ub = 1e-3}, {@code lb = 1e-8}, {@code decay
     * = 0.1}, {@code every = 1}, {@code restart = 5}) with the given half-cycle length.
     *
     * @param step half-cycle length in iterations, in {@code [1, 2^62 - 1]}; the authors use half
     *     an epoch
     * @return the schedule
     * @throws IllegalArgumentException if {@code step} is outside its range
     */
    public static Calr preTraining(long step) {
        return of(DEFAULT_UB, DEFAULT_LB_PRE_TRAINING, step, DEFAULT_DECAY);
    }

    /**
     * Smallest anneal step {@code k >= kMin} with {@code U(k) <= lower * (1 + TOL)}, or {@link
     * #NEVER}. {@code U} is non-increasing in {@code k} ({@code Math.pow} is semi-monotonic), so
     * the predicate is monotone and a binary search over all {@code long} values finds it.
     */
    private long firstRestart(double lower, long kMin) {
        if (!restartsAt(Long.MAX_VALUE, lower)) {
            return NEVER;
        }
        long lo = kMin;
        long hi = Long.MAX_VALUE;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (restartsAt(mid, lower)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private boolean restartsAt(long k, double lower) {
        return upper(k) <= lower * (1.0 + RESTART_TOLERANCE);
    }

    private double upper(long k) {
        return ub * Math.pow(decay, k);
    }

    /** {@inheritDoc} See the class documentation for the formula. */
    @Override
    public double valueAt(long iteration, long epoch) {
        Checks.position(iteration, epoch);
        long a = epoch / every;
        double upper;
        double lower;
        if (inFirstPeriod(a)) {
            upper = upper(a);
            lower = lb;
        } else {
            upper = upper((a - firstPeriod) % laterPeriod);
            lower = lbRestart;
        }
        double bump = (upper - lower) / step;
        long c = iteration % (2 * step);
        return c < step ? lower + c * bump : upper - (c - step) * bump;
    }

    /**
     * The upper bound UB in effect at epoch {@code epoch} (the peak of its cycles).
     *
     * @param epoch epoch counter, from 0, {@code >= 0}
     * @return {@code U(a)} or {@code U((a - K1) mod Kr)} as in the class formula, in {@code [0,
     *     ub]}
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public double upperBoundAt(long epoch) {
        Checks.position(0, epoch);
        long a = epoch / every;
        return inFirstPeriod(a) ? upper(a) : upper((a - firstPeriod) % laterPeriod);
    }

    /**
     * The lower bound LB in effect at epoch {@code epoch}.
     *
     * @param epoch epoch counter, from 0, {@code >= 0}
     * @return {@code lb} during the first period, {@code ub * Math.pow(decay, restart)} after the
     *     first restart
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public double lowerBoundAt(long epoch) {
        Checks.position(0, epoch);
        return inFirstPeriod(epoch / every) ? lb : lbRestart;
    }

    private boolean inFirstPeriod(long annealSteps) {
        return firstPeriod == NEVER || annealSteps < firstPeriod;
    }

    /**
     * Initial upper bound UB0.
     *
     * @return {@code ub}, finite, {@code >= lb}
     */
    public double ub() {
        return ub;
    }

    /**
     * Initial lower bound LB0.
     *
     * @return {@code lb}, finite, {@code >= 0}
     */
    public double lb() {
        return lb;
    }

    /**
     * Half-cycle length in iterations.
     *
     * @return {@code step}, in {@code [1, 2^62 - 1]}
     */
    public long step() {
        return step;
    }

    /**
     * Factor applied to UB at each anneal step.
     *
     * @return {@code decay}, in {@code (0, 1]}
     */
    public double decay() {
        return decay;
    }

    /**
     * Epochs between anneal steps.
     *
     * @return {@code every}, {@code >= 1}
     */
    public long every() {
        return every;
    }

    /**
     * Restart exponent: after a restart {@code LB = ub * decay^restart}.
     *
     * @return {@code restart}, in {@code [1, 1000]}
     */
    public int restart() {
        return restart;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calr c
                && Double.compare(ub, c.ub) == 0
                && Double.compare(lb, c.lb) == 0
                && step == c.step
                && Double.compare(decay, c.decay) == 0
                && every == c.every
                && restart == c.restart;
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(ub);
        h = 31 * h + Double.hashCode(lb);
        h = 31 * h + Long.hashCode(step);
        h = 31 * h + Double.hashCode(decay);
        h = 31 * h + Long.hashCode(every);
        return 31 * h + restart;
    }

    /** The text form, e.g. {@code calr(ub=0.001,lb=1.0E-6,step=1000,decay=0.1,every=1,restart=5)}. */
    @Override
    public String toString() {
        return NAME + "(ub=" + ub + ",lb=" + lb + ",step=" + step + ",decay=" + decay
                + ",every=" + every + ",restart=" + restart + ")";
    }
}
