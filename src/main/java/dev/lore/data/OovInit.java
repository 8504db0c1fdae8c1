package dev.lore.data;

/**
 * How vectors are drawn for vocabulary words without a pretrained vector (and for UNK): each
 * component independently from the uniform distribution {@code U[-a, a]}.
 */
public sealed interface OovInit {

    /**
     * The scale {@code a}: for {@link MatchVariance}, {@code a = sqrt(3 * s2)} where {@code s2} is the
     * mean over dimensions {@code j} of the population variance of column {@code j} of the
     * pretrained vectors copied into the model ({@code U[-a, a]} has variance {@code a^2 / 3}).
     *
     * @param meanColumnVariance {@code s2}; used only by {@link MatchVariance}
     * @return the half-width {@code a}
     */
    double scale(double meanColumnVariance);

    /**
     * Kim (2014)'s rule ("variance of the unknown vectors the same as the pre-trained ones"),
     * computed from the vectors at hand instead of his fixed 0.25 (which fits word2vec 300d, not
     * GloVe 100d). The default.
     */
    record MatchVariance() implements OovInit {
        @Override
        public double scale(double meanColumnVariance) {
            return Math.sqrt(3.0 * meanColumnVariance);
        }
    }

    /**
     * A fixed scale; Kim's code uses {@code 0.25}.
     *
     * @param a the half-width, finite, in {@code (0, 100]}
     */
    record Uniform(double a) implements OovInit {
        /**
         * Validates the half-width.
         *
         * @param a in {@code (0, 100]}
         * @throws IllegalArgumentException unless {@code 0 < a <= 100}
         */
        public Uniform {
            if (!(a > 0 && a <= 100)) {
                throw new IllegalArgumentException("a must be in (0, 100], got " + a);
            }
        }

        @Override
        public double scale(double meanColumnVariance) {
            return a;
        }
    }

    /**
     * Kim's variance-matching rule, the default.
     *
     * @return a {@link MatchVariance}
     */
    static OovInit matchVariance() {
        return new MatchVariance();
    }

    /**
     * A fixed half-width.
     *
     * @param a the half-width, in {@code (0, 100]}
     * @return a {@link Uniform}
     * @throws IllegalArgumentException unless {@code 0 < a <= 100}
     */
    static OovInit uniform(double a) {
        return new Uniform(a);
    }
}
