package dev.lore.compress;

import dev.lore.Summary;
import java.util.Objects;

/**
 * What a compression did and what it cost in accuracy.
 *
 * @param rows {@code V}
 * @param cols {@code d}
 * @param rank {@code r}, or 0 when the full matrix was kept
 * @param singularValues singular values of {@code E} known to the method (all {@code min(V, d)}
 *     when {@code spectrumComplete}); empty when dense
 * @param spectrumComplete whether {@code singularValues} holds all of them
 * @param keptEnergy {@code sum_{i<=r} s_i^2 / ||E||_F^2}, in {@code [0, 1]}; 1 when dense
 * @param relativeError measured {@code ||E - A B||_F / ||E||_F} of the stored (possibly quantized)
 *     matrices, in double
 * @param maxAbsError measured {@code max |E - A B|}
 * @param predictedError Eckart-Young error of the truncation before quantization,
 *     {@code sqrt(sum_{i>r} s_i^2 / sum_i s_i^2)} (see {@code SvdResult.predictedRelativeError});
 *     0 when dense
 * @param originalParameters {@code V d}
 * @param storedParameters {@code r (V + d)}, or {@code V d} when dense
 * @param originalBytes {@code 4 V d} (float32)
 * @param storedBytes bytes of the stored matrices (vocabulary and header excluded)
 * @param method the factorization's name, or {@code none}
 * @param factorSeconds wall time of the factorization
 * @param seconds wall time of the whole compression (factorization, quantization, measuring)
 */
public record CompressionReport(int rows, int cols, int rank, double[] singularValues,
        boolean spectrumComplete, double keptEnergy, double relativeError, double maxAbsError,
        double predictedError, long originalParameters, long storedParameters, long originalBytes,
        long storedBytes, String method, double factorSeconds, double seconds) {

    /**
     * Validates the figures and copies {@code singularValues}.
     *
     * @param rows {@code V >= 1}
     * @param cols {@code d >= 1}
     * @param rank in {@code [0, min(V, d)]}
     * @param singularValues not null; copied
     * @param spectrumComplete whether {@code singularValues} holds all of them
     * @param keptEnergy in {@code [0, 1]}
     * @param relativeError finite, {@code >= 0}
     * @param maxAbsError finite, {@code >= 0}
     * @param predictedError finite, {@code >= 0}
     * @param originalParameters {@code >= 1}
     * @param storedParameters {@code >= 1}
     * @param originalBytes {@code >= 1}
     * @param storedBytes {@code >= 1}
     * @param method not null
     * @param factorSeconds finite, {@code >= 0}
     * @param seconds finite, {@code >= 0}
     * @throws IllegalArgumentException if a count is not positive or a figure is out of range
     * @throws NullPointerException if {@code singularValues} or {@code method} is null
     */
    public CompressionReport {
        Objects.requireNonNull(singularValues, "singularValues");
        Objects.requireNonNull(method, "method");
        if (rows < 1 || cols < 1 || rank < 0 || rank > Math.min(rows, cols)) {
            throw new IllegalArgumentException("invalid shape " + rows + " x " + cols + " rank " + rank);
        }
        if (!(keptEnergy >= 0.0 && keptEnergy <= 1.0)) {
            throw new IllegalArgumentException("keptEnergy must be in [0, 1], got " + keptEnergy);
        }
        for (double x : new double[] {relativeError, maxAbsError, predictedError, factorSeconds, seconds}) {
            if (!(x >= 0.0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("errors and times must be finite and >= 0, got " + x);
            }
        }
        if (originalParameters < 1 || storedParameters < 1 || originalBytes < 1 || storedBytes < 1) {
            throw new IllegalArgumentException("parameter and byte counts must be >= 1");
        }
        singularValues = singularValues.clone();
    }

    /**
     * The singular values of {@code E} known to the method.
     *
     * @return a fresh copy; empty when dense
     */
    @Override
    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * How many times smaller the stored matrices are than the float32 original.
     *
     * @return {@code originalBytes / storedBytes}, in double
     */
    public double compressionRatio() {
        return (double) originalBytes / storedBytes;
    }

    /**
     * The parameter compression {@code p} reached.
     *
     * @return {@code 1 - storedParameters / originalParameters}, in double; 0 when dense
     */
    public double parameterCompression() {
        return 1.0 - (double) storedParameters / originalParameters;
    }

    /** Every component, the singular values cut to their first values, and the ratio. */
    @Override
    public String toString() {
        return "CompressionReport[" + rows + " x " + cols + ", rank=" + rank + ", method=" + method
                + ", relativeError=" + relativeError + ", predictedError=" + predictedError
                + ", maxAbsError=" + maxAbsError + ", keptEnergy=" + keptEnergy
                + ", storedBytes=" + storedBytes + ", originalBytes=" + originalBytes
                + ", ratio=" + compressionRatio() + ", storedParameters=" + storedParameters
                + ", originalParameters=" + originalParameters + ", singularValues="
                + Summary.doubles(singularValues) + (spectrumComplete ? "" : " (partial)")
                + ", factorSeconds=" + factorSeconds + ", seconds=" + seconds + "]";
    }
}
