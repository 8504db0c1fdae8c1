package dev.lore;

/**
 * Derived seeds: one user seed gives independent streams for the stages that draw random numbers
 * (vocabulary vectors, mini-batch order, fine-tuning), so nearby seeds and stages do not give
 * correlated streams. Stateless and thread-safe.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * The SplitMix64 finalizer (Steele, Lea and Flood, OOPSLA 2014):
     * {@code z ^= z >>> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >>> 27; z *= 0x94d049bb133111eb;
     * z ^= z >>> 31}, a bijection on 64-bit values.
     *
     * @param z any value, e.g. a user seed plus a per-stage constant
     * @return the mixed value; distinct inputs give distinct outputs
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
