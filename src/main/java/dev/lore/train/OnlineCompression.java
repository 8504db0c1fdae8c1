package dev.lore.train;

import dev.lore.ProgressListener;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.Placement;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.nn.Architecture;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationConfig;
import java.util.Objects;

/**
 * Online embedding compression (Acharya, Goel, Metallinou, Dhillon, AAAI 2019): take a trained
 * model, factorize its learned embedding {@code E ~ A B} by truncated SVD, and swap the two stacked
 * layers in for {@code E}, keeping every other layer; then fine-tune the whole model. In code:
 *
 * <pre>{@code
 * Trainer.train(model, data.train(), data.dev(), TrainingDefaults.pretraining(Architecture.of(model), seed), progress);
 * CompressedModel small = OnlineCompression.compress(model, 0.9);  // 90% fewer embedding parameters
 * Trainer.train(small.model(), data.train(), data.dev(), TrainingDefaults.fineTuning(Architecture.of(model), seed), progress);
 * double accuracy = Evaluation.accuracy(small.model(), data.test());
 * }</pre>
 *
 * <p>{@link #quantize} performs the same swap with a fixed-point copy of the embedding, the
 * baseline the paper compares with. Neither method modifies the model it is given.
 */
public final class OnlineCompression {

    /**
     * Where the singular values go by default: {@link Placement#RIGHT} ({@code A = U_r},
     * {@code B = S_r V_r^T}) as in the paper; docs/design/train.md records the measurement that
     * chose it.
     */
    public static final Placement DEFAULT_PLACEMENT = Placement.RIGHT;

    private OnlineCompression() {}

    /**
     * Factorizes the model's current embedding at parameter compression {@code compression}
     * ({@code r = min(floor((1 - p) V d / (V + d) + 1e-9), min(V, d))}, {@link
     * RankRule#compression}), exact SVD, {@link #DEFAULT_PLACEMENT}. The stored embedding names its
     * rows {@code #0, #1, ...}; use {@link #compress(TextClassifier, Vocabulary, CompressionSpec)}
     * to give it the words.
     *
     * @param model the trained model, not modified
     * @param compression {@code p}, the fraction of the embedding's parameters removed, in {@code
     *     [0, 1)}
     * @return the new model over a trainable {@link dev.lore.nn.FactorizedEmbedding}, with the
     *     stored embedding and the report
     * @throws IllegalArgumentException if {@code compression} is not in {@code [0, 1)} or leaves rank
     *     0, or the model's embedding layer is of an unknown class
     */
    public static CompressedModel compress(TextClassifier model, double compression) {
        Objects.requireNonNull(model, "model");
        return compress(model, Vocabulary.indexed(model.embedding().vocabularySize()),
                spec(compression, DEFAULT_PLACEMENT));
    }

    /**
     * The spec {@link #compress(TextClassifier, double)} uses, with another placement.
     *
     * @param compression {@code p}, in {@code [0, 1)}
     * @param placement where the singular values go, not null
     * @return a low-rank float32 spec with the exact method
     * @throws IllegalArgumentException if {@code compression} is not in {@code [0, 1)}
     * @throws NullPointerException if {@code placement} is null
     */
    public static CompressionSpec spec(double compression, Placement placement) {
        return CompressionSpec.lowRank(RankRule.compression(compression)).withMethod(SvdMethod.EXACT)
                .withPlacement(placement);
    }

    /**
     * Factorizes the model's current embedding as {@code spec} says and returns a model reading
     * the two factors as trainable layers ({@code embedding.A [V, r]}, {@code embedding.B [r, d]}),
     * with copies of the model's other parameters.
     *
     * @param model the trained model, not modified
     * @param vocabulary the words of the embedding's rows, recorded in the stored embedding
     * @param spec a low-rank spec without quantization
     * @return the new model, with the stored embedding and the report
     * @throws IllegalArgumentException if the spec is dense or quantized, the vocabulary size
     *     differs from the embedding's, or the rank rule gives an invalid rank
     */
    public static CompressedModel compress(TextClassifier model, Vocabulary vocabulary, CompressionSpec spec) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spec, "spec");
        if (spec.isDense() || spec.quantization() != null) {
            throw new IllegalArgumentException("spec must be low-rank and unquantized (use quantize for the"
                    + " fixed-point baseline), got " + spec);
        }
        CompressionResult r = EmbeddingCompressor.compress(current(model, vocabulary), spec, ProgressListener.none());
        return new CompressedModel(model.withEmbedding(EmbeddingLayer.fromStored(r.embedding())), r.embedding(),
                r.report());
    }

    /**
     * Quantizes the model's current embedding ({@code b}-bit uniform affine codes, see
     * {@code QuantizedMatrix}) and returns a model reading the frozen quantized table, with copies
     * of the model's other parameters (still trainable).
     *
     * @param model the trained model, not modified
     * @param vocabulary the words of the embedding's rows
     * @param config bits and scope of the codes
     * @return the new model over a {@link QuantizedEmbedding}, with the stored embedding and the
     *     report
     * @throws IllegalArgumentException if the vocabulary size differs from the embedding's, or the
     *     embedding's range is too wide for float quantization
     * @throws NullPointerException if an argument is null
     */
    public static CompressedModel quantize(TextClassifier model, Vocabulary vocabulary, QuantizationConfig config) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        CompressionResult r = EmbeddingCompressor.compress(current(model, vocabulary),
                CompressionSpec.dense().withQuantization(config), ProgressListener.none());
        StoredMatrix.Quantized q = (StoredMatrix.Quantized) r.embedding().a();
        return new CompressedModel(model.withEmbedding(QuantizedEmbedding.of(q.matrix())), r.embedding(), r.report());
    }

    private static WordVectors current(TextClassifier model, Vocabulary vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (vocabulary.size() != model.embedding().vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words but the embedding has "
                    + model.embedding().vocabularySize() + " rows");
        }
        return new WordVectors(vocabulary, model.embedding().toMatrix());
    }
}
