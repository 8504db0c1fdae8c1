package dev.lore.train;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Trainer} run did. The model it trained holds the parameters of epoch
 * {@link #bestEpoch()} (0: the starting point was never beaten on dev).
 *
 * @param history one record per epoch run, in order (epochs 1, 2, ...)
 * @param initialDevAccuracy dev accuracy of the model before training
 * @param bestEpoch the epoch whose parameters were kept, in {@code [0, history.size()]}
 * @param bestDevAccuracy dev accuracy of the kept parameters
 * @param stoppedEarly whether early stopping ended training before the epoch limit
 * @param iterations parameter updates made
 * @param seconds wall time, evaluations included
 */
public record TrainingResult(List<EpochRecord> history, double initialDevAccuracy, int bestEpoch,
        double bestDevAccuracy, boolean stoppedEarly, long iterations, double seconds) {

    /**
     * Validates the values and copies {@code history}.
     *
     * @param history records of epochs 1, 2, ... in order; copied into an unmodifiable list
     * @param initialDevAccuracy in {@code [0, 1]}
     * @param bestEpoch in {@code [0, history.size()]}
     * @param bestDevAccuracy exactly {@code initialDevAccuracy} when {@code bestEpoch} is 0, else the
     *     dev accuracy of record {@code bestEpoch}
     * @param stoppedEarly whether early stopping ended training
     * @param iterations {@code >= 0}
     * @param seconds finite, {@code >= 0}
     * @throws IllegalArgumentException if the values are inconsistent
     * @throws NullPointerException if {@code history} or a record is null
     */
    public TrainingResult {
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).epoch() != i + 1) {
                throw new IllegalArgumentException("history[" + i + "] must be epoch " + (i + 1) + ", got "
                        + history.get(i).epoch());
            }
        }
        if (!(initialDevAccuracy >= 0 && initialDevAccuracy <= 1)) {
            throw new IllegalArgumentException("initialDevAccuracy must be in [0, 1], got " + initialDevAccuracy);
        }
        if (bestEpoch < 0 || bestEpoch > history.size()) {
            throw new IllegalArgumentException("bestEpoch must be in [0, " + history.size() + "], got " + bestEpoch);
        }
        double expected = bestEpoch == 0 ? initialDevAccuracy : history.get(bestEpoch - 1).devAccuracy();
        if (Double.compare(expected, bestDevAccuracy) != 0) {
            throw new IllegalArgumentException("bestDevAccuracy " + bestDevAccuracy + " differs from epoch "
                    + bestEpoch + "'s " + expected);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (!(seconds >= 0 && Double.isFinite(seconds))) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
    }

    /**
     * Number of epochs run.
     *
     * @return {@code history().size()}
     */
    public int epochs() {
        return history.size();
    }
}
