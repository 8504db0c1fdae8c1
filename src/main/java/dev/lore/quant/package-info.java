/**
 * Quantizers of float matrices: affine b-bit scalar quantization per row or per matrix
 * ({@link dev.lore.quant.QuantizedMatrix}, {@link dev.lore.quant.QuantizationConfig}) with its
 * error report.
 *
 * <p>May import: the JDK, ND4J (with its OpenBLAS binding), SLF4J, {@code dev.lore} and
 * {@code dev.lore.linalg}.
 */
package dev.lore.quant;
