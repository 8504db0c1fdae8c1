package dev.lore.compress;

import dev.lore.linalg.GramSpectrum;
import dev.lore.linalg.RowProjector;
import java.util.Arrays;
import java.util.Objects;

/**
 * The two factors of {@code E ~ A B} that a {@link GramSpectrum} fixes before the second pass: the
 * {@link RowProjector} that maps rows of {@code E} to rows of {@code A}, and {@code B} itself, with
 * the singular values placed as a {@link Placement} says. With {@code s_j} the kept singular values
 * and {@code W = V_r} in float: {@code A = (float) ((float) (E W / s) * leftScale(s))} and
 * {@code B_ji = (float) (W_ij * rightScale(s_j))}, the roundings of {@link EmbeddingCompressor}.
 *
 * <p>Immutable and thread-safe.
 */
public final class GramFactors {

    private final RowProjector projector;
    private final float[] b;
    private final double[] kept;
    private final int rank;
    private final int dimension;

    private GramFactors(RowProjector projector, float[] b, double[] kept, int rank, int dimension) {
        this.projector = projector;
        this.b = b;
        this.kept = kept;
        this.rank = rank;
        this.dimension = dimension;
    }

    /**
     * The factors of rank {@code r}.
     *
     * @param spectrum the spectrum of {@code E}, not null
     * @param rank {@code r} in {@code [1, min(V, d)]}
     * @param placement where the singular values go, not null
     * @return the factors
     * @throws IllegalArgumentException if {@code rank} is out of range
     * @throws NullPointerException if an argument is null
     */
    public static GramFactors of(GramSpectrum spectrum, int rank, Placement placement) {
        Objects.requireNonNull(spectrum, "spectrum");
        Objects.requireNonNull(placement, "placement");
        int d = spectrum.dimension();
        float[] w = spectrum.rightVectors(rank);
        double[] s = Arrays.copyOf(spectrum.singularValues(), rank);
        double[] inverse = new double[rank];
        double[] left = new double[rank];
        boolean identity = true;
        for (int j = 0; j < rank; j++) {
            inverse[j] = s[j] > 0.0 ? 1.0 / s[j] : 0.0;
            left[j] = placement.leftScale(s[j]);
            identity &= left[j] == 1.0;
        }
        RowProjector p = RowProjector.of(w, d, rank).scaled(inverse);
        if (!identity) {
            p = p.scaled(left);
        }
        float[] b = new float[rank * d];
        for (int j = 0; j < rank; j++) {
            double f = placement.rightScale(s[j]);
            for (int i = 0; i < d; i++) {
                b[j * d + i] = f == 1.0 ? w[i * rank + j] : (float) (w[i * rank + j] * f);
            }
        }
        return new GramFactors(p, b, s, rank, d);
    }

    /**
     * Maps rows of {@code E} to rows of {@code A}.
     *
     * @return the projector, {@code d -> r}
     */
    public RowProjector projector() {
        return projector;
    }

    /**
     * The factor {@code B}.
     *
     * @return a new {@code r x d} row-major array
     */
    public float[] b() {
        return b.clone();
    }

    /**
     * The kept singular values {@code s_1 .. s_r}.
     *
     * @return a new array of {@code r} values
     */
    public double[] keptSingularValues() {
        return kept.clone();
    }

    /**
     * The rank.
     *
     * @return {@code r >= 1}
     */
    public int rank() {
        return rank;
    }

    /**
     * The columns of {@code E}.
     *
     * @return {@code d >= 1}
     */
    public int dimension() {
        return dimension;
    }

    /** Shape; never the values. */
    @Override
    public String toString() {
        return "GramFactors[rank " + rank + ", d=" + dimension + "]";
    }
}
