package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvdMethodTest {

    @Test
    void textFormsReadBackExactly() {
        List<SvdMethod> all = List.of(SvdMethod.EXACT, new SvdMethod.Gram(GramPrecision.FLOAT),
                new SvdMethod.Gram(GramPrecision.DOUBLE), SvdMethod.GESVD, SvdMethod.randomized(7),
                new SvdMethod.Randomized(0, 3, 0.0, -5), new SvdMethod.Randomized(12, 1, 0.125, Long.MAX_VALUE));
        for (SvdMethod m : all) {
            assertEquals(m, SvdMethod.parse(m.toString()), m.toString());
        }
    }

    @Test
    void shortFormsTakeTheDefaults() {
        assertEquals(SvdMethod.EXACT, SvdMethod.parse("exact"));
        assertEquals(SvdMethod.EXACT, SvdMethod.parse(" Gram "));
        assertEquals(new SvdMethod.Gram(GramPrecision.DOUBLE), SvdMethod.parse("gram(precision=double)"));
        assertEquals(SvdMethod.GESVD, SvdMethod.parse("GESVD"));
        assertEquals(new SvdMethod.Randomized(10, 20, 2e-4, 0), SvdMethod.parse("randomized"));
        assertEquals(new SvdMethod.Randomized(4, 20, 2e-4, 9), SvdMethod.parse("randomized(oversampling=4, seed=9)"));
    }

    @Test
    void algorithmsAreTheConfiguredOnes() {
        assertEquals("gram-mixed", SvdMethod.EXACT.algorithm().name());
        assertEquals("gram-double", new SvdMethod.Gram(GramPrecision.DOUBLE).algorithm().name());
        assertEquals("randomized(p=3,q=2,seed=5)", new SvdMethod.Randomized(3, 2, 0.0, 5).algorithm().name());
        assertInstanceOf(GesvdSvd.class, SvdMethod.GESVD.algorithm());
    }

    @Test
    void badTextNamesTheProblem() {
        assertMessage("svd", "SVD method must be exact, gram, gesvd or randomized, got 'svd'");
        assertMessage("gram(precision=half)", "No enum constant");
        assertMessage("gesvd(seed=1)", "unknown parameter(s) [seed]");
        assertMessage("randomized(seed=1,seed=2)", "'seed' given twice");
        assertMessage("randomized(oversampling=x)", "For input string");
        assertMessage("randomized(tolerance=1.5)", "tolerance must be in [0, 1), got 1.5");
        assertMessage("randomized(oversampling=2", "lacks its closing ')'");
        assertMessage("randomized(oversampling)", "expected key=value, got 'oversampling'");
    }

    @Test
    void rangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SvdMethod.Randomized(-1, 2, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SvdMethod.Randomized(10, -1, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SvdMethod.Randomized(10, 5, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SvdMethod.Randomized(10, 5, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SvdMethod.Randomized(10, 5, Double.NaN, 0));
    }

    private static void assertMessage(String text, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SvdMethod.parse(text));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
