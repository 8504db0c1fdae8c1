/**
 * Quantizers of float matrices: affine b-bit scalar quantization per row or per matrix
 * ({@link dev.lore.quant.QuantizedMatrix}, {@link dev.lore.quant.QuantizationConfig}) with its
 * error report; k-means ({@link dev.lore.quant.KMeans}) and product quantization with an optional
 * rotation ({@link dev.lore.quant.ProductQuantizer}, {@link dev.lore.quant.ProductQuantizedMatrix},
 * {@link dev.lore.quant.ProductQuantizationConfig}).
 *
 * <p>May import: the JDK, ND4J (with its OpenBLAS binding), SLF4J, {@code dev.lore} and
 * {@code dev.lore.linalg}.
 */
package dev.lore.quant;
