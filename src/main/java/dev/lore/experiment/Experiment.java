package dev.lore.experiment;

import dev.lore.ProgressListener;
import dev.lore.Seeds;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.data.EncodedDataset;
import dev.lore.data.MiniBatches;
import dev.lore.io.Vocabulary;
import dev.lore.model.ModelFile;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.QuantizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.quant.QuantizationConfig;
import dev.lore.train.CompressedModel;
import dev.lore.train.Evaluation;
import dev.lore.train.OnlineCompression;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.Trainer;
import dev.lore.train.TrainerConfig;
import dev.lore.train.TrainingResult;
import dev.lore.nn.ProductQuantizedEmbedding;
import dev.lore.nn.PrunedEmbedding;
import dev.lore.train.CodedCompression;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExperimentPlan} on one encoded dataset. For each seed {@code s}:
 * <ol>
 *   <li>if any method needs it, build the full model over the initial embedding (model seed
 *       {@code s}) and pre-train it ({@link ExperimentPlan#pretraining}, batch seed {@code s});
 *   <li>for each compression {@code p}: {@code svd} factorizes the pre-trained embedding and
 *       evaluates; {@code online} fine-tunes that factorized model, once per schedule;
 *       {@code quantized} and {@code quantized-ft} do the same with a {@code b}-bit copy
 *       ({@code b = QuantizationConfig.bitsForCompression(p)}); {@code offline} factorizes the
 *       initial embedding and trains the factorized model (model seed {@code s}) from scratch with
 *       {@link ExperimentPlan#offlineTraining} (the epochs of both phases);
 *   <li>{@code none} trains the pre-trained full model on with the fine-tuning configuration, once
 *       per schedule: the same total budget as {@code online}.
 * </ol>
 * Every fine-tuning phase shuffles its batches with seed {@link #fineTuningSeed(long)}, so it does
 * not replay the pre-training order. Each method's fine-tuning starts from its own copy of the
 * pre-trained parameters. Models are selected on dev only; test accuracy is measured once per
 * final model. The vocabulary and initial embedding are the dataset's, shared by all seeds.
 */
public final class Experiment {

    private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);

    /** Receives results as they are produced (e.g. to write them to disk incrementally). */
    public interface Listener {
        /**
         * A row is complete.
         *
         * @param result the row, also in the list {@link Experiment#run} returns
         */
        default void onRun(RunResult result) {}

        /**
         * A training phase has ended.
         *
         * @param record the phase's identification and its trainer's result
         */
        default void onTraining(TrainingRecord record) {}

        /**
         * The final model of a row, called before {@link #onRun}; it is discarded afterwards unless
         * the listener keeps it (e.g. saves it with {@link ModelFile}).
         *
         * @param result the row the model produced
         * @param model the final model, which the experiment does not use again
         */
        default void onModel(RunResult result, TextClassifier model) {}
    }

    private final String dataset;
    private final EncodedDataset data;
    private final ExperimentPlan plan;
    private final Listener listener;
    private final ProgressListener progress;
    private final List<RunResult> results = new ArrayList<>();
    private final Vocabulary vocabulary;
    private final int classes;

    private Experiment(String dataset, EncodedDataset data, ExperimentPlan plan, Listener listener,
            ProgressListener progress) {
        this.dataset = dataset;
        this.data = data;
        this.plan = plan;
        this.listener = listener;
        this.progress = progress;
        this.vocabulary = data.vocabulary().words();
        this.classes = data.labels().size();
    }

    /**
     * {@link #run(String, EncodedDataset, ExperimentPlan, Listener, ProgressListener)} with no progress reports.
     *
     * @param dataset the dataset's name, recorded in every row
     * @param data the encoded dataset, not modified
     * @param plan the grid to run
     * @param listener receives rows, training phases and final models as they are produced
     * @return an unmodifiable list of the rows, in the order they were produced
     * @throws IllegalArgumentException if a compression leaves rank 0 for this embedding
     */
    public static List<RunResult> run(String dataset, EncodedDataset data, ExperimentPlan plan, Listener listener) {
        return run(dataset, data, plan, listener, ProgressListener.none());
    }

    /**
     * Runs every run of {@code plan} on {@code data} and returns the rows in the order they were
     * produced.
     *
     * @param dataset the dataset's name, recorded in every row
     * @param data the encoded dataset, not modified (each model trains its own copy of the initial
     *     embedding)
     * @param plan the grid to run
     * @param listener receives rows, training phases and final models as they are produced
     * @param progress receives each training phase as a task
     * @return an unmodifiable list of the rows, in the order they were produced
     * @throws IllegalArgumentException if a compression leaves rank 0 for this embedding
     * @throws NullPointerException if an argument is null
     */
    public static List<RunResult> run(String dataset, EncodedDataset data, ExperimentPlan plan, Listener listener,
            ProgressListener progress) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(progress, "progress");
        int v = data.vocabulary().size();
        int d = data.vocabulary().initialVectors().dimension();
        for (double p : plan.compressions()) {
            if (plan.methods().stream().anyMatch(m -> m == Method.ONLINE || m == Method.SVD || m == Method.OFFLINE)) {
                OnlineCompression.spec(p, plan.placement()).rank().resolve(v, d);
            }
        }
        Experiment e = new Experiment(dataset, data, plan, listener, progress);
        for (long seed : plan.seeds()) {
            e.runSeed(seed);
        }
        return List.copyOf(e.results);
    }

    /**
     * The batch seed of every fine-tuning phase of a run with seed {@code seed}.
     *
     * @param seed the run's seed
     * @return {@link Seeds#mix64}{@code (seed)}
     */
    public static long fineTuningSeed(long seed) {
        return Seeds.mix64(seed);
    }

    private void runSeed(long seed) {
        TextClassifier pretrained = null;
        TrainingResult pre = null;
        if (plan.methods().stream().anyMatch(Method::needsPretraining)) {
            pretrained = plan.architecture().create(FullEmbedding.of(data.vocabulary().initialVectors()), classes, seed);
            TrainerConfig config = plan.pretraining().withSeed(seed);
            pre = train("pre-training", seed, 0, pretrained, config);
        }
        for (double p : plan.compressions()) {
            if (has(Method.SVD) || has(Method.ONLINE)) {
                factorized(seed, p, pretrained, pre);
            }
            if (has(Method.QUANTIZED) || has(Method.QUANTIZED_FT)) {
                quantized(seed, p, pretrained, pre);
            }
            if (has(Method.OFFLINE)) {
                offline(seed, p);
            }
        }
        for (double ratio : plan.ratios()) {
            atRatio(seed, ratio, pretrained, pre);
        }
        if (has(Method.NONE)) {
            for (ScheduleSpec s : plan.schedules()) {
                TextClassifier m = pretrained.withEmbedding(FullEmbedding.of(pretrained.embedding().toMatrix()));
                TrainingResult r = train(Method.NONE.label(), seed, 0, m, fineTuning(s, seed));
                long params = (long) vocabulary.size() * dimension();
                record(Method.NONE, 0, 0, 32, seed, s.label(), params, 4 * params, 0, m, pre, r);
            }
        }
    }

    private void factorized(long seed, double p, TextClassifier pretrained, TrainingResult pre) {
        CompressedModel cm = OnlineCompression.compress(pretrained, vocabulary, OnlineCompression.spec(p, plan.placement()));
        int rank = cm.report().rank();
        long params = cm.report().storedParameters();
        long bytes = cm.report().storedBytes();
        double error = cm.report().relativeError();
        if (has(Method.SVD)) {
            record(Method.SVD, p, rank, 32, seed, "", params, bytes, error, cm.model(), pre, null);
        }
        if (has(Method.ONLINE)) {
            for (ScheduleSpec s : plan.schedules()) {
                TextClassifier m = cm.model().withEmbedding(EmbeddingLayer.fromStored(cm.embedding()));
                TrainingResult r = train(Method.ONLINE.label(), seed, p, m, fineTuning(s, seed));
                record(Method.ONLINE, p, rank, 32, seed, s.label(), params, bytes, error, m, pre, r);
            }
        }
    }

    private void quantized(long seed, double p, TextClassifier pretrained, TrainingResult pre) {
        int bits = QuantizationConfig.bitsForCompression(p);
        CompressedModel qm = OnlineCompression.quantize(pretrained, vocabulary,
                new QuantizationConfig(bits, plan.quantizationScope()));
        long params = qm.report().storedParameters();
        long bytes = qm.report().storedBytes();
        double error = qm.report().relativeError();
        if (has(Method.QUANTIZED)) {
            record(Method.QUANTIZED, p, 0, bits, seed, "", params, bytes, error, qm.model(), pre, null);
        }
        if (has(Method.QUANTIZED_FT)) {
            QuantizedEmbedding table = (QuantizedEmbedding) qm.model().embedding();
            for (ScheduleSpec s : plan.schedules()) {
                TextClassifier m = qm.model().withEmbedding(QuantizedEmbedding.of(table.matrix()));
                TrainingResult r = train(Method.QUANTIZED_FT.label(), seed, p, m, fineTuning(s, seed));
                record(Method.QUANTIZED_FT, p, 0, bits, seed, s.label(), params, bytes, error, m, pre, r);
            }
        }
    }

    private void offline(long seed, double p) {
        CompressionResult c = EmbeddingCompressor.compress(data.vocabulary().initialVectors(),
                OnlineCompression.spec(p, plan.placement()), ProgressListener.none());
        TextClassifier m = plan.architecture().create(EmbeddingLayer.fromStored(c.embedding()), classes, seed);
        TrainerConfig config = plan.offlineTraining().withSeed(seed);
        TrainingResult r = train(Method.OFFLINE.label(), seed, p, m, config);
        record(Method.OFFLINE, p, c.report().rank(), 32, seed, config.schedule().label(), c.report().storedParameters(),
                c.report().storedBytes(), c.report().relativeError(), m, null, r);
    }

    /** A compressed candidate: its recipe and layer (before fine-tuning), and the plain relative error. */
    private record Candidate(CodedCompression.Recipe recipe, EmbeddingLayer layer, double error) {}

    /** A fine-tuned candidate. */
    private record Tuned(Candidate candidate, TextClassifier model, TrainingResult result, double dev, String rate) {}

    private static final Map<CodedCompression.Family, Method> FAMILY_METHOD = Map.of(CodedCompression.Family.PQ,
            Method.PQ_FT, CodedCompression.Family.LOW_RANK_PQ, Method.LOWRANK_Q_FT,
            CodedCompression.Family.PRUNED_FLOAT, Method.PRUNED_FT);

    private void atRatio(long seed, double ratio, TextClassifier pretrained, TrainingResult pre) {
        int v = vocabulary.size();
        int d = dimension();
        long budget = (long) Math.floor(4.0 * v * d / ratio);
        double p = 1 - 1 / ratio;
        if (has(Method.QUANTIZED) || has(Method.QUANTIZED_FT)) {
            quantizedAtBudget(seed, ratio, budget, pretrained, pre);
        }
        if (plan.methods().stream().noneMatch(Method::atRatios)) {
            return;
        }
        INDArray table = pretrained.embedding().toMatrix();
        int[] frequencies = frequencies();
        Map<CodedCompression.Family, Candidate> chosen = new EnumMap<>(CodedCompression.Family.class);
        for (CodedCompression.Family f : CodedCompression.Family.values()) {
            boolean needed = has(Method.BEST) || (f == CodedCompression.Family.PQ && has(Method.PQ))
                    || (FAMILY_METHOD.containsKey(f) && has(FAMILY_METHOD.get(f)));
            if (needed) {
                Candidate c = choose(f, table, frequencies, budget, seed);
                if (c != null) {
                    chosen.put(f, c);
                } else {
                    LOG.warn(String.format(Locale.ROOT, "%s: no %s recipe fits %d bytes (%.1fx)", dataset, f, budget,
                            ratio));
                }
            }
        }
        Candidate pq = chosen.get(CodedCompression.Family.PQ);
        if (has(Method.PQ) && pq != null) {
            record(Method.PQ, p, pq.recipe().rank(), pq.recipe().bits(), seed, "", storedValues(pq.layer()),
                    CodedCompression.storedBytes(pq.layer()), pq.error(),
                    pretrained.withEmbedding(CodedCompression.copyOf(pq.layer())), pre, null, ratio, pq.recipe().label());
        }
        for (ScheduleSpec s : plan.schedules()) {
            List<Tuned> tuned = new ArrayList<>();
            for (Map.Entry<CodedCompression.Family, Candidate> e : chosen.entrySet()) {
                Method m = FAMILY_METHOD.get(e.getKey());
                boolean own = m != null && has(m);
                if (!own && !has(Method.BEST)) {
                    continue;
                }
                Candidate c = e.getValue();
                Tuned kept = null;
                for (ScheduleSpec rate : codedSchedules(s)) {
                    TextClassifier model = pretrained.withEmbedding(CodedCompression.copyOf(c.layer()));
                    String phase = (m == null ? "pruned-lowrank-q-ft" : m.label()) + " " + c.recipe().label()
                            + rateLabel(s, rate);
                    TrainingResult r = train(phase, seed, p, model, fineTuning(rate, seed));
                    Tuned t = new Tuned(c, model, r, Evaluation.accuracy(model, data.dev()), rateLabel(s, rate));
                    if (kept == null || t.dev() > kept.dev()) {
                        kept = t;
                    }
                }
                if (own) {
                    recordCandidate(m, p, seed, s, kept, pre, ratio);
                }
                tuned.add(kept);
            }
            if (has(Method.BEST) && !tuned.isEmpty()) {
                Tuned best = tuned.get(0);
                for (Tuned t : tuned) {
                    if (t.dev() > best.dev()) {
                        best = t;
                    }
                }
                recordCandidate(Method.BEST, p, seed, s, best, pre, ratio);
            }
        }
    }

    /**
     * The fine-tuning schedules a coded candidate is tried with, the one of best dev accuracy kept:
     * {@code schedule} itself and, for a schedule built from an upper bound, the same with the upper
     * bound times each of {@link #CODED_RATE_FACTORS} (codebooks start far from the trained rows and
     * move further than the full table's rows need to).
     */
    static List<ScheduleSpec> codedSchedules(ScheduleSpec schedule) {
        List<ScheduleSpec> out = new ArrayList<>();
        out.add(schedule);
        if (schedule instanceof ScheduleSpec.Family f) {
            for (double x : CODED_RATE_FACTORS) {
                double ub = new java.math.BigDecimal(f.ub() * x).round(new java.math.MathContext(12)).doubleValue();
                out.add(new ScheduleSpec.Family(f.kind(), ub, Math.min(f.lb(), ub), f.stepEpochs(), f.decay(),
                        f.every()));
            }
        }
        return out;
    }

    /** The factors on the upper bound of {@link #codedSchedules} beyond 1. */
    static final double[] CODED_RATE_FACTORS = {10};

    private static String rateLabel(ScheduleSpec base, ScheduleSpec rate) {
        if (rate == base || !(rate instanceof ScheduleSpec.Family f)) {
            return "";
        }
        return " ub=" + f.ub();
    }

    private void recordCandidate(Method m, double p, long seed, ScheduleSpec s, Tuned t, TrainingResult pre,
            double ratio) {
        Candidate c = t.candidate();
        record(m, p, c.recipe().rank(), c.recipe().bits(), seed, s.label(), storedValues(c.layer()),
                CodedCompression.storedBytes(c.layer()), c.error(), t.model(), pre, t.result(), ratio,
                c.recipe().label() + t.rate());
    }

    /** The family's recipe of least frequency-weighted error among those that fit, or null. */
    private Candidate choose(CodedCompression.Family family, INDArray table, int[] frequencies, long budget,
            long seed) {
        Candidate best = null;
        double bestWeighted = Double.POSITIVE_INFINITY;
        for (CodedCompression.Recipe r : CodedCompression.candidates(family, vocabulary.size(), dimension(), budget)) {
            EmbeddingLayer layer = CodedCompression.build(table, frequencies, r, CodedCompression.Pruning.FREQUENCY,
                    seed);
            INDArray decoded = layer.toMatrix();
            double weighted = CodedCompression.weightedError(table, decoded, frequencies);
            LOG.debug("{} {}: weighted error {}", dataset, r.label(), weighted);
            if (weighted < bestWeighted) {
                bestWeighted = weighted;
                best = new Candidate(r, layer, CodedCompression.weightedError(table, decoded, new int[frequencies.length]));
            }
        }
        return best;
    }

    /** Count of each word in the training split. */
    private int[] frequencies() {
        int[] f = new int[vocabulary.size()];
        var train = data.train();
        for (int i = 0; i < train.size(); i++) {
            int[] ids = train.ids(i);
            for (int t = 0; t < train.length(i); t++) {
                f[ids[t]]++;
            }
        }
        return f;
    }

    /** Numbers stored: codes, codebook and factor values, float rows. */
    private static long storedValues(EmbeddingLayer layer) {
        if (layer instanceof PrunedEmbedding pr) {
            return pr.vocabularySize() + storedValues(pr.inner());
        }
        long n = 0;
        for (var param : layer.parameters()) {
            n += param.length();
        }
        if (layer instanceof ProductQuantizedEmbedding q) {
            n += (long) q.vocabularySize() * q.subspaces();
        }
        return n;
    }

    /**
     * The quantizing methods at a byte budget: the fewest bits whose quantized table takes at least
     * {@code budget} bytes (equal or larger bytes than the coded methods at this ratio).
     */
    private void quantizedAtBudget(long seed, double ratio, long budget, TextClassifier pretrained,
            TrainingResult pre) {
        CompressedModel qm = null;
        int bits = 0;
        for (int b = 1; b <= 16; b++) {
            qm = OnlineCompression.quantize(pretrained, vocabulary, new QuantizationConfig(b, plan.quantizationScope()));
            bits = b;
            if (qm.report().storedBytes() >= budget) {
                break;
            }
        }
        double p = 1 - 1 / ratio;
        long params = qm.report().storedParameters();
        long bytes = qm.report().storedBytes();
        double error = qm.report().relativeError();
        String recipe = bits + "-bit " + plan.quantizationScope().name().toLowerCase(Locale.ROOT);
        if (has(Method.QUANTIZED)) {
            record(Method.QUANTIZED, p, 0, bits, seed, "", params, bytes, error, qm.model(), pre, null, ratio, recipe);
        }
        if (has(Method.QUANTIZED_FT)) {
            QuantizedEmbedding table = (QuantizedEmbedding) qm.model().embedding();
            for (ScheduleSpec s : plan.schedules()) {
                TextClassifier kept = null;
                TrainingResult keptResult = null;
                double keptDev = Double.NEGATIVE_INFINITY;
                String keptRate = "";
                for (ScheduleSpec rate : codedSchedules(s)) {
                    TextClassifier m = qm.model().withEmbedding(QuantizedEmbedding.of(table.matrix()));
                    TrainingResult r = train(Method.QUANTIZED_FT.label() + rateLabel(s, rate), seed, p, m,
                            fineTuning(rate, seed));
                    double dev = Evaluation.accuracy(m, data.dev());
                    if (dev > keptDev) {
                        kept = m;
                        keptResult = r;
                        keptDev = dev;
                        keptRate = rateLabel(s, rate);
                    }
                }
                record(Method.QUANTIZED_FT, p, 0, bits, seed, s.label(), params, bytes, error, kept, pre, keptResult,
                        ratio, recipe + keptRate);
            }
        }
    }

    private TrainerConfig fineTuning(ScheduleSpec schedule, long seed) {
        return fineTuningConfig(plan, schedule, seed);
    }

    /**
     * The configuration of a fine-tuning phase of {@code plan} with {@code schedule}, in a run with seed {@code seed}.
     *
     * @param plan the plan, whose {@link ExperimentPlan#fineTuning} is the base
     * @param schedule the schedule of this phase, not null
     * @param seed the run's seed
     * @return the plan's fine-tuning configuration with {@code schedule} and seed {@link
     *     #fineTuningSeed}{@code (seed)}
     */
    public static TrainerConfig fineTuningConfig(ExperimentPlan plan, ScheduleSpec schedule, long seed) {
        return plan.fineTuning().withSchedule(schedule).withSeed(fineTuningSeed(seed));
    }

    private TrainingResult train(String phase, long seed, double p, TextClassifier model, TrainerConfig config) {
        String task = String.format(Locale.ROOT, "%s %s %s%s seed %d", dataset, plan.architecture().name(), phase,
                phase.equals("pre-training") || phase.equals("none") ? "" : " p=" + p, seed);
        TrainingResult r = Trainer.train(task, model, data.train(), data.dev(), config, progress);
        int perEpoch = MiniBatches.shuffled(data.train(), config.batches(), 0).size();
        listener.onTraining(new TrainingRecord(dataset, plan.architecture().name(), seed, phase, p,
                config.schedule().resolve(perEpoch).toString(), r));
        return r;
    }

    private void record(Method method, double p, int rank, int bits, long seed, String schedule, long params,
            long bytes, double error, TextClassifier model, TrainingResult pre, TrainingResult own) {
        record(method, p, rank, bits, seed, schedule, params, bytes, error, model, pre, own, Double.NaN, "");
    }

    private void record(Method method, double p, int rank, int bits, long seed, String schedule, long params,
            long bytes, double error, TextClassifier model, TrainingResult pre, TrainingResult own, double ratio,
            String recipe) {
        double dev = Evaluation.accuracy(model, data.dev());
        double test = Evaluation.accuracy(model, data.test());
        RunResult row = new RunResult(dataset, plan.architecture().name(), method, p, rank, bits, seed, schedule,
                vocabulary.size(), dimension(), params, bytes, error, dev, test,
                pre == null ? Double.NaN : pre.bestDevAccuracy(), pre == null ? 0 : pre.epochs(),
                own == null ? 0 : own.epochs(), own == null ? 0 : own.bestEpoch(), own == null ? 0 : own.seconds(),
                ratio, recipe);
        LOG.info(String.format(Locale.ROOT, "%s %s %s p=%s seed %d%s: dev %.4f test %.4f (%d embedding parameters,"
                + " %d bytes, %.1fx%s)", dataset, row.model(), method.label(), p, seed,
                schedule.isEmpty() ? "" : " " + schedule, dev, test, params, bytes, row.ratio(),
                recipe.isEmpty() ? "" : ", " + recipe));
        results.add(row);
        listener.onModel(row, model);
        listener.onRun(row);
    }

    private boolean has(Method m) {
        return plan.methods().contains(m);
    }

    private int dimension() {
        return data.vocabulary().initialVectors().dimension();
    }
}
