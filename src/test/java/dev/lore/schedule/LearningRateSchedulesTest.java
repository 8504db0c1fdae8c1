package dev.lore.schedule;

import static dev.lore.schedule.CalrTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {

    private static final int TRIALS = 300;

    @Test
    void parsesEveryScheduleWithExplicitParameters() {
        assertEquals(Calr.of(1e-3, 1e-6, 1000, 0.1, 2, 4),
                LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=1000,decay=0.1,every=2,restart=4)"));
        assertEquals(new ConstantRate(0.01), LearningRateSchedules.parse("constant(lr=0.01)"));
        assertEquals(new StepDecay(0.1, 0.5, 3), LearningRateSchedules.parse("step(lr=0.1,gamma=0.5,every=3)"));
        assertEquals(new ExponentialDecay(0.1, 0.9), LearningRateSchedules.parse("exp(lr=0.1,gamma=0.9)"));
        assertEquals(new Triangular(1e-6, 1e-3, 69), LearningRateSchedules.parse("triangular(lb=1e-6,ub=1e-3,step=69)"));
        assertEquals(new Triangular2(1e-6, 1e-3, 69), LearningRateSchedules.parse("triangular2(lb=1e-6,ub=1e-3,step=69)"));
        assertEquals(new ExpRange(1e-6, 1e-3, 69, 0.998),
                LearningRateSchedules.parse("exp_range(lb=1e-6,ub=1e-3,step=69,gamma=0.998)"));
        assertEquals(new CosineWarmRestarts(1e-3, 1e-6, 139, 2),
                LearningRateSchedules.parse("sgdr(max=1e-3,min=1e-6,t0=139,tmult=2)"));
        assertEquals(new OneCycle(1e-3, 1390, 0.25, 10, 100),
                LearningRateSchedules.parse("onecycle(max=1e-3,total=1390,pct=0.25,div=10,final_div=100)"));
    }

    @Test
    void defaultsFillMissingOptionalParameters() {
        Calr fineTuning = Calr.fineTuning(1000);
        assertEquals(fineTuning, LearningRateSchedules.parse("calr"));
        assertEquals(fineTuning, LearningRateSchedules.parse("calr()"));
        assertEquals(fineTuning, LearningRateSchedules.parse("  CALR ( UB = 0.001 , step = 1e3 )  "));
        assertEquals(Calr.fineTuning(69), LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=69,decay=0.1)"));
        assertEquals(new StepDecay(1, 0.1, 2), LearningRateSchedules.parse("step(lr=1,every=2)"));
        assertEquals(new Triangular(0, 1, 2000), LearningRateSchedules.parse("triangular(lb=0,ub=1)"));
        assertEquals(new ExpRange(0, 1, 2000, 1.0), LearningRateSchedules.parse("exp_range(lb=0,ub=1)"));
        assertEquals(new CosineWarmRestarts(1, 0, 10, 1), LearningRateSchedules.parse("sgdr(max=1,t0=10)"));
        assertEquals(new OneCycle(1, 100, 0.3, 25, 1e4), LearningRateSchedules.parse("onecycle(max=1,total=100)"));
    }

    @Test
    void textFormRoundTripsForRandomParameters() {
        Random rnd = new Random(42);
        double[] b = new double[2];
        Supplier<double[]> bounds = () -> {
            b[1] = rate(rnd);
            b[0] = rnd.nextBoolean() ? b[1] * rnd.nextDouble() : rate(rnd) * 1e-300;
            if (b[0] > b[1]) {
                b[0] = b[1];
            }
            return b;
        };
        List<Supplier<LearningRateSchedule>> makers = List.of(
                () -> Calr.of(bounds.get()[1], b[0], 1 + rnd.nextInt(100_000), factor(rnd),
                        1 + rnd.nextInt(10), 1 + rnd.nextInt(1000)),
                () -> new ConstantRate(rate(rnd)),
                () -> new StepDecay(rate(rnd), factor(rnd), 1 + rnd.nextInt(1000)),
                () -> new ExponentialDecay(rate(rnd), factor(rnd)),
                () -> new Triangular(bounds.get()[0], b[1], 1 + rnd.nextLong(Long.MAX_VALUE / 2)),
                () -> new Triangular2(bounds.get()[0], b[1], 1 + rnd.nextInt(5000)),
                () -> new ExpRange(bounds.get()[0], b[1], 1 + rnd.nextInt(5000), factor(rnd)),
                () -> new CosineWarmRestarts(bounds.get()[1], b[0], 1 + rnd.nextInt(5000), 1 + rnd.nextInt(4)),
                () -> new OneCycle(rate(rnd), 10 + rnd.nextInt(100_000), 0.1 + 0.8 * rnd.nextDouble(),
                        1 + 100 * rnd.nextDouble(), 1 + 1e5 * rnd.nextDouble()));
        for (Supplier<LearningRateSchedule> maker : makers) {
            for (int t = 0; t < TRIALS; t++) {
                LearningRateSchedule s = maker.get();
                LearningRateSchedule back = LearningRateSchedules.parse(s.toString());
                assertEquals(s, back, s.toString());
                assertEquals(s.toString(), back.toString());
                assertEquals(s.valueAt(12_345, 67), back.valueAt(12_345, 67), 0.0, s.toString());
            }
        }
    }

    /** Awkward doubles: many digits, tiny, huge, exact binary fractions. */
    private static double rate(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextDouble();
            case 1 -> Math.pow(10, -12 * rnd.nextDouble());
            case 2 -> 0.1 + 0.2;
            case 3 -> Double.MIN_VALUE * (1 + rnd.nextInt(1000));
            default -> rnd.nextDouble() * 1e6;
        };
    }

    private static double factor(Random rnd) {
        return rnd.nextBoolean() ? 1.0 - rnd.nextDouble() : Math.nextUp(0.0) + rnd.nextDouble() * 0.5;
    }

    @Test
    void unknownNamesListTheValidOnes() {
        assertMessage("unknown schedule 'cosine'; valid schedules: calr, constant, step, exp, triangular, "
                + "triangular2, exp_range, sgdr, onecycle", () -> LearningRateSchedules.parse("cosine(lr=1)"));
        assertMessage("calr: unknown parameter 'base_lr'; valid parameters: ub, lb, step, decay, every, restart",
                () -> LearningRateSchedules.parse("calr(base_lr=1)"));
    }

    @Test
    void valueErrorsNameTheParameterAndValue() {
        assertMessage("calr: step must be in [1, 4611686018427387903], got 0", () -> LearningRateSchedules.parse("calr(step=0)"));
        assertMessage("constant: missing required parameter 'lr'; parameters: lr", () -> LearningRateSchedules.parse("constant"));
        assertMessage("calr: step must be an integer in [-9223372036854775808, 9223372036854775807], got '1.5'",
                () -> LearningRateSchedules.parse("calr(step=1.5)"));
        assertMessage("calr: step must be an integer in [-9223372036854775808, 9223372036854775807], got '1e30'",
                () -> LearningRateSchedules.parse("calr(step=1e30)"));
        assertMessage("calr: ub must be a finite decimal number, got 'abc'", () -> LearningRateSchedules.parse("calr(ub=abc)"));
        assertMessage("calr: ub must be a finite decimal number, got 'NaN'", () -> LearningRateSchedules.parse("calr(ub=NaN)"));
        assertMessage("calr: ub must be a finite decimal number, got 'Infinity'", () -> LearningRateSchedules.parse("calr(ub=Infinity)"));
        assertMessage("calr: ub must be a finite decimal number, got '0x1p-3'", () -> LearningRateSchedules.parse("calr(ub=0x1p-3)"));
        assertMessage("calr: ub must be finite and >= 0, got Infinity", () -> LearningRateSchedules.parse("calr(ub=1e400)"));
        assertMessage("calr: restart must be an integer in [-2147483648, 2147483647], got 3000000000",
                () -> LearningRateSchedules.parse("calr(restart=3000000000)"));
        assertMessage("calr: parameter 'ub' given twice in 'calr(ub=1,ub=2)'", () -> LearningRateSchedules.parse("calr(ub=1,ub=2)"));
    }

    @Test
    void syntaxErrorsGiveThePosition() {
        assertMessage("cannot read schedule 'calr(ub=1e-3': expected ')' to close the parameter list at position 12",
                () -> LearningRateSchedules.parse("calr(ub=1e-3"));
        assertMessage("cannot read schedule 'calr(ub)': expected '=' after 'ub' at position 7",
                () -> LearningRateSchedules.parse("calr(ub)"));
        assertMessage("cannot read schedule 'calr(,)': expected a parameter name at position 5",
                () -> LearningRateSchedules.parse("calr(,)"));
        assertMessage("cannot read schedule 'calr(ub=1)x': unexpected 'x' at position 10",
                () -> LearningRateSchedules.parse("calr(ub=1)x"));
        assertMessage("cannot read schedule '': expected a schedule name at position 0", () -> LearningRateSchedules.parse(""));
        assertMessage("cannot read schedule 'calr(ub=)': expected a number at position 8", () -> LearningRateSchedules.parse("calr(ub=)"));
        assertMessage("schedule text must not be null", () -> LearningRateSchedules.parse(null));
    }

    @Test
    void namesAndParameters() {
        assertEquals(List.of("calr", "constant", "step", "exp", "triangular", "triangular2", "exp_range", "sgdr", "onecycle"),
                LearningRateSchedules.names());
        assertEquals(List.of("max", "total", "pct", "div", "final_div"), LearningRateSchedules.parameters("onecycle"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedules.parameters("nope"));
        for (String name : LearningRateSchedules.names()) {
            assertTrue(!LearningRateSchedules.parameters(name).isEmpty(), name);
        }
    }
}
