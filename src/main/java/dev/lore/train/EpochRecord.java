package dev.lore.train;

/**
 * One epoch of a {@link Trainer} run.
 *
 * @param epoch the epoch, from 1 (0 stands for the model before training)
 * @param trainLoss mean cross-entropy over the epoch's training examples, each batch's mean loss
 *     weighted by its size, computed during the epoch (with dropout, as the parameters moved)
 * @param learningRate the rate of the epoch's last update
 * @param devAccuracy dev accuracy after the epoch, in {@code [0, 1]}
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochRecord(int epoch, double trainLoss, double learningRate, double devAccuracy, double seconds) {

    /**
     * Validates the values.
     *
     * @param epoch {@code >= 1}
     * @param trainLoss finite, {@code >= 0}
     * @param learningRate finite, {@code >= 0}
     * @param devAccuracy in {@code [0, 1]}
     * @param seconds finite, {@code >= 0}
     * @throws IllegalArgumentException if a value is out of range or not finite
     */
    public EpochRecord {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
        }
        if (!(trainLoss >= 0 && Double.isFinite(trainLoss))) {
            throw new IllegalArgumentException("trainLoss must be finite and >= 0, got " + trainLoss);
        }
        if (!(learningRate >= 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be finite and >= 0, got " + learningRate);
        }
        if (!(devAccuracy >= 0 && devAccuracy <= 1)) {
            throw new IllegalArgumentException("devAccuracy must be in [0, 1], got " + devAccuracy);
        }
        if (!(seconds >= 0 && Double.isFinite(seconds))) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
    }
}
