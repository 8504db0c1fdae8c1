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
    NONE("none");

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
     * @return true for {@link #ONLINE}, {@link #QUANTIZED_FT} and {@link #NONE}
     */
    public boolean fineTunes() {
        return this == ONLINE || this == QUANTIZED_FT || this == NONE;
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
                + " none, got '" + label + "'");
    }
}
