package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ProgressListener;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.quant.PqRotation;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.QuantizationScope;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BudgetSearchTest {

    private static final Path GLOVE = Path.of("data/glove.6B.100d.15k.txt.gz");
    /** Small samples and few iterations: the selection is a proxy; the bytes are exact whatever they are. */
    private static final BudgetSearch.Options FAST = new BudgetSearch.Options(256, 1024, 512, 3, 2, 0L, 1);
    /** Relative difference allowed between an exactly computed error estimate and the built embedding's error. */
    private static final double EXACT_ESTIMATE_TOLERANCE = 1e-3;

    private static WordVectors glove;
    private static BudgetSearch search;

    @BeforeAll
    static void load() throws IOException {
        glove = EmbeddingReader.load(GLOVE, new ReadOptions(null, 0, null)).vectors();
        search = BudgetSearch.of(glove, FAST, ProgressListener.none());
    }

    @Test
    void everyRatioFrom2To200GetsACandidateWithinItsBudget() {
        long full = 4L * glove.size() * glove.dimension();
        for (int ratio = 2; ratio <= 200; ratio++) {
            BudgetSearch.Choice c = search.choose(ByteBudget.ratio(ratio));
            long budget = (long) Math.floor((double) full / ratio);
            assertEquals(budget, c.budgetBytes());
            assertTrue(c.best().bytes() <= budget, ratio + ": " + c.best());
            for (BudgetSearch.Candidate k : c.considered()) {
                assertTrue(k.bytes() <= budget, ratio + ": " + k);
                assertTrue(c.best().error() <= k.error(), ratio + ": " + k);
            }
        }
    }

    /** The chosen candidates, built on the whole slice, take exactly the bytes counted, and the error grows with the ratio. */
    @Test
    void builtChoicesTakeExactlyTheirBytes() {
        double previous = -1;
        for (int ratio : new int[] {2, 5, 10, 20, 50, 100, 200}) {
            BudgetSearch.Choice c = search.choose(ByteBudget.ratio(ratio));
            CompressionSpec spec = c.best().spec(0L, 1);
            if (spec.productQuantization() != null) { // fewer iterations: the bytes do not depend on them
                spec = spec.withProductQuantization(spec.productQuantization().withIterations(3, 1e-4)
                        .withTrainingRows(2048));
            }
            CompressionResult r = EmbeddingCompressor.compress(glove, spec);
            assertEquals(c.best().bytes(), r.embedding().matrixBytes(), c.best().label());
            assertTrue(r.embedding().matrixBytes() <= c.budgetBytes());
            assertEquals(c.best().scheme().label(), r.embedding().scheme());
            assertTrue(r.report().relativeError() >= previous - 1e-9, ratio + ": " + c.best().label());
            previous = r.report().relativeError();
        }
    }

    @Test
    void exactEstimatesAreTheBuiltErrors() {
        WordVectors t = table(300, 12, 4);
        BudgetSearch s = BudgetSearch.of(t, FAST, ProgressListener.none());
        for (int ratio : new int[] {2, 3, 5, 8}) {
            for (BudgetSearch.Candidate c : s.choose(ByteBudget.ratio(ratio)).considered()) {
                if (c.scheme() == Scheme.PQ || c.scheme() == Scheme.LOWRANK_PQ) {
                    continue;
                }
                CompressionResult r = EmbeddingCompressor.compress(t, c.spec(0L, 1));
                assertEquals(c.bytes(), r.embedding().matrixBytes(), c.label());
                assertEquals(r.report().relativeError(), c.error(), EXACT_ESTIMATE_TOLERANCE * c.error() + 1e-6,
                        c.label());
            }
        }
    }

    @Test
    void theCompressorBuildsItsChoiceAndRecordsTheBudget() {
        WordVectors t = table(400, 8, 5);
        CompressionResult r = EmbeddingCompressor.compress(t, CompressionSpec.forBudget(ByteBudget.bytes(2000)));
        assertTrue(r.embedding().matrixBytes() <= 2000);
        var extra = r.embedding().provenance().extra();
        assertEquals("bytes 2000", extra.get("budget"));
        assertEquals("2000", extra.get("budget.bytes"));
        assertTrue(extra.get("budget.choice").startsWith(r.embedding().scheme()), extra.toString());
        assertEquals(r.embedding().scheme(), extra.get("scheme"));
        assertEquals(Double.toString(r.report().relativeError()), extra.get("error.relative"));
        assertEquals(r.embedding().matrixBytes(), r.report().storedBytes());
    }

    @Test
    void theSmallestSizeIsAcceptedAndOneByteLessIsNot() {
        WordVectors t = table(100, 6, 6);
        long least = BudgetSearch.smallestBytes(100, 6);
        assertEquals(13 + 8 + 24, least);
        BudgetSearch s = BudgetSearch.of(t, FAST, ProgressListener.none());
        BudgetSearch.Candidate c = s.choose(ByteBudget.bytes(least)).best();
        assertEquals(least, c.bytes());
        assertEquals(Scheme.LOWRANK_SCALAR, c.scheme());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.choose(ByteBudget.bytes(least - 1)));
        assertEquals("budget: max bytes 44 is below the smallest possible size 45 bytes for a 100 x 6 table"
                + " (lowrank-scalar, rank 1, 1 bit)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.choose(ByteBudget.ratio(100)));
        assertTrue(e.getMessage().startsWith("budget: target ratio 100.0 allows 24 bytes, below the smallest possible"
                + " size 45 bytes"), e.getMessage());
    }

    @Test
    void badParametersAreRejectedNamingThem() {
        assertMessage("target ratio must be finite and >= 1, got 0.5", () -> ByteBudget.ratio(0.5));
        assertMessage("target ratio must be finite and >= 1, got NaN", () -> ByteBudget.ratio(Double.NaN));
        assertMessage("target ratio must be finite and >= 1, got Infinity",
                () -> ByteBudget.ratio(Double.POSITIVE_INFINITY));
        assertMessage("max bytes must be >= 1, got 0", () -> ByteBudget.bytes(0));
        assertMessage("exactly one of targetRatio and maxBytes must be given, got 2.0 and 5", () -> new ByteBudget(2, 5));
        assertMessage("trainingRows must be >= 1, got 0", () -> new BudgetSearch.Options(1, 0, 1, 1, 1, 0, 1));
        assertMessage("threads must be in [1, 256], got 0", () -> new BudgetSearch.Options(1, 1, 1, 1, 1, 0, 0));
        assertMessage("bits must be in [1, 8], got 9", () -> ProductQuantizationConfig.of(4, 9));
        assertMessage("bits must be in [1, 8], got 0", () -> ProductQuantizationConfig.of(4, 0));
        WordVectors t = table(300, 12, 7);
        assertMessage("subspaces must divide the dimension 12, got 5", () -> EmbeddingCompressor.compress(t,
                CompressionSpec.dense().withProductQuantization(ProductQuantizationConfig.of(5, 4))));
        assertMessage("subspaces must divide the dimension 5, got 2", () -> EmbeddingCompressor.compress(t,
                CompressionSpec.lowRank(dev.lore.linalg.RankRule.rank(5)).withPlacement(Placement.LEFT)
                        .withProductQuantization(ProductQuantizationConfig.of(2, 4))));
        assertMessage("a budget chooses the rank and the quantization itself", () -> new CompressionSpec(null,
                dev.lore.linalg.SvdMethod.EXACT, Placement.RIGHT, null, false, ProductQuantizationConfig.of(2, 2),
                0, ByteBudget.ratio(4), 0));
        assertMessage("trainingHead must be >= 0, got -1", () -> CompressionSpec.dense().withTrainingHead(-1));
        assertMessage("quantization and productQuantization exclude each other", () -> CompressionSpec.dense()
                .withQuantization(dev.lore.quant.QuantizationConfig.perRow(4))
                .withProductQuantization(ProductQuantizationConfig.of(2, 2)));
    }

    @Test
    void candidatesBuildTheSpecTheyName() {
        BudgetSearch.Candidate c = new BudgetSearch.Candidate(Scheme.LOWRANK_PQ, 8, Placement.LEFT, null, 4, 6,
                PqRotation.PCA, 1000, 0.1);
        assertEquals("lowrank-pq r=8 M=4 b=6 rotation=pca placement=left", c.label());
        CompressionSpec s = c.spec(3L, 2);
        assertEquals("lowrank-pq", s.schemeLabel());
        assertEquals(4, s.productQuantization().subspaces());
        assertEquals(PqRotation.PCA, s.productQuantization().rotation());
        assertEquals(3L, s.productQuantization().seed());
        assertEquals(Placement.LEFT, s.placement());
        BudgetSearch.Candidate q = new BudgetSearch.Candidate(Scheme.LOWRANK_SCALAR, 3, Placement.RIGHT,
                QuantizationScope.ROW, 0, 5, PqRotation.NONE, 10, 0.2);
        assertEquals("lowrank-scalar r=3 b=5 scope=row placement=right", q.label());
        assertTrue(q.spec(0, 1).floatB());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain: " + expected);
    }

    private static WordVectors table(int v, int d, long seed) {
        String[] w = new String[v];
        for (int i = 0; i < v; i++) {
            w[i] = "w" + i;
        }
        return new WordVectors(Vocabulary.of(w), Fixtures.random(v, d, seed));
    }
}
