package dev.lore.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuantizedMatrixTest {

    /** Float rounding allowed on top of half a step, in units of the group's largest magnitude. */
    private static final double FLOAT_ROUNDING = 4 * Math.ulp(1f);

    private static INDArray random(int rows, int cols, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale + (i % 3));
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 15, 16})
    void errorWithinHalfAStepAndCodesInRange(int bits) {
        for (QuantizationScope scope : QuantizationScope.values()) {
            INDArray m = random(37, 23, bits * 31L + scope.ordinal(), 2.5);
            float[] x = m.data().asFloat();
            QuantizedMatrix q = QuantizedMatrix.quantize(m, new QuantizationConfig(bits, scope));
            float[] steps = q.steps();
            float[] offsets = q.offsets();
            for (int i = 0; i < 37; i++) {
                int g = scope == QuantizationScope.ROW ? i : 0;
                // the group's range from the data itself
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                int from = scope == QuantizationScope.ROW ? i * 23 : 0;
                int to = scope == QuantizationScope.ROW ? from + 23 : x.length;
                for (int k = from; k < to; k++) {
                    lo = Math.min(lo, x[k]);
                    hi = Math.max(hi, x[k]);
                }
                assertEquals(lo, offsets[g], 0.0);
                assertEquals((hi - lo) / ((1 << bits) - 1), steps[g], Math.ulp((float) steps[g]));
                double bound = steps[g] / 2 + FLOAT_ROUNDING * Math.max(Math.abs(lo), Math.abs(hi));
                for (int j = 0; j < 23; j++) {
                    int code = q.code(i, j);
                    assertTrue(code >= 0 && code < (1 << bits), "code " + code);
                    assertEquals(offsets[g] + code * steps[g], q.get(i, j), 0.0);
                    assertTrue(Math.abs(x[i * 23 + j] - q.get(i, j)) <= bound,
                            bits + " bits " + scope + ": " + x[i * 23 + j] + " -> " + q.get(i, j));
                }
            }
        }
    }

    @Test
    void extremesMapToTheEndCodes() {
        INDArray m = Nd4j.createFromArray(new float[][] {{-1f, 0f, 2f}});
        QuantizedMatrix q = QuantizedMatrix.quantize(m, QuantizationConfig.perMatrix(2));
        // lo = -1, step = 3 / 3 = 1: codes 0, 1, 3
        assertEquals(0, q.code(0, 0));
        assertEquals(1, q.code(0, 1));
        assertEquals(3, q.code(0, 2));
        assertArrayEquals(new float[] {-1f, 0f, 2f}, q.dequantize().data().asFloat());
    }

    @Test
    void roundsToTheNearestCode() {
        // lo = 0, hi = 1, 1 bit: step 1; 0.4 -> 0, 0.6 -> 1
        QuantizedMatrix q = QuantizedMatrix.quantize(Nd4j.createFromArray(new float[][] {{0f, 0.4f, 0.6f, 1f}}),
                QuantizationConfig.perMatrix(1));
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, q.dequantize().data().asFloat());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 9, 10, 11, 13, 15, 16})
    void packingRoundTripsAcrossWordBoundaries(int bits) {
        // 1 x n with codes 0..2^b-1 repeated: n chosen so codes straddle 64-bit words.
        int n = 3 * 64 + 5;
        int max = (1 << bits) - 1;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7919) % (max + 1);
        }
        v[0] = 0;
        v[1] = max; // fixes lo = 0, step = 1
        QuantizedMatrix q = QuantizedMatrix.quantize(Nd4j.create(v, new long[] {1, n}, DataType.FLOAT),
                QuantizationConfig.perMatrix(bits));
        assertEquals(1f, q.steps()[0]);
        for (int i = 0; i < n; i++) {
            assertEquals((int) v[i], q.code(0, i), "value " + i);
        }
        assertEquals(QuantizedMatrix.packedLength(n, bits), q.packedCodes().length);
        assertEquals((n * (long) bits + 63) / 64, q.packedCodes().length);
    }

    @Test
    void everyBitWidthPacksEveryCode() {
        for (int bits = 1; bits <= 16; bits++) {
            int count = 1 << bits;
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = count - 1 - i;
            }
            QuantizedMatrix q = QuantizedMatrix.quantize(Nd4j.create(v, new long[] {1, count}, DataType.FLOAT),
                    QuantizationConfig.perMatrix(bits));
            for (int i = 0; i < count; i++) {
                assertEquals(count - 1 - i, q.code(0, i), bits + " bits, index " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(QuantizationScope.class)
    void constantRowsAreExact(QuantizationScope scope) {
        INDArray m = Nd4j.createFromArray(new float[][] {{2.5f, 2.5f, 2.5f}, {-1f, -1f, -1f}});
        QuantizedMatrix q = QuantizedMatrix.quantize(m, new QuantizationConfig(4, scope));
        if (scope == QuantizationScope.ROW) {
            assertArrayEquals(new float[] {0f, 0f}, q.steps());
            assertArrayEquals(m.data().asFloat(), q.dequantize().data().asFloat());
        } else {
            assertEquals(3.5f / 15, q.steps()[0], 1e-7f);
        }
        QuantizedMatrix constant = QuantizedMatrix.quantize(Nd4j.valueArrayOf(new long[] {3, 4}, 7f),
                new QuantizationConfig(3, scope));
        assertEquals(0f, constant.maxStep());
        assertArrayEquals(Nd4j.valueArrayOf(new long[] {3, 4}, 7f).data().asFloat(),
                constant.dequantize().data().asFloat());
    }

    @Test
    void oneByOne() {
        QuantizedMatrix q = QuantizedMatrix.quantize(Nd4j.createFromArray(new float[][] {{-4.25f}}),
                QuantizationConfig.perRow(8));
        assertEquals(-4.25f, q.get(0, 0));
        assertEquals(0, q.code(0, 0));
        assertEquals(1 + 8, q.storageBytes()); // one byte of code, two floats
    }

    @Test
    void nonFiniteValuesAreRejected() {
        INDArray m = Nd4j.createFromArray(new float[][] {{1f, Float.NaN}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantizedMatrix.quantize(m, QuantizationConfig.perRow(8)));
        assertEquals("matrix[0][1] must be finite, got NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.quantize(
                Nd4j.createFromArray(new float[][] {{Float.NEGATIVE_INFINITY}}), QuantizationConfig.perRow(8)));
    }

    @Test
    void inputIsNotModifiedAndOtherTypesAreRead() {
        INDArray m = random(5, 4, 3, 1.0).castTo(DataType.DOUBLE);
        INDArray copy = m.dup();
        QuantizedMatrix q = QuantizedMatrix.quantize(m, QuantizationConfig.perRow(16));
        assertEquals(copy, m);
        assertEquals(5, q.rows());
        assertEquals(4, q.columns());
    }

    @Test
    void storageBytesCountCodesAndRanges() {
        QuantizedMatrix row = QuantizedMatrix.quantize(random(10, 9, 1, 1), QuantizationConfig.perRow(3));
        assertEquals((10 * 9 * 3 + 7) / 8 + 8 * 10, row.storageBytes());
        QuantizedMatrix matrix = QuantizedMatrix.quantize(random(10, 9, 1, 1), QuantizationConfig.perMatrix(3));
        assertEquals((10 * 9 * 3 + 7) / 8 + 8, matrix.storageBytes());
    }

    @Test
    void fromPartsRoundTripsAndValidates() {
        QuantizedMatrix q = QuantizedMatrix.quantize(random(6, 5, 9, 1), QuantizationConfig.perRow(5));
        QuantizedMatrix back = QuantizedMatrix.fromParts(6, 5, q.config(), q.offsets(), q.steps(), q.packedCodes());
        assertEquals(q, back);
        assertEquals(q.hashCode(), back.hashCode());
        assertArrayEquals(q.dequantize().data().asFloat(), back.dequantize().data().asFloat());

        QuantizationConfig c = q.config();
        float[] off = q.offsets();
        float[] st = q.steps();
        long[] p = q.packedCodes();
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.fromParts(0, 5, c, off, st, p));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.fromParts(6, 5, c, new float[5], st, p));
        assertThrows(IllegalArgumentException.class,
                () -> QuantizedMatrix.fromParts(6, 5, c, off, st, new long[p.length + 1]));
        float[] negative = st.clone();
        negative[2] = -1f;
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.fromParts(6, 5, c, off, negative, p));
        float[] nan = off.clone();
        nan[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.fromParts(6, 5, c, nan, st, p));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.fromParts(6, 5,
                QuantizationConfig.perMatrix(5), off, st, p));
    }

    @Test
    void fromPartsCopiesItsArrays() {
        QuantizedMatrix q = QuantizedMatrix.quantize(random(2, 3, 4, 1), QuantizationConfig.perMatrix(8));
        long[] p = q.packedCodes();
        QuantizedMatrix back = QuantizedMatrix.fromParts(2, 3, q.config(), q.offsets(), q.steps(), p);
        p[0] = ~p[0];
        assertEquals(q, back);
        assertNotEquals(q, QuantizedMatrix.fromParts(2, 3, q.config(), q.offsets(), q.steps(), p));
    }

    @Test
    void dequantizeRowChecksBounds() {
        QuantizedMatrix q = QuantizedMatrix.quantize(random(3, 4, 5, 1), QuantizationConfig.perRow(8));
        assertThrows(IndexOutOfBoundsException.class, () -> q.dequantizeRow(3, new float[4], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> q.dequantizeRow(0, new float[4], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> q.code(0, 4));
    }

    @Test
    void moreBitsNeverIncreaseTheError() {
        INDArray m = random(50, 20, 77, 3);
        double previous = Double.MAX_VALUE;
        for (int bits = 1; bits <= 16; bits++) {
            QuantizationReport r = QuantizationReport.measure(m, QuantizedMatrix.quantize(m, QuantizationConfig.perRow(bits)));
            assertTrue(r.relativeError() <= previous, bits + " bits");
            previous = r.relativeError();
        }
        assertTrue(previous < 1e-4);
    }

    @Test
    void hugeRangesAreRejectedRatherThanGivingInfiniteSteps() {
        INDArray m = Nd4j.createFromArray(new float[][] {{-3e38f, 3e38f}});
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.quantize(m, QuantizationConfig.perRow(1)));
    }

    @Test
    void partsThatWouldDequantizeToInfinityAreRejectedAsQuantizeRejectsThem() {
        QuantizationConfig config = QuantizationConfig.perMatrix(8);
        long[] codes = new long[QuantizedMatrix.packedLength(2, 8)];
        codes[0] = 0xFFFFL; // both codes 255
        // offset and step finite, but 1e38 + 255 * 1e37 overflows float
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantizedMatrix.fromParts(1, 2, config, new float[] {1e38f}, new float[] {1e37f}, codes));
        assertTrue(e.getMessage().contains("outside the float range"), e.getMessage());
        QuantizedMatrix ok = QuantizedMatrix.fromParts(1, 2, config, new float[] {1f}, new float[] {0.5f}, codes);
        assertEquals(1f + 255 * 0.5f, ok.get(0, 1));
    }
}
