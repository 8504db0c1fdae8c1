package dev.lore.nn;

/**
 * Fast float {@code tanh} and logistic sigmoid for the LSTM gates.
 *
 * <p>{@code tanh} is a [13/6] rational minimax approximation on {@code [-7.9053, 7.9053]}
 * (outside, the input is clamped, where tanh is 1 to within float precision), the form used by
 * Eigen and XLA for float tanh. Measured absolute and relative error against
 * {@code Math.tanh}: below 4e-7 over {@code [-20, 20]} (FloatMathTest). It is pure arithmetic, so
 * loops of it vectorize; {@code Math.tanh} costs about 47 ns here and this about 1 ns.
 * {@code sigmoid(x) = (1 + tanh(x / 2)) / 2}, absolute error below 2e-7.
 */
final class FloatMath {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FloatMath() {
    }

    static float tanh(float x) {
        float y = Math.max(-CLAMP, Math.min(CLAMP, x));
        float y2 = y * y;
        float p = y2 * A13 + A11;
        p = p * y2 + A9;
        p = p * y2 + A7;
        p = p * y2 + A5;
        p = p * y2 + A3;
        p = p * y2 + A1;
        p = p * y;
        float q = y2 * B6 + B4;
        q = q * y2 + B2;
        q = q * y2 + B0;
        return p / q;
    }

    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
