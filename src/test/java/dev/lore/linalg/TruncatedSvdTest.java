package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TruncatedSvdTest {

    /** The required accuracy: relative Frobenius error at most this times the Eckart-Young optimum. */
    private static final double EXCESS_BOUND = 1.001;
    /** Kept singular values against the known ones, relative to s_1 (float input and products). */
    private static final double SINGULAR_VALUE_TOL = 1e-5;
    /** Randomized estimates against the known ones, relative to s_1. */
    private static final double RANDOMIZED_SINGULAR_VALUE_TOL = 1e-3;
    /** |U^T U - I| and |V^T V - I| entries for well-separated spectra. */
    private static final double ORTHONORMALITY_TOL = 1e-5;
    /** 1 - |<v_j, v_j true>| for well-separated singular values. */
    private static final double VECTOR_TOL = 1e-5;
    /** Relative error of a full-rank truncation (float rounding only). */
    private static final double FULL_RANK_ERROR = 1e-5;

    static Stream<TruncatedSvd> methods() {
        return Stream.of(SvdMethod.EXACT.algorithm(), new SvdMethod.Gram(GramPrecision.FLOAT).algorithm(),
                new SvdMethod.Gram(GramPrecision.DOUBLE).algorithm(), SvdMethod.GESVD.algorithm(), SvdMethod.randomized(7).algorithm());
    }

    static Stream<TruncatedSvd> exactMethods() {
        return methods().filter(m -> !(m instanceof RandomizedSvd));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void tallMatrixReachesEckartYoung(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(1200, 60, KnownSpectrum.decaying(60, 0.5), 11);
        for (int r : new int[] {1, 5, 17, 59}) {
            SvdResult res = svd.compute(k.matrix(), RankRule.rank(r));
            assertEquals(r, res.rank());
            double err = KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt());
            assertTrue(err <= EXCESS_BOUND * k.optimalError(r),
                    svd.name() + " rank " + r + ": " + err + " vs optimum " + k.optimalError(r));
            assertEquals(k.optimalError(r), res.predictedRelativeError(), 1e-3 * k.optimalError(r));
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void wideMatrixReachesEckartYoung(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(40, 700, KnownSpectrum.decaying(40, 1.0), 12);
        SvdResult res = svd.compute(k.matrix(), RankRule.rank(8));
        assertEquals(40, res.rows());
        assertEquals(700, res.columns());
        double err = KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt());
        assertTrue(err <= EXCESS_BOUND * k.optimalError(8), svd.name() + ": " + err + " vs " + k.optimalError(8));
        assertTrue(KnownSpectrum.rowOrthonormalityError(res.u().transpose()) < ORTHONORMALITY_TOL);
        assertTrue(KnownSpectrum.rowOrthonormalityError(res.vt()) < ORTHONORMALITY_TOL);
    }

    @ParameterizedTest
    @MethodSource("exactMethods")
    void exactMethodsRecoverSingularValuesAndVectors(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(800, 30, KnownSpectrum.decaying(30, 1.0), 13);
        SvdResult res = svd.compute(k.matrix(), RankRule.rank(10));
        assertTrue(res.spectrumComplete());
        double[] s = res.singularValues();
        assertEquals(30, s.length);
        for (int i = 0; i < 30; i++) {
            assertEquals(k.s()[i], s[i], SINGULAR_VALUE_TOL * k.s()[0], svd.name() + " s_" + i);
        }
        assertTrue(KnownSpectrum.rowOrthonormalityError(res.u().transpose()) < ORTHONORMALITY_TOL);
        assertTrue(KnownSpectrum.rowOrthonormalityError(res.vt()) < ORTHONORMALITY_TOL);
        float[] vt = res.vt().dup('c').data().asFloat();
        for (int j = 0; j < 10; j++) {
            double dot = 0.0;
            for (int i = 0; i < 30; i++) {
                dot += vt[j * 30 + i] * k.v()[i][j];
            }
            assertEquals(1.0, Math.abs(dot), VECTOR_TOL, svd.name() + " v_" + j + " up to sign");
        }
    }

    @Test
    void randomizedEstimatesSingularValues() {
        KnownSpectrum k = KnownSpectrum.of(1500, 200, KnownSpectrum.decaying(200, 1.0), 14);
        SvdResult res = SvdMethod.randomized(3).algorithm().compute(k.matrix(), RankRule.rank(12));
        assertEquals(22, res.singularValues().length); // r + p
        for (int i = 0; i < 12; i++) {
            assertEquals(k.s()[i], res.singularValues()[i], RANDOMIZED_SINGULAR_VALUE_TOL * k.s()[0]);
            assertTrue(res.singularValues()[i] <= k.s()[i] * (1 + SINGULAR_VALUE_TOL));
        }
        double err = KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt());
        assertTrue(err <= EXCESS_BOUND * k.optimalError(12));
        // predicted from ||E||^2 minus the kept energy: the error of this very factorization
        assertEquals(err, res.predictedRelativeError(), 1e-4);
    }

    @Test
    void randomizedIsDeterministicPerSeed() {
        KnownSpectrum k = KnownSpectrum.of(500, 80, KnownSpectrum.decaying(80, 0.7), 15);
        SvdResult a = SvdMethod.randomized(42).algorithm().compute(k.matrix(), RankRule.rank(5));
        SvdResult b = SvdMethod.randomized(42).algorithm().compute(k.matrix(), RankRule.rank(5));
        SvdResult c = SvdMethod.randomized(43).algorithm().compute(k.matrix(), RankRule.rank(5));
        assertArrayEquals(a.u().data().asFloat(), b.u().data().asFloat());
        assertArrayEquals(a.singularValues(), b.singularValues());
        assertNotEquals(a.u().getFloat(0, 0), c.u().getFloat(0, 0));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void energyRuleKeepsTheTargetEnergy(TruncatedSvd svd) {
        double[] s = KnownSpectrum.decaying(50, 1.0);
        KnownSpectrum k = KnownSpectrum.of(600, 50, s, 16);
        double total = 0.0;
        for (double v : s) {
            total += v * v;
        }
        int expected = 0;
        for (double cum = 0.0; cum < 0.9 * total; expected++) {
            cum += s[expected] * s[expected];
        }
        SvdResult res = svd.compute(k.matrix(), RankRule.energy(0.9));
        assertEquals(expected, res.rank(), svd.name());
        assertTrue(res.keptEnergy() >= 0.9 - 1e-6);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void fullRankReconstructsExactly(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(70, 20, KnownSpectrum.decaying(20, 0.3), 17);
        SvdResult res = svd.compute(k.matrix(), RankRule.rank(20));
        assertTrue(KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt())
                < FULL_RANK_ERROR);
        assertEquals(0.0, res.predictedRelativeError(), FULL_RANK_ERROR);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void rankDeficientInputNeedsNoDivisionByZero(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(90, 12, new double[] {3, 2, 1}, 18);
        SvdResult res = svd.compute(k.matrix(), RankRule.rank(12));
        assertFinite(res);
        assertTrue(KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt())
                < FULL_RANK_ERROR);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void zeroMatrixGivesZeroFactors(TruncatedSvd svd) {
        INDArray zero = Nd4j.zeros(DataType.FLOAT, 30, 7);
        SvdResult res = svd.compute(zero, RankRule.rank(3));
        assertFinite(res);
        assertArrayEquals(new double[] {0, 0, 0}, res.keptSingularValues());
        assertEquals(0.0, KnownSpectrum.relativeError(zero, res.u(), res.keptSingularValues(), res.vt()));
        assertEquals(1.0, res.keptEnergy());
        assertEquals(0.0, res.predictedRelativeError());
    }

    @ParameterizedTest
    @MethodSource("methods")
    void zeroRowStaysZero(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(50, 10, KnownSpectrum.decaying(10, 0.5), 19);
        INDArray e = k.matrix().dup();
        e.getRow(7).assign(0);
        SvdResult res = svd.compute(e, RankRule.rank(10));
        assertFinite(res);
        assertTrue(KnownSpectrum.relativeError(e, res.u(), res.keptSingularValues(), res.vt()) < FULL_RANK_ERROR);
        for (int j = 0; j < 10; j++) {
            assertEquals(0f, res.u().getFloat(7, j), 1e-6f);
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void oneByOne(TruncatedSvd svd) {
        INDArray e = Nd4j.create(new float[] {-3f}, new long[] {1, 1}, DataType.FLOAT);
        SvdResult res = svd.compute(e, RankRule.rank(1));
        assertEquals(3.0, res.singularValues()[0], 1e-6);
        assertEquals(-3.0, res.u().getDouble(0, 0) * 3.0 * res.vt().getDouble(0, 0), 1e-5);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void inputIsNotModifiedAndAnyLayoutIsAccepted(TruncatedSvd svd) {
        KnownSpectrum k = KnownSpectrum.of(40, 9, KnownSpectrum.decaying(9, 0.5), 20);
        INDArray fOrder = k.matrix().dup('f');
        INDArray before = fOrder.dup('f');
        SvdResult res = svd.compute(fOrder, RankRule.rank(9));
        assertEquals(before, fOrder);
        assertTrue(KnownSpectrum.relativeError(k.matrix(), res.u(), res.keptSingularValues(), res.vt())
                < FULL_RANK_ERROR);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void nonFiniteInputIsRejected(TruncatedSvd svd) {
        INDArray e = Nd4j.ones(DataType.FLOAT, 6, 4);
        e.putScalar(2, 3, Float.NaN);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> svd.compute(e, RankRule.rank(2)));
        assertEquals("matrix[2][3] must be finite, got NaN", ex.getMessage());
        e.putScalar(2, 3, Float.POSITIVE_INFINITY);
        assertThrows(IllegalArgumentException.class, () -> svd.compute(e, RankRule.rank(2)));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void tooLargeRankIsRejected(TruncatedSvd svd) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> svd.compute(Nd4j.ones(DataType.FLOAT, 6, 4), RankRule.rank(5)));
        assertEquals("rank 5 exceeds min(6, 4) = 4", ex.getMessage());
    }

    @Test
    void randomizedStopsWhenTheCapturedEnergySettles() {
        KnownSpectrum k = KnownSpectrum.of(1000, 120, KnownSpectrum.decaying(120, 2.0), 21);
        SvdResult adaptive = SvdMethod.randomized(5).algorithm().compute(k.matrix(), RankRule.rank(6));
        assertTrue(adaptive.method().matches("randomized\\(p=10,q=[0-9],seed=5\\)"), adaptive.method());
        double err = KnownSpectrum.relativeError(k.matrix(), adaptive.u(), adaptive.keptSingularValues(), adaptive.vt());
        assertTrue(err <= EXCESS_BOUND * k.optimalError(6));
        SvdResult fixed = new SvdMethod.Randomized(10, 3, 0.0, 5).algorithm().compute(k.matrix(), RankRule.rank(6));
        assertEquals("randomized(p=10,q=3,seed=5)", fixed.method());
    }

    private static void assertFinite(SvdResult res) {
        for (float v : res.u().dup('c').data().asFloat()) {
            assertTrue(Float.isFinite(v));
        }
        for (float v : res.vt().dup('c').data().asFloat()) {
            assertTrue(Float.isFinite(v));
        }
    }
}
