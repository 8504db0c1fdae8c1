package dev.lore.nn;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The real (non-padding) positions of a {@link TokenBatch}, enumerated sequence by sequence:
 * token {@code k} is position {@code position(k)} of sequence {@code sequence(k)} and has id
 * {@code id(k)}. Padding ids are never read, so they need not even be valid ids.
 */
final class ActiveTokens {

    final int batch;
    final int seqLen;
    final int[] lengths;
    /** Token {@code k} of sequence {@code i} is {@code start[i] + t}; {@code start[batch]} = count. */
    final int[] start;
    final int[] ids;
    final int count;

    private ActiveTokens(int batch, int seqLen, int[] lengths, int[] start, int[] ids) {
        this.batch = batch;
        this.seqLen = seqLen;
        this.lengths = lengths;
        this.start = start;
        this.ids = ids;
        this.count = start[batch];
    }

    /**
     * @throws IllegalArgumentException if a non-padding id is outside {@code [0, vocabularySize)}
     */
    static ActiveTokens of(TokenBatch batch, int vocabularySize) {
        Objects.requireNonNull(batch, "batch");
        checkVolume(batch, 1);
        int n = batch.size();
        int seqLen = batch.seqLen();
        int[] all = flatIds(batch.ids());
        int[] lengths = batch.lengths().clone();
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + lengths[i];
        }
        int[] ids = new int[start[n]];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < lengths[i]; t++) {
                int id = all[i * seqLen + t];
                if (id < 0 || id >= vocabularySize) {
                    throw new IllegalArgumentException("ids[" + i + "][" + t + "] must be in [0, "
                            + vocabularySize + "), got " + id);
                }
                ids[start[i] + t] = id;
            }
        }
        return new ActiveTokens(n, seqLen, lengths, start, ids);
    }

    /** The ids of a batch as a row-major copy (or a view of a plain 'c' array's data). */
    static int[] flatIds(INDArray ids) {
        boolean plain = !ids.isView() && ids.ordering() == 'c' && ids.offset() == 0
                && ids.data().length() == ids.length();
        return (plain ? ids : ids.dup('c')).data().asInt();
    }

    /**
     * Checks that {@code batch x seqLen x width} floats fit the int-indexed buffers used here.
     *
     * @throws IllegalArgumentException if they exceed {@code 2^31 - 1}
     */
    static void checkVolume(TokenBatch batch, int width) {
        long volume = (long) batch.size() * batch.seqLen() * width;
        if (volume > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch x seqLen x " + width + " = " + volume
                    + " values exceeds 2^31-1; use smaller batches");
        }
    }

    /** Position in the padded {@code [batch, seqLen]} layout of token {@code t} of sequence {@code i}. */
    int flatPosition(int i, int t) {
        return i * seqLen + t;
    }
}
