package dev.lore.train;

import dev.lore.ProgressListener;
import dev.lore.data.EncodedSplit;
import dev.lore.data.MiniBatches;
import dev.lore.nn.AdamOptimizer;
import dev.lore.nn.Optimizer;
import dev.lore.nn.Parameter;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.schedule.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: mini-batch Adam on the mean cross-entropy, dev accuracy after every epoch,
 * the best-on-dev parameters kept, early stopping.
 *
 * <p>One run, for {@code K = ceil(n / batchSize)} batches per epoch:
 * <ol>
 *   <li>evaluate the model on dev (epoch 0, the starting point) and snapshot its parameters;
 *   <li>for each epoch {@code e = 0, 1, ...}: set the optimizer's epoch to {@code e}, and for each
 *       batch of {@link MiniBatches#shuffled}{@code (train, config.batches(), e)}:
 *       {@link TextClassifier#computeGradients}, then one Adam step at rate
 *       {@code schedule.valueAt(iteration, e)} (the iteration runs on across epochs);
 *   <li>evaluate on dev; if the accuracy is strictly higher than the best so far, snapshot the
 *       parameters; stop after {@code patience} epochs in a row without such an improvement or
 *       after {@code maxEpochs};
 *   <li>write the best snapshot back into the model (ties keep the earlier epoch).
 * </ol>
 * A fresh {@link AdamOptimizer} (zero moments) steps every parameter that is trainable; frozen
 * parameters are neither updated nor changed by the restore. The test split is never seen here.
 *
 * <p>Determinism: the batch order depends on (seed, epoch) only, the models and Adam are
 * deterministic, so the same model, data and configuration give bit-identical parameters and
 * history on the same machine.
 *
 * <p>Reports progress as one task ({@code maxEpochs K} iterations, unit {@code it}) with the
 * loss, rate and dev accuracy as detail, and logs one INFO line per epoch.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final long PROGRESS_NANOS = 100_000_000L;

    private Trainer() {}

    /**
     * {@link #train(String, TextClassifier, EncodedSplit, EncodedSplit, TrainerConfig, ProgressListener)}
     * named "training", with no progress reports.
     *
     * @param model the model, trained in place
     * @param train the training split
     * @param dev the development split, for model selection and early stopping
     * @param config batches, epochs, patience, schedule, Adam and seed
     * @return the history and the epoch kept
     * @throws IllegalArgumentException as the full method
     * @throws IllegalStateException if training diverged, as the full method
     */
    public static TrainingResult train(TextClassifier model, EncodedSplit train, EncodedSplit dev,
            TrainerConfig config) {
        return train("training", model, train, dev, config, ProgressListener.none());
    }

    /**
     * {@link #train(String, TextClassifier, EncodedSplit, EncodedSplit, TrainerConfig, ProgressListener)} named "training".
     *
     * @param model the model, trained in place
     * @param train the training split
     * @param dev the development split, for model selection and early stopping
     * @param config batches, epochs, patience, schedule, Adam and seed
     * @param progress receives one task of {@code maxEpochs K} iterations
     * @return the history and the epoch kept
     * @throws IllegalArgumentException as the full method
     * @throws IllegalStateException if training diverged, as the full method
     */
    public static TrainingResult train(TextClassifier model, EncodedSplit train, EncodedSplit dev,
            TrainerConfig config, ProgressListener progress) {
        return train("training", model, train, dev, config, progress);
    }

    /**
     * Trains {@code model} in place and leaves it holding its best-on-dev parameters; its mode
     * ({@link TextClassifier#isTraining}) is restored at the end.
     *
     * @param task name shown in progress and log lines
     * @param model the model, trained in place: its trainable parameters end at their best-on-dev
     *     values
     * @param train the training split, not modified
     * @param dev the development split, not modified; evaluated before training and after each
     *     epoch
     * @param config batches, epochs, patience, schedule, Adam and seed
     * @param progress receives one task of {@code maxEpochs K} iterations
     * @return the history, the epoch kept and its dev accuracy, the number of updates and the time
     * @throws IllegalArgumentException if the model has no trainable parameter, or a label is not
     *     one of its classes
     * @throws IllegalStateException if a batch's loss is NaN or infinite (training diverged; the
     *     model is then restored to its best snapshot before the exception is thrown)
     */
    public static TrainingResult train(String task, TextClassifier model, EncodedSplit train,
            EncodedSplit dev, TrainerConfig config, ProgressListener progress) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(progress, "progress");
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (p.isTrainable()) {
                trainable.add(p);
            }
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("the model has no trainable parameter");
        }
        int perEpoch = MiniBatches.shuffled(train, config.batches(), 0).size();
        LearningRateSchedule schedule = config.schedule().resolve(perEpoch);
        Optimizer optimizer = AdamOptimizer.create(trainable, config.adam(), schedule);
        boolean wasTraining = model.isTraining();
        long start = System.nanoTime();
        Run run = new Run(task, model, train, dev, config, schedule, optimizer, progress, perEpoch);
        progress.start(task, Math.multiplyExact((long) config.maxEpochs(), perEpoch), "it");
        try {
            run.loop();
        } finally {
            run.best.restore();
            model.setTraining(wasTraining);
            progress.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingResult(run.history, run.initialDev, run.bestEpoch, run.bestDev, run.stoppedEarly,
                optimizer.iteration(), seconds);
    }

    /** The state of one run. */
    private static final class Run {
        final String task;
        final TextClassifier model;
        final EncodedSplit train;
        final EncodedSplit dev;
        final TrainerConfig config;
        final LearningRateSchedule schedule;
        final Optimizer optimizer;
        final ProgressListener progress;
        final int perEpoch;
        final List<EpochRecord> history = new ArrayList<>();
        final double initialDev;
        final ParameterSnapshot best;
        double bestDev;
        int bestEpoch;
        boolean stoppedEarly;
        long lastReport;

        Run(String task, TextClassifier model, EncodedSplit train, EncodedSplit dev, TrainerConfig config,
                LearningRateSchedule schedule, Optimizer optimizer, ProgressListener progress, int perEpoch) {
            this.task = task;
            this.model = model;
            this.train = train;
            this.dev = dev;
            this.config = config;
            this.schedule = schedule;
            this.optimizer = optimizer;
            this.progress = progress;
            this.perEpoch = perEpoch;
            this.initialDev = Evaluation.accuracy(model, dev);
            this.best = ParameterSnapshot.of(model.parameters());
            this.bestDev = initialDev;
        }

        void loop() {
            int sinceBest = 0;
            for (int e = 0; e < config.maxEpochs(); e++) {
                long epochStart = System.nanoTime();
                double[] lossAndRate = epoch(e);
                double acc = Evaluation.accuracy(model, dev);
                if (acc > bestDev) {
                    bestDev = acc;
                    bestEpoch = e + 1;
                    best.capture();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                history.add(new EpochRecord(e + 1, lossAndRate[0], lossAndRate[1], acc, seconds));
                if (LOG.isInfoEnabled()) {
                    LOG.info(String.format(Locale.ROOT, "%s: epoch %d/%d loss %.4f lr %.3g dev %.4f (best %.4f at"
                            + " epoch %d) %.2f s", task, e + 1, config.maxEpochs(), lossAndRate[0], lossAndRate[1],
                            acc, bestDev, bestEpoch, seconds));
                }
                progress.update((long) (e + 1) * perEpoch, detail(e, lossAndRate[0], lossAndRate[1], acc));
                if (sinceBest >= config.patience() && e + 1 < config.maxEpochs()) {
                    stoppedEarly = true;
                    LOG.info("{}: no dev improvement for {} epochs, stopping; keeping epoch {}", task, sinceBest,
                            bestEpoch);
                    break;
                }
            }
        }

        /** One pass over the training split; returns {mean loss, last learning rate}. */
        double[] epoch(int e) {
            model.setTraining(true);
            optimizer.setEpoch(e);
            MiniBatches batches = MiniBatches.shuffled(train, config.batches(), e);
            TokenBatch buffer = null;
            double lossSum = 0;
            double rate = 0;
            for (int b = 0; b < batches.size(); b++) {
                buffer = batches.batch(b, buffer);
                double loss = model.computeGradients(buffer);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "%s diverged: loss %s at epoch %d, iteration %d (learning rate %s); lower the"
                                    + " learning rate", task, loss, e + 1, optimizer.iteration(),
                            schedule.valueAt(optimizer.iteration(), e)));
                }
                rate = schedule.valueAt(optimizer.iteration(), e);
                optimizer.step();
                lossSum += loss * buffer.size();
                long now = System.nanoTime();
                if (now - lastReport > PROGRESS_NANOS) {
                    lastReport = now;
                    progress.update((long) e * perEpoch + b + 1,
                            String.format(Locale.ROOT, "epoch %d loss %.4f lr %.2e", e + 1, loss, rate));
                }
            }
            return new double[] {lossSum / batches.examples(), rate};
        }

        String detail(int e, double loss, double rate, double acc) {
            return String.format(Locale.ROOT, "epoch %d loss %.4f lr %.2e dev %.4f best %.4f", e + 1, loss, rate,
                    acc, bestDev);
        }
    }
}
