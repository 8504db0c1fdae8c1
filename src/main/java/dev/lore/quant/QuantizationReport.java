package dev.lore.quant;

import dev.lore.linalg.ReconstructionError;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accuracy and size of a quantized matrix against its original.
 *
 * @param relativeError {@code ||X - Q||_F / ||X||_F} (the absolute error when {@code X = 0}), in double
 * @param maxAbsError {@code max |X - Q|}
 * @param bytes the stored bytes: {@link QuantizedMatrix#storageBytes()} or {@link
 *     ProductQuantizedMatrix#storageBytes()}
 * @param originalBytes {@code 4 rows cols} (float32)
 */
public record QuantizationReport(double relativeError, double maxAbsError, long bytes, long originalBytes) {

    /**
     * Validates the values.
     *
     * @param relativeError finite, {@code >= 0}
     * @param maxAbsError finite, {@code >= 0}
     * @param bytes {@code >= 1}
     * @param originalBytes {@code >= 1}
     * @throws IllegalArgumentException if an error is negative or not finite, or a size is not positive
     */
    public QuantizationReport {
        if (!(relativeError >= 0.0) || !(maxAbsError >= 0.0) || Double.isInfinite(relativeError)
                || Double.isInfinite(maxAbsError)) {
            throw new IllegalArgumentException("errors must be finite and >= 0, got " + relativeError
                    + " and " + maxAbsError);
        }
        if (bytes < 1 || originalBytes < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, got " + bytes + " and " + originalBytes);
        }
    }

    /**
     * Measures {@code quantized} against {@code original}, in double.
     *
     * @param original the matrix that was quantized, {@code [rows, columns]}; not modified
     * @param quantized its quantized form, not null
     * @return the errors of the dequantized matrix and both sizes
     * @throws IllegalArgumentException if the shapes differ or {@code original} is not finite
     * @throws NullPointerException if an argument is null
     */
    public static QuantizationReport measure(INDArray original, QuantizedMatrix quantized) {
        Objects.requireNonNull(quantized, "quantized");
        ReconstructionError e = ReconstructionError.of(original, quantized.dequantize());
        return new QuantizationReport(e.relativeError(), e.maxAbsError(), quantized.storageBytes(),
                4L * quantized.rows() * quantized.columns());
    }

    /**
     * Measures a product-quantized matrix against {@code original}, in double.
     *
     * @param original the matrix that was quantized, {@code [rows, columns]}; not modified
     * @param quantized its product-quantized form, not null
     * @return the errors of the decoded matrix and both sizes (codes, codebooks and rotation counted)
     * @throws IllegalArgumentException if the shapes differ or {@code original} is not finite
     * @throws NullPointerException if an argument is null
     */
    public static QuantizationReport measure(INDArray original, ProductQuantizedMatrix quantized) {
        Objects.requireNonNull(quantized, "quantized");
        ReconstructionError e = ReconstructionError.of(original, quantized.decode());
        return new QuantizationReport(e.relativeError(), e.maxAbsError(), quantized.storageBytes(),
                4L * quantized.rows() * quantized.columns());
    }

    /**
     * How many times smaller the quantized matrix is.
     *
     * @return {@code originalBytes / bytes}, computed in double
     */
    public double compressionRatio() {
        return (double) originalBytes / bytes;
    }

    @Override
    public String toString() {
        return "QuantizationReport[relativeError=" + relativeError + ", maxAbsError=" + maxAbsError
                + ", bytes=" + bytes + ", originalBytes=" + originalBytes + ", ratio=" + compressionRatio() + "]";
    }
}
