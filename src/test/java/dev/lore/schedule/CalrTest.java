package dev.lore.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expected values are worked out by hand from the formula of the authors' released code as stated in the Javadoc. */
class CalrTest {

    /** Relative tolerance for values computed through a few roundings. */
    private static final double REL = 1e-12;

    private static void assertRel(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * REL, what);
    }

    @Test
    void paperDefaultsWithinTheFirstEpoch() {
        Calr calr = Calr.of(1e-3, 1e-6, 1000, 0.1);
        // bump = (1e-3 - 1e-6) / 1000 = 9.99e-7
        assertRel(1e-6, calr.valueAt(0, 0), "iteration 0 starts at LB");
        assertRel(5.005e-4, calr.valueAt(500, 0), "LB + 500 bump");
        assertRel(1e-3, calr.valueAt(1000, 0), "peak at c = step");
        assertRel(5.005e-4, calr.valueAt(1500, 0), "UB - 500 bump");
        assertRel(1.999e-6, calr.valueAt(1999, 0), "UB - 999 bump");
        assertRel(1e-6, calr.valueAt(2000, 0), "next cycle starts at LB");
    }

    @Test
    void paperDefaultsAnnealAndRestart() {
        Calr calr = Calr.fineTuning(1000);
        // Epoch 1: UB = 1e-4, bump = (1e-4 - 1e-6) / 1000 = 9.9e-8; c = 500.
        assertRel(5.05e-5, calr.valueAt(2500, 1), "epoch 1 mid-rise");
        assertRel(1e-5, calr.valueAt(3000, 2), "epoch 2 peak");
        // Epoch 3: UB0 * 0.1^3 reaches LB -> restart: UB = 1e-3, LB = 1e-3 * 0.1^5 = 1e-8.
        assertRel(1e-8, calr.valueAt(4000, 3), "restart lower bound");
        assertRel(1e-3, calr.valueAt(5000, 3), "restart peak");
        // bump = (1e-3 - 1e-8) / 1000 = 9.9999e-7; 1e-8 + 500 bump
        assertRel(5.00005e-4, calr.valueAt(4500, 3), "restart mid-rise");
        assertRel(1e-7, calr.valueAt(1000, 7), "fourth anneal step after the restart");
        assertRel(1e-3, calr.valueAt(1000, 8), "second restart, five anneal steps later");
    }

    @Test
    void boundsPerEpochFollowTheRestartRule() {
        Calr calr = Calr.fineTuning(1000);
        double[] ub = {1e-3, 1e-4, 1e-5, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-3};
        for (int e = 0; e < ub.length; e++) {
            assertRel(ub[e], calr.upperBoundAt(e), "UB at epoch " + e);
            assertRel(e < 3 ? 1e-6 : 1e-8, calr.lowerBoundAt(e), "LB at epoch " + e);
        }
    }

    @Test
    void restartNeedsTheToleranceWithPaperDefaults() {
        // Exact comparison would miss the restart: 1e-3 * 0.1^3 rounds above 1e-6.
        assertTrue(1e-3 * Math.pow(0.1, 3) > 1e-6);
        Calr calr = Calr.fineTuning(1000);
        assertEquals(1e-3, calr.upperBoundAt(3), 0.0);
    }

    @Test
    void oddStepIsExactAndNeverSpikes() {
        Calr calr = Calr.of(0.4, 0.1, 3, 1.0);
        double[] expected = {0.1, 0.2, 0.3, 0.4, 0.3, 0.2, 0.1, 0.2};
        for (int i = 0; i < expected.length; i++) {
            assertRel(expected[i], calr.valueAt(i, 0), "iteration " + i);
        }
        for (int i = 0; i < 10_000; i++) {
            double lr = calr.valueAt(i, i / 7);
            assertTrue(lr >= 0.1 * (1 - REL) && lr <= 0.4 * (1 + REL), "iteration " + i + ": " + lr);
        }
    }

    @Test
    void evenStepAndStepOne() {
        Calr even = Calr.of(0.4, 0.1, 2, 1.0);
        double[] expected = {0.1, 0.25, 0.4, 0.25, 0.1};
        for (int i = 0; i < expected.length; i++) {
            assertRel(expected[i], even.valueAt(i, 0), "iteration " + i);
        }
        Calr one = Calr.of(0.4, 0.1, 1, 1.0);
        assertRel(0.1, one.valueAt(0, 0), "step 1, iteration 0");
        assertRel(0.4, one.valueAt(1, 0), "step 1, iteration 1");
        assertRel(0.1, one.valueAt(2, 0), "step 1, iteration 2");
    }

    @Test
    void cyclesRunAcrossEpochsAndRestartChangesBounds() {
        // ub .4, lb .1, step 2, decay .5: K1 = 2 (0.4 * 0.5^2 = 0.1); LB' = 0.4 * 0.5^5 = 0.0125.
        Calr calr = Calr.of(0.4, 0.1, 2, 0.5, 1, 5);
        double[] expected = {0.1, 0.25, 0.4, 0.15, 0.1, 0.15, 0.4, 0.20625, 0.0125, 0.10625};
        for (int i = 0; i < expected.length; i++) {
            assertRel(expected[i], calr.valueAt(i, i / 3), "iteration " + i);
        }
    }

    @Test
    void annealEveryTwoEpochsWithRestartExponentTwo() {
        // ub 1, lb .01, decay .5: 0.5^7 = 0.0078125 <= 0.01 so K1 = 7; LB' = 0.25, Kr = 2.
        Calr calr = Calr.of(1.0, 0.01, 1, 0.5, 2, 2);
        double[] ubPerAnnealStep = {1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 1, 0.5, 1, 0.5};
        for (int a = 0; a < ubPerAnnealStep.length; a++) {
            for (int e = 2 * a; e <= 2 * a + 1; e++) {
                assertRel(ubPerAnnealStep[a], calr.upperBoundAt(e), "UB at epoch " + e);
                assertRel(a < 7 ? 0.01 : 0.25, calr.lowerBoundAt(e), "LB at epoch " + e);
            }
        }
        assertRel(0.015625, calr.valueAt(1, 13), "odd iteration is the peak with step 1");
        assertRel(0.01, calr.valueAt(0, 13), "even iteration is the trough");
        assertRel(1.0, calr.valueAt(1, 14), "restart peak");
        assertRel(0.25, calr.valueAt(0, 14), "restart trough");
    }

    @Test
    void equalBoundsRestartAtOnceAsTheReleasedCodeDoes() {
        // UB0 <= LB0 before the first epoch -> restart: LB = 0.5 * 0.5^1 = 0.25; then every epoch.
        Calr calr = Calr.of(0.5, 0.5, 10, 0.5, 1, 1);
        assertRel(0.25, calr.valueAt(0, 0), "trough after the immediate restart");
        assertRel(0.5, calr.valueAt(10, 0), "peak");
        assertRel(0.5, calr.valueAt(10, 7), "UB back at UB0 every epoch");
        assertRel(0.25, calr.valueAt(20, 1_000_000), "LB stays at the restart value");
    }

    @Test
    void decayOneNeverAnneals() {
        Calr calr = Calr.of(1e-3, 1e-6, 1000, 1.0);
        assertRel(1e-3, calr.valueAt(1000, 1_000_000_000_000L), "UB after 1e12 epochs");
        assertRel(1e-6, calr.lowerBoundAt(Long.MAX_VALUE), "LB never restarts");
    }

    @Test
    void zeroLowerBoundRestartsOnlyWhenUpperBoundUnderflows() {
        Calr calr = Calr.of(1.0, 0.0, 1, 0.5, 1, 5);
        assertTrue(calr.upperBoundAt(1000) > 0.0, "0.5^1000 is still positive");
        assertRel(0.0, calr.lowerBoundAt(1000), "LB before the restart");
        assertEquals(1.0, calr.upperBoundAt(2000), 0.0, "restarted after 0.5^k underflowed");
        assertRel(0.03125, calr.lowerBoundAt(2000), "LB' = 0.5^5");
    }

    @Test
    void extremeCountersStayWithinBounds() {
        Calr calr = Calr.fineTuning(69);
        double lr = calr.valueAt(Long.MAX_VALUE, Long.MAX_VALUE);
        assertTrue(lr >= calr.lowerBoundAt(Long.MAX_VALUE) && lr <= calr.upperBoundAt(Long.MAX_VALUE), "lr " + lr);
        Calr hugeStep = Calr.of(1, 0, Checks.MAX_STEP, 1.0);
        assertTrue(hugeStep.valueAt(Long.MAX_VALUE, 0) <= 1.0);
    }

    @Test
    void valuesStayInsideTheEpochBoundsForRandomParameters() {
        Random rnd = new Random(20190127);
        for (int trial = 0; trial < 200; trial++) {
            double ub = Math.pow(10, -1 - 4 * rnd.nextDouble());
            double lb = ub * Math.pow(10, -1 - 4 * rnd.nextDouble());
            long step = 1 + rnd.nextInt(500);
            double decay = 0.05 + 0.9 * rnd.nextDouble();
            long every = 1 + rnd.nextInt(3);
            int restart = 1 + rnd.nextInt(6);
            Calr calr = Calr.of(ub, lb, step, decay, every, restart);
            long perEpoch = 1 + rnd.nextInt(300);
            double previousUb = Double.POSITIVE_INFINITY;
            double previousLb = calr.lowerBoundAt(0);
            for (long e = 0; e < 40; e++) {
                double u = calr.upperBoundAt(e);
                double l = calr.lowerBoundAt(e);
                boolean restarted = u == ub && previousUb != ub || l != previousLb;
                long epoch = e;
                assertTrue(restarted || u <= previousUb, () -> "UB non-increasing between restarts: " + calr + " epoch " + epoch);
                assertTrue(l <= u, () -> "LB <= UB: " + calr + " epoch " + epoch);
                for (long i = e * perEpoch; i < (e + 1) * perEpoch; i += 1 + rnd.nextInt(7)) {
                    double lr = calr.valueAt(i, e);
                    long it = i;
                    assertTrue(lr >= l * (1 - REL) && lr <= u * (1 + REL), () -> calr + " at (" + it + ", " + epoch + "): " + lr);
                }
                previousUb = u;
                previousLb = l;
            }
        }
    }

    @Test
    void pureFunctionIndependentOfCallOrder() {
        Calr calr = Calr.fineTuning(7);
        int n = 500;
        double[] forward = new double[n];
        for (int i = 0; i < n; i++) {
            forward[i] = calr.valueAt(i, i / 13);
        }
        for (int i = n - 1; i >= 0; i--) {
            assertEquals(forward[i], calr.valueAt(i, i / 13), 0.0, "iteration " + i);
        }
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertMessage("calr: step must be in [1, 4611686018427387903], got 0", () -> Calr.of(1e-3, 1e-6, 0, 0.1));
        assertMessage("calr: lb must be <= ub, got lb=0.01, ub=0.001", () -> Calr.of(1e-3, 1e-2, 10, 0.1));
        assertMessage("calr: ub must be finite and >= 0, got NaN", () -> Calr.of(Double.NaN, 1e-6, 10, 0.1));
        assertMessage("calr: lb must be finite and >= 0, got -1.0", () -> Calr.of(1e-3, -1, 10, 0.1));
        assertMessage("calr: ub must be finite and >= 0, got Infinity",
                () -> Calr.of(Double.POSITIVE_INFINITY, 1e-6, 10, 0.1));
        assertMessage("calr: decay must be in (0, 1], got 0.0", () -> Calr.of(1e-3, 1e-6, 10, 0.0));
        assertMessage("calr: decay must be in (0, 1], got 1.5", () -> Calr.of(1e-3, 1e-6, 10, 1.5));
        assertMessage("calr: every must be in [1, 9223372036854775807], got 0", () -> Calr.of(1e-3, 1e-6, 10, 0.1, 0, 5));
        assertMessage("calr: restart must be in [1, 1000], got 0", () -> Calr.of(1e-3, 1e-6, 10, 0.1, 1, 0));
    }

    @Test
    void rejectsNegativeCounters() {
        Calr calr = Calr.fineTuning(10);
        assertMessage("iteration must be >= 0, got -1", () -> calr.valueAt(-1, 0));
        assertMessage("epoch must be >= 0, got -2", () -> calr.valueAt(0, -2));
    }

    @Test
    void equalityAndTextForm() {
        assertEquals(Calr.of(1e-3, 1e-6, 1000, 0.1), Calr.fineTuning(1000));
        assertEquals(Calr.of(1e-3, 1e-6, 1000, 0.1).hashCode(), Calr.fineTuning(1000).hashCode());
        assertTrue(!Calr.fineTuning(1000).equals(Calr.preTraining(1000)));
        assertEquals("calr(ub=0.001,lb=1.0E-6,step=1000,decay=0.1,every=1,restart=5)", Calr.fineTuning(1000).toString());
    }

    static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }
}
