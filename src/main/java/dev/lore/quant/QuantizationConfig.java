package dev.lore.quant;

import java.util.Objects;

/**
 * Uniform affine fixed-point quantization settings.
 *
 * @param bits bits per value, in {@code [1, 16]}
 * @param scope whether the range is shared by the whole matrix or kept per row
 */
public record QuantizationConfig(int bits, QuantizationScope scope) {

    /** Smallest supported bit width. */
    public static final int MIN_BITS = 1;
    /** Largest supported bit width. */
    public static final int MAX_BITS = 16;

    /**
     * Validates the settings.
     *
     * @param bits bits per value, in {@code [1, 16]}
     * @param scope the range's scope, not null
     * @throws IllegalArgumentException if {@code bits} is outside {@code [1, 16]}
     * @throws NullPointerException if {@code scope} is null
     */
    public QuantizationConfig {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "bits must be in [" + MIN_BITS + ", " + MAX_BITS + "], got " + bits);
        }
        Objects.requireNonNull(scope, "scope");
    }

    /**
     * {@code bits}-bit quantization with one range per row.
     *
     * @param bits bits per value, in {@code [1, 16]}
     * @return the settings with {@link QuantizationScope#ROW}
     * @throws IllegalArgumentException if {@code bits} is outside {@code [1, 16]}
     */
    public static QuantizationConfig perRow(int bits) {
        return new QuantizationConfig(bits, QuantizationScope.ROW);
    }

    /**
     * {@code bits}-bit quantization with one range for the whole matrix.
     *
     * @param bits bits per value, in {@code [1, 16]}
     * @return the settings with {@link QuantizationScope#MATRIX}
     * @throws IllegalArgumentException if {@code bits} is outside {@code [1, 16]}
     */
    public static QuantizationConfig perMatrix(int bits) {
        return new QuantizationConfig(bits, QuantizationScope.MATRIX);
    }

    /**
     * The largest bit width {@code b} with {@code b / 32 <= 1 - compression}, capped at {@value
     * #MAX_BITS}: the bit width that matches a target parameter compression (e.g. 0.9 gives 3
     * bits; any compression below 0.5 gives 16). A tolerance of {@code 1e-9} before the floor
     * keeps the rounding of {@code 1 - compression} from costing a bit.
     *
     * @param compression the fraction of the float32 parameters' bits removed, in {@code [0,
     *     31/32]}
     * @return {@code min(16, floor(32 (1 - compression) + 1e-9))}, in {@code [1, 16]}
     * @throws IllegalArgumentException if {@code compression} is not in {@code [0, 31/32]}
     */
    public static int bitsForCompression(double compression) {
        if (!(compression >= 0.0 && compression <= 31.0 / 32.0)) {
            throw new IllegalArgumentException(
                    "compression must be in [0, 0.96875] for quantization (at least 1 bit), got "
                            + compression);
        }
        // A small tolerance so that e.g. 0.9 -> 3.2 -> 3 is not hurt by 1 - 0.9 = 0.09999999999999998.
        int b = (int) Math.floor(32.0 * (1.0 - compression) + 1e-9);
        return Math.min(MAX_BITS, Math.max(MIN_BITS, b));
    }
}
