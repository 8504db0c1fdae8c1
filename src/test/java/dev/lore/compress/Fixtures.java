package dev.lore.compress;

import dev.lore.io.Vocabulary;
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
}
