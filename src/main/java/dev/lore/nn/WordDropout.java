package dev.lore.nn;

import java.nio.IntBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Word dropout (Iyyer et al., ACL 2015, section 3.1): each real token of a sequence is dropped
 * with probability {@code q}, independently; if every token of a non-empty sequence is dropped,
 * one of them, chosen uniformly, is kept. The result is a batch of the kept tokens, in their
 * original order and moved to the front, with the kept count as length, so a masked mean over it
 * averages the kept tokens only: {@code x = (1 / |K|) sum_{t in K} E[ids[t]]}. Empty sequences
 * stay empty. Draws come from the generator given at construction: one {@code nextDouble()} per
 * real token, then one {@code nextInt(length)} for a sequence that lost every token.
 *
 * <p>The returned batch and its id array are owned by this object and overwritten by the next
 * call. Not thread-safe.
 */
final class WordDropout {

    private final double q;
    private final SplittableRandom rng;
    private INDArray ids;
    private int[] kept;

    /**
     * @param q drop probability in {@code (0, 1)}
     * @throws IllegalArgumentException if {@code q} is outside {@code (0, 1)}
     */
    WordDropout(double q, SplittableRandom rng) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("word dropout must be in (0, 1), got " + q);
        }
        this.q = q;
        this.rng = rng;
    }

    /**
     * The kept tokens of {@code batch} (not modified), same batch size, padded length and labels.
     *
     * @throws IllegalArgumentException if a real id is outside {@code [0, vocabularySize)} or the
     *     batch is too large for int indexing
     */
    TokenBatch apply(TokenBatch batch, int vocabularySize) {
        ActiveTokens.checkVolume(batch, 1);
        int n = batch.size();
        int seqLen = batch.seqLen();
        int[] all = ActiveTokens.flatIds(batch.ids());
        int[] lengths = batch.lengths();
        if (kept == null || kept.length != n * seqLen) {
            kept = new int[n * seqLen];
        }
        int[] newLengths = new int[n];
        for (int i = 0; i < n; i++) {
            int base = i * seqLen;
            int k = 0;
            for (int t = 0; t < lengths[i]; t++) {
                int id = all[base + t];
                if (id < 0 || id >= vocabularySize) {
                    throw new IllegalArgumentException("ids[" + i + "][" + t + "] must be in [0, "
                            + vocabularySize + "), got " + id);
                }
                if (rng.nextDouble() >= q) {
                    kept[base + k++] = id;
                }
            }
            if (k == 0 && lengths[i] > 0) {
                kept[base + k++] = all[base + rng.nextInt(lengths[i])];
            }
            for (int t = k; t < seqLen; t++) {
                kept[base + t] = 0;
            }
            newLengths[i] = k;
        }
        if (ids == null || ids.rows() != n || ids.columns() != seqLen) {
            ids = Nd4j.create(DataType.INT, n, seqLen);
        }
        IntBuffer dst = ids.data().asNioInt();
        dst.put(0, kept, 0, n * seqLen);
        return new TokenBatch(ids, newLengths, batch.labels());
    }
}
