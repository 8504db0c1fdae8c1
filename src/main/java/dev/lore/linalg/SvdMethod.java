package dev.lore.linalg;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a truncated SVD is computed, with every parameter of the method: the one way to choose and
 * configure a {@link TruncatedSvd} ({@link #algorithm()}).
 *
 * <ul>
 *   <li>{@link Gram}: the Gram route ({@code E^T E} accumulated as {@link GramPrecision} says,
 *       {@code dsyev}, {@code U = E V S^-1}), one pass of {@code V d^2} flops; for {@code V >> d},
 *       the embedding case. {@link #EXACT} is the default.
 *   <li>{@link Gesvd}: LAPACK {@code sgesvd} without {@code U}, then {@code U = E V S^-1}; slower,
 *       kept as an independent exact reference.
 *   <li>{@link Randomized}: Halko, Martinsson and Tropp (2011), for matrices where both dimensions
 *       are large.
 * </ul>
 *
 * <p>Every method has a text form, printed by {@code toString()} and read back exactly by
 * {@link #parse}: {@code gram(precision=mixed)}, {@code gesvd},
 * {@code randomized(oversampling=10,iterations=20,tolerance=2.0E-4,seed=0)}. Immutable and
 * thread-safe.
 */
public sealed interface SvdMethod permits SvdMethod.Gram, SvdMethod.Gesvd, SvdMethod.Randomized {

    /** The default exact method: the Gram route with {@link GramPrecision#MIXED} accumulation. */
    SvdMethod EXACT = new Gram(GramPrecision.MIXED);

    /** LAPACK {@code sgesvd}. */
    SvdMethod GESVD = new Gesvd();

    /**
     * The algorithm this configuration describes.
     *
     * @return a new, immutable, thread-safe {@link TruncatedSvd} with this configuration's
     *     parameters
     */
    TruncatedSvd algorithm();

    /**
     * The randomized method with its defaults (oversampling {@value Randomized#DEFAULT_OVERSAMPLING},
     * at most {@value Randomized#DEFAULT_MAX_POWER_ITERATIONS} power iterations, tolerance
     * {@value Randomized#DEFAULT_TOLERANCE}) and the given seed.
     *
     * @param seed seed of the Gaussian test matrix, any value
     * @return the configuration
     */
    static Randomized randomized(long seed) {
        return new Randomized(Randomized.DEFAULT_OVERSAMPLING, Randomized.DEFAULT_MAX_POWER_ITERATIONS,
                Randomized.DEFAULT_TOLERANCE, seed);
    }

    /**
     * Reads a text form: {@code exact} (the same as {@link #EXACT}), {@code gram},
     * {@code gram(precision=float|mixed|double)}, {@code gesvd}, {@code randomized} (the defaults,
     * seed 0) or {@code randomized(oversampling=P,iterations=Q,tolerance=T,seed=S)} with any subset
     * of the parameters (the others take their defaults). Case and spaces are ignored.
     *
     * @param text the text form, not null
     * @return the method; {@code toString()} of the result parses back to an equal method
     * @throws IllegalArgumentException naming the text if it is not one of these, a parameter is
     *     unknown or repeated, or a number does not parse; naming the parameter and value if a
     *     value is out of range; an unknown precision gets the enum's message ({@code No enum
     *     constant ...})
     * @throws NullPointerException if {@code text} is null
     */
    static SvdMethod parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        int open = s.indexOf('(');
        String name = open < 0 ? s : s.substring(0, open);
        Map<String, String> args = new LinkedHashMap<>();
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("SVD method '" + text + "' lacks its closing ')'");
            }
            String inner = s.substring(open + 1, s.length() - 1);
            for (String kv : inner.isEmpty() ? new String[0] : inner.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new IllegalArgumentException("SVD method '" + text + "': expected key=value, got '" + kv + "'");
                }
                if (args.put(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("SVD method '" + text + "': '" + kv.substring(0, eq)
                            + "' given twice");
                }
            }
        }
        try {
            return switch (name) {
                case "exact" -> {
                    noArgs(text, args);
                    yield EXACT;
                }
                case "gram" -> {
                    String p = args.remove("precision");
                    noArgs(text, args);
                    yield p == null ? EXACT : new Gram(GramPrecision.valueOf(p.toUpperCase(Locale.ROOT)));
                }
                case "gesvd" -> {
                    noArgs(text, args);
                    yield GESVD;
                }
                case "randomized" -> {
                    Randomized d = randomized(0);
                    String p = args.remove("oversampling");
                    String q = args.remove("iterations");
                    String t = args.remove("tolerance");
                    String seed = args.remove("seed");
                    noArgs(text, args);
                    yield new Randomized(p == null ? d.oversampling() : Integer.parseInt(p),
                            q == null ? d.maxPowerIterations() : Integer.parseInt(q),
                            t == null ? d.tolerance() : Double.parseDouble(t),
                            seed == null ? d.seed() : Long.parseLong(seed));
                }
                default -> throw new IllegalArgumentException(
                        "SVD method must be exact, gram, gesvd or randomized, got '" + text + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SVD method '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void noArgs(String text, Map<String, String> rest) {
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("SVD method '" + text + "': unknown parameter(s) " + rest.keySet());
        }
    }

    /**
     * The Gram route.
     *
     * @param precision how {@code E^T E} is accumulated
     */
    record Gram(GramPrecision precision) implements SvdMethod {
        /**
         * Checks the precision.
         *
         * @param precision how {@code E^T E} is accumulated, not null
         * @throws NullPointerException if {@code precision} is null
         */
        public Gram {
            Objects.requireNonNull(precision, "precision");
        }

        @Override
        public TruncatedSvd algorithm() {
            return new GramSvd(precision);
        }

        @Override
        public String toString() {
            return "gram(precision=" + precision.name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    /** LAPACK {@code sgesvd} for the right singular vectors, then {@code U = E V S^-1}. */
    record Gesvd() implements SvdMethod {
        @Override
        public TruncatedSvd algorithm() {
            return new GesvdSvd();
        }

        @Override
        public String toString() {
            return "gesvd";
        }
    }

    /**
     * The randomized method with adaptive power iterations: after pass {@code j >= 1}, iteration
     * stops when the energy {@code c_j} captured by the leading {@code r} directions grew by at most
     * {@code tolerance (||E||_F^2 - c_j)}, or after {@code maxPowerIterations} passes; a tolerance of
     * 0 runs exactly {@code maxPowerIterations} passes.
     *
     * @param oversampling {@code p >= 0}: {@code r + p} random samples are taken
     * @param maxPowerIterations largest number {@code q >= 0} of passes of subspace iteration
     * @param tolerance in {@code [0, 1)}
     * @param seed seed of the Gaussian test matrix; equal seeds give equal results
     */
    record Randomized(int oversampling, int maxPowerIterations, double tolerance, long seed) implements SvdMethod {

        /** Default oversampling {@code p}. */
        public static final int DEFAULT_OVERSAMPLING = 10;
        /** Default largest number of power iterations {@code q}. */
        public static final int DEFAULT_MAX_POWER_ITERATIONS = 20;
        /** Default tolerance of the adaptive power iterations. */
        public static final double DEFAULT_TOLERANCE = 2e-4;

        /**
         * Validates the parameters.
         *
         * @param oversampling {@code p >= 0}
         * @param maxPowerIterations {@code q >= 0}
         * @param tolerance in {@code [0, 1)}
         * @param seed any value
         * @throws IllegalArgumentException if a parameter is out of range, naming it and its value
         */
        public Randomized {
            if (oversampling < 0) {
                throw new IllegalArgumentException("oversampling must be >= 0, got " + oversampling);
            }
            if (maxPowerIterations < 0) {
                throw new IllegalArgumentException("maxPowerIterations must be >= 0, got " + maxPowerIterations);
            }
            if (!(tolerance >= 0.0 && tolerance < 1.0)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
            }
        }

        @Override
        public TruncatedSvd algorithm() {
            return new RandomizedSvd(oversampling, maxPowerIterations, tolerance, seed);
        }

        @Override
        public String toString() {
            return "randomized(oversampling=" + oversampling + ",iterations=" + maxPowerIterations
                    + ",tolerance=" + tolerance + ",seed=" + seed + ")";
        }
    }
}
