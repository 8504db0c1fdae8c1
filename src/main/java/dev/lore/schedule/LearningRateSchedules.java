package dev.lore.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads schedules from their text form, the format of {@code toString()} of every built-in
 * schedule, used on the command line and in logs.
 *
 * <p>Format: {@code name(key=value,...)}, e.g. {@code calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)};
 * parameters in any order, spaces allowed between tokens, names case-insensitive, numbers as plain
 * decimals with an optional exponent; a name alone ({@code calr}) means every parameter at its
 * default. {@code toString()} prints every parameter with {@link Double#toString(double)}, which
 * reads back to the same double, so {@code parse(s.toString()).equals(s)} for every built-in
 * schedule {@code s}.
 *
 * <table>
 *   <caption>Schedules, parameters and defaults (a dash marks a required parameter)</caption>
 *   <tr><th>name</th><th>class</th><th>parameters (default)</th></tr>
 *   <tr><td>{@code calr}</td><td>{@link Calr}</td><td>ub (1e-3), lb (1e-6), step (1000),
 *       decay (0.1), every (1), restart (5)</td></tr>
 *   <tr><td>{@code constant}</td><td>{@link ConstantRate}</td><td>lr (-)</td></tr>
 *   <tr><td>{@code step}</td><td>{@link StepDecay}</td><td>lr (-), gamma (0.1), every (-)</td></tr>
 *   <tr><td>{@code exp}</td><td>{@link ExponentialDecay}</td><td>lr (-), gamma (-)</td></tr>
 *   <tr><td>{@code triangular}</td><td>{@link Triangular}</td><td>lb (-), ub (-), step (2000)</td></tr>
 *   <tr><td>{@code triangular2}</td><td>{@link Triangular2}</td><td>lb (-), ub (-), step (2000)</td></tr>
 *   <tr><td>{@code exp_range}</td><td>{@link ExpRange}</td><td>lb (-), ub (-), step (2000),
 *       gamma (1.0)</td></tr>
 *   <tr><td>{@code sgdr}</td><td>{@link CosineWarmRestarts}</td><td>max (-), min (0), t0 (-),
 *       tmult (1)</td></tr>
 *   <tr><td>{@code onecycle}</td><td>{@link OneCycle}</td><td>max (-), total (-), pct (0.3),
 *       div (25), final_div (1e4)</td></tr>
 * </table>
 */
public final class LearningRateSchedules {

    private record Spec(List<String> params, Function<TextForm.Args, LearningRateSchedule> build) {}

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put(Calr.NAME, new Spec(List.of("ub", "lb", "step", "decay", "every", "restart"),
                a -> Calr.of(a.real("ub", Calr.DEFAULT_UB), a.real("lb", Calr.DEFAULT_LB_FINE_TUNING),
                        a.integer("step", Calr.DEFAULT_STEP), a.real("decay", Calr.DEFAULT_DECAY),
                        a.integer("every", Calr.DEFAULT_EVERY), a.smallInteger("restart", Calr.DEFAULT_RESTART))));
        SPECS.put(ConstantRate.NAME, new Spec(List.of("lr"), a -> new ConstantRate(a.real("lr"))));
        SPECS.put(StepDecay.NAME, new Spec(List.of("lr", "gamma", "every"),
                a -> new StepDecay(a.real("lr"), a.real("gamma", StepDecay.DEFAULT_GAMMA), a.integer("every"))));
        SPECS.put(ExponentialDecay.NAME, new Spec(List.of("lr", "gamma"),
                a -> new ExponentialDecay(a.real("lr"), a.real("gamma"))));
        SPECS.put(Triangular.NAME, new Spec(List.of("lb", "ub", "step"),
                a -> new Triangular(a.real("lb"), a.real("ub"), a.integer("step", Triangular.DEFAULT_STEP))));
        SPECS.put(Triangular2.NAME, new Spec(List.of("lb", "ub", "step"),
                a -> new Triangular2(a.real("lb"), a.real("ub"), a.integer("step", Triangular.DEFAULT_STEP))));
        SPECS.put(ExpRange.NAME, new Spec(List.of("lb", "ub", "step", "gamma"),
                a -> new ExpRange(a.real("lb"), a.real("ub"), a.integer("step", Triangular.DEFAULT_STEP),
                        a.real("gamma", ExpRange.DEFAULT_GAMMA))));
        SPECS.put(CosineWarmRestarts.NAME, new Spec(List.of("max", "min", "t0", "tmult"),
                a -> new CosineWarmRestarts(a.real("max"), a.real("min", 0.0), a.integer("t0"), a.integer("tmult", 1))));
        SPECS.put(OneCycle.NAME, new Spec(List.of("max", "total", "pct", "div", "final_div"),
                a -> new OneCycle(a.real("max"), a.integer("total"), a.real("pct", OneCycle.DEFAULT_PCT),
                        a.real("div", OneCycle.DEFAULT_DIV), a.real("final_div", OneCycle.DEFAULT_FINAL_DIV))));
    }

    private LearningRateSchedules() {}

    /**
     * Reads a schedule from its text form.
     *
     * @param text e.g. {@code "calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1)"} or {@code "constant(lr=0.01)"}
     * @return the schedule, equal to any schedule whose {@code toString()} is {@code text}
     * @throws IllegalArgumentException on a syntax error (with its position), an unknown schedule
     *     or parameter (listing the valid ones), a missing required parameter, or a value outside
     *     its range (naming the parameter and the value)
     */
    public static LearningRateSchedule parse(String text) {
        TextForm.Call call = TextForm.split(text);
        Spec spec = SPECS.get(call.name());
        if (spec == null) {
            throw new IllegalArgumentException("unknown schedule '" + call.name() + "'; valid schedules: "
                    + String.join(", ", names()));
        }
        return spec.build().apply(new TextForm.Args(call, spec.params()));
    }

    /**
     * The schedule names {@link #parse} accepts.
     *
     * @return an unmodifiable list in a fixed order ({@code calr} first, as in the class table)
     */
    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    /**
     * The parameter names of a schedule.
     *
     * @param name a schedule name, one of {@link #names()}, lower case as listed
     * @return the text-form parameter names (e.g. {@code final_div}) in the order {@code
     *     toString()} prints them, an unmodifiable list
     * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
     */
    public static List<String> parameters(String name) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown schedule '" + name + "'; valid schedules: "
                    + String.join(", ", names()));
        }
        return spec.params();
    }
}
