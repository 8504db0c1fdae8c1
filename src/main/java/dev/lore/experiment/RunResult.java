package dev.lore.experiment;

import java.util.Objects;

/**
 * One row of an experiment: a method at a compression, for one seed (and fine-tuning schedule).
 * Accuracies are fractions in {@code [0, 1]}; figures that do not apply are {@code NaN} (written
 * as empty fields) or 0 as stated.
 *
 * @param dataset the dataset's name
 * @param model the architecture's name
 * @param method the method
 * @param compression the target compression {@code p} (0 for {@link Method#NONE})
 * @param rank the rank {@code r} of a factorized embedding, 0 otherwise
 * @param bits bits per stored value: 32 for float32, {@code b} when quantized
 * @param seed the seed
 * @param schedule the fine-tuning (or, for offline, training) schedule's label; empty when the
 *     method does not train
 * @param vocabularySize {@code V}
 * @param dimension {@code d}
 * @param embeddingParameters stored embedding parameters: {@code r (V + d)} or {@code V d}
 * @param embeddingBytes bytes of the stored embedding matrices (quantization offsets and steps
 *     included)
 * @param compressionError relative Frobenius error {@code ||E - E'|| / ||E||} of the compressed
 *     embedding {@code E'} against the embedding it was made from; 0 for none
 * @param devAccuracy dev accuracy of the final model
 * @param testAccuracy test accuracy of the final model (the best on dev where it trains)
 * @param pretrainDevAccuracy best dev accuracy of the pre-trained full model; {@code NaN} for
 *     offline
 * @param pretrainEpochs epochs of pre-training; 0 for offline
 * @param epochs epochs of the method's own training (fine-tuning, or offline's training); 0 when
 *     it does not train
 * @param bestEpoch the epoch kept by that training (0: its starting point); 0 when it does not train
 * @param trainSeconds wall time of the method's own training (pre-training excluded)
 * @param targetRatio the target byte ratio {@code 4 V d / bytes} of a row run at a ratio
 *     ({@code --ratios}), {@code NaN} otherwise
 * @param recipe what the compressed embedding stores, e.g. {@code r=25 pq M=5 b=6} (empty when
 *     the method's other columns say it all)
 */
public record RunResult(String dataset, String model, Method method, double compression, int rank, int bits,
        long seed, String schedule, int vocabularySize, int dimension, long embeddingParameters, long embeddingBytes,
        double compressionError, double devAccuracy, double testAccuracy, double pretrainDevAccuracy,
        int pretrainEpochs, int epochs, int bestEpoch, double trainSeconds, double targetRatio, String recipe) {

    /**
     * A row run at a compression {@code p}: no target ratio, no recipe.
     *
     * @param dataset as the canonical constructor
     * @param model as the canonical constructor
     * @param method as the canonical constructor
     * @param compression as the canonical constructor
     * @param rank as the canonical constructor
     * @param bits as the canonical constructor
     * @param seed as the canonical constructor
     * @param schedule as the canonical constructor
     * @param vocabularySize as the canonical constructor
     * @param dimension as the canonical constructor
     * @param embeddingParameters as the canonical constructor
     * @param embeddingBytes as the canonical constructor
     * @param compressionError as the canonical constructor
     * @param devAccuracy as the canonical constructor
     * @param testAccuracy as the canonical constructor
     * @param pretrainDevAccuracy as the canonical constructor
     * @param pretrainEpochs as the canonical constructor
     * @param epochs as the canonical constructor
     * @param bestEpoch as the canonical constructor
     * @param trainSeconds as the canonical constructor
     * @throws IllegalArgumentException as the canonical constructor
     * @throws NullPointerException as the canonical constructor
     */
    public RunResult(String dataset, String model, Method method, double compression, int rank, int bits,
            long seed, String schedule, int vocabularySize, int dimension, long embeddingParameters,
            long embeddingBytes, double compressionError, double devAccuracy, double testAccuracy,
            double pretrainDevAccuracy, int pretrainEpochs, int epochs, int bestEpoch, double trainSeconds) {
        this(dataset, model, method, compression, rank, bits, seed, schedule, vocabularySize, dimension,
                embeddingParameters, embeddingBytes, compressionError, devAccuracy, testAccuracy, pretrainDevAccuracy,
                pretrainEpochs, epochs, bestEpoch, trainSeconds, Double.NaN, "");
    }

    /**
     * Validates the row.
     *
     * @param dataset not null
     * @param model not null
     * @param method not null
     * @param compression in {@code [0, 1)}
     * @param rank {@code >= 0}
     * @param bits in {@code [1, 32]}
     * @param seed any value
     * @param schedule not null, possibly empty
     * @param vocabularySize {@code >= 1}
     * @param dimension {@code >= 1}
     * @param embeddingParameters {@code >= 1}
     * @param embeddingBytes {@code >= 1}
     * @param compressionError finite, {@code >= 0}
     * @param devAccuracy in {@code [0, 1]}
     * @param testAccuracy in {@code [0, 1]}
     * @param pretrainDevAccuracy in {@code [0, 1]}, or {@code NaN}
     * @param pretrainEpochs {@code >= 0}
     * @param epochs {@code >= 0}
     * @param bestEpoch in {@code [0, epochs]}
     * @param trainSeconds finite, {@code >= 0}
     * @param targetRatio {@code > 1}, or {@code NaN}
     * @param recipe not null, possibly empty
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if {@code dataset}, {@code model}, {@code method}, {@code
     *     schedule} or {@code recipe} is null
     */
    public RunResult {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(recipe, "recipe");
        if (!Double.isNaN(targetRatio) && !(targetRatio > 1 && Double.isFinite(targetRatio))) {
            throw new IllegalArgumentException("targetRatio must be finite and > 1, or NaN, got " + targetRatio);
        }
        if (!(compression >= 0 && compression < 1)) {
            throw new IllegalArgumentException("compression must be in [0, 1), got " + compression);
        }
        if (rank < 0 || bits < 1 || bits > 32 || vocabularySize < 1 || dimension < 1 || embeddingParameters < 1
                || embeddingBytes < 1 || pretrainEpochs < 0 || epochs < 0 || bestEpoch < 0 || bestEpoch > epochs) {
            throw new IllegalArgumentException("inconsistent counts: rank " + rank + ", bits " + bits + ", V "
                    + vocabularySize + ", d " + dimension + ", parameters " + embeddingParameters + ", bytes "
                    + embeddingBytes + ", epochs " + pretrainEpochs + "/" + epochs + ", best " + bestEpoch);
        }
        checkFraction("devAccuracy", devAccuracy, false);
        checkFraction("testAccuracy", testAccuracy, false);
        checkFraction("pretrainDevAccuracy", pretrainDevAccuracy, true);
        if (!(compressionError >= 0 && Double.isFinite(compressionError))) {
            throw new IllegalArgumentException("compressionError must be finite and >= 0, got " + compressionError);
        }
        if (!(trainSeconds >= 0 && Double.isFinite(trainSeconds))) {
            throw new IllegalArgumentException("trainSeconds must be finite and >= 0, got " + trainSeconds);
        }
    }

    /**
     * The compression actually reached in bytes.
     *
     * @return {@code 1 - embeddingBytes / (4 V d)}, in double
     */
    public double byteCompression() {
        return 1.0 - embeddingBytes / (4.0 * vocabularySize * dimension);
    }

    /**
     * The byte ratio reached.
     *
     * @return {@code 4 V d / embeddingBytes}, in double
     */
    public double ratio() {
        return 4.0 * vocabularySize * dimension / embeddingBytes;
    }

    private static void checkFraction(String name, double v, boolean nanAllowed) {
        if (nanAllowed && Double.isNaN(v)) {
            return;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }
}
