package dev.lore.compress;

import dev.lore.linalg.SvdMethod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.LoreVersion;
import dev.lore.ProgressListener;
import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import dev.lore.linalg.KnownSpectrum;
import dev.lore.linalg.RankRule;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationReport;
import dev.lore.quant.QuantizedMatrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class EmbeddingCompressorTest {

    /** The required bound (0.1%) on the truncation error against the Eckart-Young optimum. */
    private static final double EXCESS_BOUND = 1.001;
    /** Agreement of two double-precision measurements of the same float matrices. */
    private static final double MEASURE_TOL = 1e-6;
    /** Norms of float columns against their double targets. */
    private static final double NORM_TOL = 1e-4;

    @TempDir
    Path dir;

    private static final int V = 300;
    private static final int D = 40;
    private static final KnownSpectrum K = KnownSpectrum.of(V, D, KnownSpectrum.decaying(D, 0.8), 5);

    private static WordVectors embeddings() {
        String[] words = new String[V];
        for (int i = 0; i < V; i++) {
            words[i] = "w" + i;
        }
        return new WordVectors(Vocabulary.of(words), K.matrix().dup('c'));
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void placementMovesTheSingularValuesOnly(Placement placement) {
        CompressionResult res = EmbeddingCompressor.compress(embeddings(),
                CompressionSpec.lowRank(RankRule.rank(6)).withPlacement(placement), ProgressListener.none());
        CompressedEmbedding e = res.embedding();
        INDArray a = e.a().toFloat();
        INDArray b = e.b().orElseThrow().toFloat();
        for (int j = 0; j < 6; j++) {
            double s = K.s()[j];
            double expectedA = placement == Placement.RIGHT ? 1 : placement == Placement.LEFT ? s : Math.sqrt(s);
            assertEquals(expectedA, a.getColumn(j).norm2Number().doubleValue(), NORM_TOL * expectedA);
            assertEquals(s / expectedA, b.getRow(j).norm2Number().doubleValue(), NORM_TOL * s / expectedA);
        }
        double err = KnownSpectrum.relativeError(K.matrix(), a, new double[] {1, 1, 1, 1, 1, 1}, b);
        assertTrue(err <= EXCESS_BOUND * K.optimalError(6));
        assertEquals(err, res.report().relativeError(), MEASURE_TOL);
        assertEquals(placement.label(), e.provenance().placement());
    }

    @Test
    void reportFiguresByHand() {
        CompressionResult res = EmbeddingCompressor.compress(embeddings(),
                CompressionSpec.lowRank(RankRule.compression(0.8)), Source.none(), ProgressListener.none());
        CompressionReport r = res.report();
        int rank = (int) Math.floor(0.2 * V * D / (V + D)); // 7.06 -> 7
        assertEquals(7, rank);
        assertEquals(rank, r.rank());
        assertEquals(V, r.rows());
        assertEquals(D, r.cols());
        assertEquals((long) V * D, r.originalParameters());
        assertEquals((long) rank * (V + D), r.storedParameters());
        assertEquals(4L * V * D, r.originalBytes());
        assertEquals(4L * rank * (V + D), r.storedBytes());
        assertEquals((double) V * D / (rank * (V + D)), r.compressionRatio(), 1e-12);
        assertEquals(1.0 - (double) rank * (V + D) / (V * D), r.parameterCompression(), 1e-12);
        double total = 0;
        double kept = 0;
        for (int i = 0; i < D; i++) {
            total += K.s()[i] * K.s()[i];
            kept += i < rank ? K.s()[i] * K.s()[i] : 0;
        }
        assertEquals(kept / total, r.keptEnergy(), 1e-5);
        assertEquals(K.optimalError(rank), r.predictedError(), 1e-5);
        assertTrue(r.relativeError() <= EXCESS_BOUND * K.optimalError(rank));
        assertTrue(r.spectrumComplete());
        assertEquals(D, r.singularValues().length);
        assertEquals("gram-mixed", r.method());
        assertTrue(r.seconds() >= r.factorSeconds());
    }

    @Test
    void quantizedFactorsCostTheirBitsAndSomeAccuracy() {
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.rank(8)).withQuantization(QuantizationConfig.perRow(8));
        CompressionResult res = EmbeddingCompressor.compress(embeddings(), spec, ProgressListener.none());
        CompressionReport r = res.report();
        // A: V x 8 codes of 8 bits + two floats per row; B: 8 x D codes + two floats per row.
        assertEquals(V * 8 + 8L * V + 8 * D + 8L * 8, r.storedBytes());
        assertTrue(r.relativeError() > r.predictedError());
        assertTrue(r.relativeError() < r.predictedError() * 1.05);
        WordVectors back = res.embedding().reconstruct();
        double[] ones = new double[D];
        java.util.Arrays.fill(ones, 1.0);
        double independent = KnownSpectrum.relativeError(K.matrix(), back.matrix(), ones, identity(D));
        assertEquals(independent, r.relativeError(), MEASURE_TOL);
    }

    @Test
    void denseKeepsTheMatrixOrQuantizesIt() {
        CompressionResult plain = EmbeddingCompressor.compress(embeddings(), CompressionSpec.dense(),
                ProgressListener.none());
        assertEquals(0.0, plain.report().relativeError());
        assertEquals(0, plain.report().rank());
        assertEquals(1.0, plain.report().compressionRatio());
        assertArrayEquals(K.matrix().data().asFloat(), plain.embedding().a().toFloat().data().asFloat());

        QuantizationConfig q = QuantizationConfig.perMatrix(4);
        CompressionResult quantized = EmbeddingCompressor.compress(embeddings(),
                CompressionSpec.dense().withQuantization(q), ProgressListener.none());
        QuantizationReport expected = QuantizationReport.measure(K.matrix(), QuantizedMatrix.quantize(K.matrix(), q));
        assertEquals(expected.relativeError(), quantized.report().relativeError(), 1e-12);
        assertEquals(expected.maxAbsError(), quantized.report().maxAbsError(), 1e-12);
        assertEquals(expected.bytes(), quantized.report().storedBytes());
        assertEquals("none", quantized.embedding().provenance().method());
    }

    @Test
    void provenanceRecordsHowItWasMade() {
        Source src = new Source("g.txt", "0".repeat(64));
        CompressionResult res = EmbeddingCompressor.compress(embeddings(),
                CompressionSpec.lowRank(RankRule.energy(0.9)).withMethod(SvdMethod.randomized(99)).withSeed(99),
                src, ProgressListener.none());
        Provenance p = res.embedding().provenance();
        assertEquals(src, p.source());
        assertEquals("energy 0.9", p.rankRule());
        assertTrue(p.method().startsWith("randomized("), p.method());
        assertTrue(p.method().contains("seed=99"), p.method());
        assertEquals(99, p.seed());
        assertEquals(LoreVersion.get(), p.loreVersion());
        assertEquals(Double.toString(res.report().relativeError()), p.extra().get("error.relative"));
        assertTrue(res.report().keptEnergy() >= 0.9);
    }

    @Test
    void theInputIsNotModified() {
        WordVectors e = embeddings();
        INDArray before = e.matrix().dup();
        EmbeddingCompressor.compress(e, CompressionSpec.lowRank(RankRule.rank(3))
                .withQuantization(QuantizationConfig.perRow(2)), ProgressListener.none());
        assertEquals(before, e.matrix());
    }

    @Test
    void badRanksAreClearErrors() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> EmbeddingCompressor.compress(
                embeddings(), CompressionSpec.lowRank(RankRule.compression(0.999)), ProgressListener.none()));
        assertEquals("compression 0.999 leaves rank 0 for a 300 x 40 matrix", ex.getMessage());
    }

    @Test
    void survivesAFileRoundTrip() throws IOException {
        CompressionResult res = EmbeddingCompressor.compress(embeddings(),
                CompressionSpec.lowRank(RankRule.rank(5)).withQuantization(QuantizationConfig.perRow(6)),
                ProgressListener.none());
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, res.embedding());
        CompressedEmbedding back = LoreFile.read(f);
        assertEquals(res.embedding(), back);
        assertArrayEquals(res.embedding().reconstruct().matrix().data().asFloat(),
                back.reconstruct().matrix().data().asFloat());
    }

    private static INDArray identity(int n) {
        return org.nd4j.linalg.factory.Nd4j.eye(n).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    @Test
    void productQuantizationLearnsOnTheHeadWhenAsked() {
        INDArray e = Fixtures.random(300, 8, 21);
        String[] w = new String[300];
        for (int i = 0; i < 300; i++) {
            w[i] = "w" + i;
        }
        WordVectors t = new WordVectors(Vocabulary.of(w), e);
        dev.lore.quant.ProductQuantizationConfig c = dev.lore.quant.ProductQuantizationConfig.of(4, 3)
                .withRotation(dev.lore.quant.PqRotation.PCA);
        CompressionResult r = EmbeddingCompressor.compress(t, CompressionSpec.dense().withProductQuantization(c)
                .withTrainingHead(50));
        dev.lore.quant.ProductQuantizedMatrix want = dev.lore.quant.ProductQuantizer.quantize(
                e.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                c.withTrainingRows(50)).encode(e, 1);
        assertEquals(StoredMatrix.of(want), r.embedding().a());
        assertEquals("pq", r.embedding().scheme());
        assertEquals(want.storageBytes(), r.embedding().matrixBytes());
        assertTrue(r.embedding().provenance().extra().get("pq").contains("training_head=50"));
        CompressionResult all = EmbeddingCompressor.compress(t, CompressionSpec.dense().withProductQuantization(c));
        assertEquals(StoredMatrix.of(dev.lore.quant.ProductQuantizer.quantize(e, c)), all.embedding().a());
    }
}
