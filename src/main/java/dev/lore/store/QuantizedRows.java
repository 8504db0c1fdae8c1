package dev.lore.store;

import java.nio.LongBuffer;
import java.util.Objects;

/**
 * Quantized rows whose packed codes stay in {@link LongBuffer}s (memory-mapped), decoded on
 * demand exactly as {@link dev.lore.quant.QuantizedMatrix#dequantizeRow} decodes them: value
 * {@code (row, col)} is {@code offset[g] + code * step[g]} in float, {@code g} the row for per-row
 * scope, else 0; code {@code i = row * cols + col} occupies bits {@code [i bits, (i + 1) bits)} of
 * the little-endian sequence of longs. Immutable, safe to read from many threads.
 */
final class QuantizedRows implements Rows {

    /** Longs per buffer: 2^27 (1 GiB), below the 2 GiB limit of one mapping. */
    static final int LONGS_PER_CHUNK_SHIFT = 27;

    private final LongBuffer[] chunks;
    private final int rows;
    private final int cols;
    private final int bits;
    private final boolean perRow;
    private final float[] offsets;
    private final float[] steps;

    QuantizedRows(LongBuffer[] chunks, int rows, int cols, int bits, boolean perRow, float[] offsets, float[] steps) {
        this.chunks = chunks.clone();
        this.rows = rows;
        this.cols = cols;
        this.bits = bits;
        this.perRow = perRow;
        this.offsets = offsets.clone();
        this.steps = steps.clone();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return cols;
    }

    @Override
    public void read(int first, int count, float[] dst, int offset) {
        Objects.checkFromIndexSize(first, count, rows);
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, cols), dst.length);
        long mask = (1L << bits) - 1;
        for (int r = first; r < first + count; r++) {
            int g = perRow ? r : 0;
            float lo = offsets[g];
            float step = steps[g];
            long bit = (long) r * cols * bits;
            for (int c = 0; c < cols; c++, bit += bits) {
                long word = bit >>> 6;
                int shift = (int) (bit & 63);
                long v = word(word) >>> shift;
                if (shift + bits > 64) {
                    v |= word(word + 1) << (64 - shift);
                }
                dst[offset++] = lo + (int) (v & mask) * step;
            }
        }
    }

    private long word(long index) {
        return chunks[(int) (index >>> LONGS_PER_CHUNK_SHIFT)].get((int) (index & ((1 << LONGS_PER_CHUNK_SHIFT) - 1)));
    }

    @Override
    public long heapBytes() {
        return 8L * offsets.length;
    }
}
