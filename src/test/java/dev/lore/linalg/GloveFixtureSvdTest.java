package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.EmbeddingReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The accuracy bound (within 0.1% of the Eckart-Young optimum) on real data: the repository's 15,000 x 100 GloVe slice (docs/DATA.md). */
class GloveFixtureSvdTest {

    private static final Path FIXTURE = Path.of("data/glove.6B.100d.15k.txt.gz");
    /** Relative Frobenius error at most this times the Eckart-Young optimum. */
    private static final double EXCESS_BOUND = 1.001;
    private static final int RANK = 9;

    private static INDArray e;
    private static double optimum;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.isRegularFile(FIXTURE), "the repository fixture " + FIXTURE + " is missing");
        e = EmbeddingReader.read(FIXTURE).matrix();
        // The optimum from LAPACK gesvd's singular values, an algorithm independent of the Gram route.
        double[] s = SvdMethod.GESVD.algorithm().compute(e, RankRule.rank(1)).singularValues();
        double tail = 0;
        double total = 0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            tail += i >= RANK ? s[i] * s[i] : 0;
        }
        optimum = Math.sqrt(tail / total);
    }

    private static double error(SvdResult r) {
        INDArray a = r.u().dup();
        double[] s = r.keptSingularValues();
        for (int j = 0; j < s.length; j++) {
            a.getColumn(j).muli(s[j]);
        }
        return ReconstructionError.of(e, a, r.vt()).relativeError();
    }

    @Test
    void exactReachesTheOptimum() {
        SvdResult r = SvdMethod.EXACT.algorithm().compute(e, RankRule.compression(0.9));
        assertEquals(RANK, r.rank());
        assertTrue(error(r) <= EXCESS_BOUND * optimum, error(r) + " vs " + optimum);
    }

    @Test
    void randomizedReachesTheOptimumWithItsDefaults() {
        SvdResult r = SvdMethod.randomized(0).algorithm().compute(e, RankRule.rank(RANK));
        assertTrue(error(r) <= EXCESS_BOUND * optimum, r.method() + ": " + error(r) + " vs " + optimum);
    }

    @Test
    void adaptiveIterationsAreAtLeastAsGoodAsAFixedTwo() {
        // Why the default is adaptive: on GloVe's flat spectrum a fixed q = 2 (the common default
        // elsewhere) is not enough, and iterating on until the energy stops growing never does worse.
        SvdResult fixed = new SvdMethod.Randomized(10, 2, 0.0, 0).algorithm().compute(e, RankRule.rank(RANK));
        SvdResult adaptive = SvdMethod.randomized(0).algorithm().compute(e, RankRule.rank(RANK));
        assertTrue(error(adaptive) <= error(fixed) * (1 + 1e-6), error(adaptive) + " vs " + error(fixed));
        assertTrue(error(adaptive) <= EXCESS_BOUND * optimum, error(adaptive) + " vs " + optimum);
    }
}
