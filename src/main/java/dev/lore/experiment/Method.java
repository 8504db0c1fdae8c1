package dev.lore.experiment;

import java.util.Locale;

/** The compression methods an experiment compares (Acharya et al., AAAI 2019, and baselines). */
public enum Method {
    /** Factorize the trained embedding at compression {@code p}, then fine-tune the whole model. */
    ONLINE("online"),
    /** Factorize the trained embedding at compression {@code p}; no fine-tuning. */
    SVD("svd"),
    /**
     * Factorize the initial (pretrained) embedding at compression {@code p} before training, then
     * train the factorized model from scratch for the pre-training plus fine-tuning budget.
     */
    OFFLINE("offline"),
    /**
     * Quantize the trained embedding to the largest bit width {@code b <= 16} with
     * {@code b / 32 <= 1 - p} ({@link dev.lore.quant.QuantizationConfig#bitsForCompression}); no
     * fine-tuning.
     */
    QUANTIZED("quantized"),
    /** As {@link #QUANTIZED}, then fine-tune the rest of the model (the quantized table stays frozen). */
    QUANTIZED_FT("quantized-ft"),
    /**
     * No compression: the pre-trained model trained on for the fine-tuning budget, so that it has
     * the same total budget as {@link #ONLINE}. Ignores {@code p}.
     */
    NONE("none"),
    /**
     * Product quantization of the trained embedding to a byte ratio (the sub-spaces and bits of
     * least frequency-weighted reconstruction error among those that fit); no fine-tuning.
     */
    PQ("pq"),
    /** As {@link #PQ}, then fine-tune the whole model through the codes (codebooks train, codes fixed). */
    PQ_FT("pq-ft"),
    /**
     * A factorization {@code A B} of the trained embedding with {@code A} product-quantized to a
     * byte ratio, then fine-tuning of the whole model ({@code A}'s codebooks and {@code B} train).
     */
    LOWRANK_Q_FT("lowrank-q-ft"),
    /**
     * Vocabulary pruning to a byte ratio: the most frequent training words keep their float32 rows,
     * the others share one UNK row; then fine-tuning.
     */
    PRUNED_FT("pruned-ft"),
    /**
     * lore's recipe for a byte ratio: the fine-tuned candidates of {@link #PQ_FT},
     * {@link #LOWRANK_Q_FT}, pruning plus {@link #LOWRANK_Q_FT}, and {@link #PRUNED_FT}, the one of
     * best dev accuracy kept. At byte ratios every fine-tuned candidate (and {@link #QUANTIZED_FT})
     * is fine-tuned twice, with the schedule's upper bound and ten times it, and keeps the better on
     * dev.
     */
    BEST("best");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /**
     * The name used on the command line and in result files.
     *
     * @return the lower-case name, e.g. {@code quantized-ft}
     */
    public String label() {
        return label;
    }

    /**
     * Whether the method starts from the pre-trained full model.
     *
     * @return true for every method but {@link #OFFLINE}
     */
    public boolean needsPretraining() {
        return this != OFFLINE;
    }

    /**
     * Whether the method has a fine-tuning phase (whose schedule an experiment may vary).
     *
     * @return true for {@link #ONLINE}, {@link #QUANTIZED_FT}, {@link #NONE} and the byte-ratio
     *     methods but {@link #PQ}
     */
    public boolean fineTunes() {
        return this == ONLINE || this == QUANTIZED_FT || this == NONE || this == PQ_FT || this == LOWRANK_Q_FT
                || this == PRUNED_FT || this == BEST;
    }

    /**
     * Whether the method runs at byte ratios ({@code --ratios}) only.
     *
     * @return true for {@link #PQ}, {@link #PQ_FT}, {@link #LOWRANK_Q_FT}, {@link #PRUNED_FT} and
     *     {@link #BEST}
     */
    public boolean atRatios() {
        return this == PQ || this == PQ_FT || this == LOWRANK_Q_FT || this == PRUNED_FT || this == BEST;
    }

    /**
     * Whether the method quantizes (compression maps to a bit width).
     *
     * @return true for {@link #QUANTIZED} and {@link #QUANTIZED_FT}
     */
    public boolean quantizes() {
        return this == QUANTIZED || this == QUANTIZED_FT;
    }

    /**
     * The method named {@code label} (case-insensitive).
     *
     * @param label a {@link #label()}, in any case, surrounding spaces ignored; not null
     * @return the method
     * @throws IllegalArgumentException if there is none, listing the valid names
     */
    public static Method fromLabel(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
            if (m.label.equals(l)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method must be one of online, svd, offline, quantized, quantized-ft,"
                + " none, pq, pq-ft, lowrank-q-ft, pruned-ft, best, got '" + label + "'");
    }
}
