package dev.lore.linalg;


/**
 * How the rank {@code r} of a truncated factorization {@code E ~ A B} of a {@code V x d} matrix is
 * chosen. Every rule gives a rank in {@code [1, min(V, d)]} or throws.
 */
public sealed interface RankRule permits RankRule.Fixed, RankRule.Compression, RankRule.Energy {

    /**
     * An explicit rank.
     *
     * @param rank {@code r >= 1}; the upper bound {@code min(V, d)} is checked by {@link #resolve}
     * @return a {@link Fixed} rule
     * @throws IllegalArgumentException if {@code rank < 1}
     */
    static RankRule rank(int rank) {
        return new Fixed(rank);
    }

    /**
     * The rank that removes a fraction {@code p} of the parameters; see {@link Compression}.
     *
     * @param p the fraction of parameters removed, in {@code [0, 1)}
     * @return a {@link Compression} rule
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     */
    static RankRule compression(double p) {
        return new Compression(p);
    }

    /**
     * The smallest rank keeping a fraction {@code f} of the energy; see {@link Energy}.
     *
     * @param f the fraction of {@code ||E||_F^2} kept, in {@code (0, 1]}
     * @return an {@link Energy} rule
     * @throws IllegalArgumentException if {@code f} is not in {@code (0, 1]}
     */
    static RankRule energy(double f) {
        return new Energy(f);
    }

    /**
     * Whether the rule needs the singular values, not just the shape, to give a rank.
     *
     * @return true for {@link Energy}, false for the rules that {@link #resolve(long, long)} can
     *     answer
     */
    default boolean needsSpectrum() {
        return false;
    }

    /**
     * The rank for a {@code rows x cols} matrix whose shape alone fixes it.
     *
     * @param rows {@code V >= 1}
     * @param cols {@code d >= 1}
     * @return the rank, in {@code [1, min(rows, cols)]}
     * @throws IllegalArgumentException if the shape is not positive, or the rule gives a rank
     *     outside {@code [1, min(rows, cols)]}
     * @throws IllegalStateException if the rule needs the singular values ({@link #needsSpectrum()})
     */
    int resolve(long rows, long cols);

    /**
     * The rank for a {@code rows x cols} matrix with the given leading singular values.
     *
     * @param rows {@code V >= 1}
     * @param cols {@code d >= 1}
     * @param singularValues non-increasing singular values, not modified; for {@link Energy} they
     *     must be all {@code min(rows, cols)} of them (use {@link Energy#resolve(double[], double)}
     *     otherwise); the other rules ignore them
     * @return the rank, in {@code [1, min(rows, cols)]}
     * @throws IllegalArgumentException as {@link #resolve(long, long)}, or if the spectrum is
     *     too short for the rule
     */
    default int resolve(long rows, long cols, double[] singularValues) {
        return resolve(rows, cols);
    }

    /**
     * Short text, as written in provenance.
     *
     * @return {@code rank 64}, {@code compression 0.9} or {@code energy 0.95}
     */
    String describe();

    /**
     * An explicit rank.
     *
     * @param rank at least 1 (the upper bound {@code min(V, d)} is checked by {@link #resolve})
     */
    record Fixed(int rank) implements RankRule {
        /**
         * Validates the rank.
         *
         * @param rank at least 1
         * @throws IllegalArgumentException if {@code rank < 1}
         */
        public Fixed {
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be >= 1, got " + rank);
            }
        }

        @Override
        public int resolve(long rows, long cols) {
            checkShape(rows, cols);
            long max = Math.min(rows, cols);
            if (rank > max) {
                throw new IllegalArgumentException("rank " + rank + " exceeds min(" + rows + ", "
                        + cols + ") = " + max);
            }
            return rank;
        }

        @Override
        public String describe() {
            return "rank " + rank;
        }
    }

    /**
     * A target parameter compression {@code p}: {@code r = min(floor((1 - p) V d / (V + d) + 1e-9),
     * min(V, d))}, so that the {@code V d} parameters of {@code E} become {@code r (V + d)}, at most
     * a fraction {@code 1 - p} of them (Acharya et al., AAAI 2019, section 3). The quotient is
     * computed in double; the {@code 1e-9} keeps a quotient that is an exact integer (such as
     * {@code p = 0.5} on a square matrix) from being rounded below itself by the rounding of
     * {@code 1 - p}, and the cap applies only for {@code p} near 0, where the formula exceeds the
     * largest possible rank.
     *
     * @param compression {@code p} in {@code [0, 1)}
     */
    record Compression(double compression) implements RankRule {
        /**
         * Validates the fraction.
         *
         * @param compression {@code p} in {@code [0, 1)}
         * @throws IllegalArgumentException if {@code compression} is not in {@code [0, 1)}
         */
        public Compression {
            if (!(compression >= 0.0 && compression < 1.0)) {
                throw new IllegalArgumentException("compression must be in [0, 1), got " + compression);
            }
        }

        @Override
        public int resolve(long rows, long cols) {
            checkShape(rows, cols);
            // In double: V d overflows no long here, and the rounding of (1 - p) must not push an
            // exact integer below itself, so a tiny tolerance is added before the floor.
            double exact = (1.0 - compression) * rows * (double) cols / (rows + (double) cols);
            long r = (long) Math.floor(exact + 1e-9);
            if (r < 1) {
                throw new IllegalArgumentException("compression " + compression + " leaves rank 0 for a "
                        + rows + " x " + cols + " matrix");
            }
            return (int) Math.min(r, Math.min(rows, cols));
        }

        @Override
        public String describe() {
            return "compression " + compression;
        }
    }

    /**
     * A kept-energy fraction {@code f}: the smallest {@code r} with
     * {@code sum_{i<=r} s_i^2 >= f sum_i s_i^2}. A zero matrix gives rank 1.
     *
     * @param fraction {@code f} in {@code (0, 1]}
     */
    record Energy(double fraction) implements RankRule {
        /**
         * Validates the fraction.
         *
         * @param fraction {@code f} in {@code (0, 1]}
         * @throws IllegalArgumentException if {@code fraction} is not in {@code (0, 1]}
         */
        public Energy {
            if (!(fraction > 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("energy must be in (0, 1], got " + fraction);
            }
        }

        @Override
        public boolean needsSpectrum() {
            return true;
        }

        @Override
        public int resolve(long rows, long cols) {
            throw new IllegalStateException("the energy rule needs the singular values");
        }

        @Override
        public int resolve(long rows, long cols, double[] singularValues) {
            checkShape(rows, cols);
            long n = Math.min(rows, cols);
            if (singularValues.length != n) {
                throw new IllegalArgumentException("the energy rule needs all " + n
                        + " singular values, got " + singularValues.length);
            }
            double total = 0.0;
            for (double s : singularValues) {
                total += s * s;
            }
            int r = resolve(singularValues, total);
            if (r < 0) {
                throw new AssertionError("cumulative energy never reaches the total");
            }
            return r;
        }

        /**
         * The smallest {@code r} whose leading singular values hold {@code f total}, or -1 if
         * all of {@code leading} hold less. Used when only the leading values are known.
         *
         * @param leading non-increasing leading singular values (each {@code >= 0}), not modified
         * @param total the squared Frobenius norm of the matrix, {@code sum_i s_i^2 >= 0}
         * @return the rank, in {@code [1, leading.length]}, or -1
         */
        public int resolve(double[] leading, double total) {
            double target = fraction * total;
            double cumulative = 0.0;
            for (int i = 0; i < leading.length; i++) {
                cumulative += leading[i] * leading[i];
                if (cumulative >= target) {
                    return i + 1;
                }
            }
            return -1;
        }

        @Override
        public String describe() {
            return "energy " + fraction;
        }
    }

    private static void checkShape(long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix shape must be at least 1 x 1, got " + rows + " x " + cols);
        }
    }
}
