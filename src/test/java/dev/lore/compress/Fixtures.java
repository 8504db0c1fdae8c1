package dev.lore.compress;

import dev.lore.io.Vocabulary;
import dev.lore.quant.PqRotation;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small compressed embeddings for tests. */
final class Fixtures {

    private Fixtures() {}

    static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123456789Z");

    static Provenance provenance() {
        return new Provenance(new Source("glove.txt", "ab".repeat(32)), "gram-mixed", "rank 2", "right", 7L,
                "0.1.0-test", CREATED, Map.of("note", "é"));
    }

    static INDArray random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    static Vocabulary words(int n) {
        String[] w = new String[n];
        for (int i = 0; i < n; i++) {
            w[i] = i == 1 ? "café" : i == 2 ? "日本" : "w" + i;
        }
        return Vocabulary.of(w);
    }

    /** 5 words, d = 4, rank 2, float32 factors. */
    static CompressedEmbedding lowRank() {
        return CompressedEmbedding.lowRank(words(5), StoredMatrix.of(random(5, 2, 1)),
                StoredMatrix.of(random(2, 4, 2)), new double[] {3.0, 2.0, 0.5, 0.25}, provenance());
    }

    /** 5 words, d = 4, rank 2, quantized factors. */
    static CompressedEmbedding lowRankQuantized(QuantizationConfig config) {
        return CompressedEmbedding.lowRank(words(5),
                StoredMatrix.of(QuantizedMatrix.quantize(random(5, 2, 1), config)),
                StoredMatrix.of(QuantizedMatrix.quantize(random(2, 4, 2), config)), new double[] {3.0, 2.0},
                provenance());
    }

    /** 3 words, d = 4, dense float32. */
    static CompressedEmbedding dense() {
        return CompressedEmbedding.dense(words(3), StoredMatrix.of(random(3, 4, 3)), provenance());
    }

    /** 3 words, d = 4, dense quantized. */
    static CompressedEmbedding denseQuantized(QuantizationConfig config) {
        return CompressedEmbedding.dense(words(3), StoredMatrix.of(QuantizedMatrix.quantize(random(3, 4, 3), config)),
                provenance());
    }

    /** 20 words, d = 4, dense product-quantized: M = 2 sub-spaces of 8 centroids (3 bits), rotated if asked. */
    static CompressedEmbedding densePq(boolean rotated) {
        ProductQuantizationConfig c = ProductQuantizationConfig.of(2, 3)
                .withRotation(rotated ? PqRotation.PCA : PqRotation.NONE).withSeed(5);
        return CompressedEmbedding.dense(words(20), StoredMatrix.of(ProductQuantizer.quantize(random(20, 4, 4), c)),
                provenance());
    }

    /** 20 words, d = 4, rank 2: {@code A} product-quantized (M = 1, 2 bits), {@code B} float32. */
    static CompressedEmbedding lowRankPq() {
        return CompressedEmbedding.lowRank(words(20),
                StoredMatrix.of(ProductQuantizer.quantize(random(20, 2, 6), ProductQuantizationConfig.of(1, 2))),
                StoredMatrix.of(random(2, 4, 7)), new double[] {3.0, 2.0}, provenance());
    }
}
