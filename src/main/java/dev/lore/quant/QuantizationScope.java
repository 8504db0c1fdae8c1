package dev.lore.quant;

/** Which values share one quantization range (offset and step). */
public enum QuantizationScope {
    /** One range for the whole matrix. */
    MATRIX,
    /** One range per row; costs two floats a row, and bounds each row's error by its own range. */
    ROW
}
