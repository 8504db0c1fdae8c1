package dev.lore.bench;

import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.EncodedSplit;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.dl4j.LoreDl4j;
import dev.lore.dl4j.TextDataSetIterator;
import dev.lore.experiment.Experiment;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.WordVectors;
import dev.lore.nn.Architecture;
import dev.lore.schedule.LearningRateSchedule;
import dev.lore.schedule.Nd4jSchedule;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.TrainingDefaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The paper's online compression with a DAN built from DeepLearning4J's own layers ({@link Dl4jDan}),
 * trained with lore's CALR inside DL4J's Adam, compressed with {@link LoreDl4j#compressOnline} and
 * fine-tuned; and the same DL4J network uncompressed. Protocol as lore's {@code Experiment}:
 * pre-train the full model (best epoch on dev kept, early stopping); then, each from a copy of it,
 * {@code none} (train on with the fine-tuning settings), {@code online} (compress at {@code p},
 * fine-tune) and {@code svd} (compress, no fine-tuning); test accuracy once per final model, dev
 * accuracy for selection only. Data, vocabulary, tokenizer, sequence length, batch order seeds and
 * the default budget are lore's ({@code TrainingDefaults}; {@code --pre-ub} and friends override
 * them for choices made on dev).
 *
 * <pre>
 * java -cp benchmarks/target/lore-benchmarks.jar dev.lore.bench.Dl4jDanExperiment \
 *   --dataset ../shared/data/classification/sst2 --embeddings ../shared/data/glove/glove.6B.100d.341k.txt.gz \
 *   --seeds 1,2,3 --compression 0.9 --output results.csv
 * </pre>
 *
 * <p>Appends one CSV row per (seed, method) to {@code --output} (header written if the file is new)
 * and prints a summary line per method (mean dev and test accuracy over the seeds) to stdout.
 */
public final class Dl4jDanExperiment {

    private Dl4jDanExperiment() {}

    /** The budget and rates of one run. */
    record Budget(int preEpochs, int prePatience, double preUb, double preEpsilon, int ftEpochs, int ftPatience,
            double ftUb, double ftEpsilon) {

        static Budget defaults() {
            Architecture dan = Architecture.named("dan");
            var pre = TrainingDefaults.pretraining(dan, 0);
            var ft = TrainingDefaults.fineTuning(dan, 0);
            return new Budget(pre.maxEpochs(), pre.patience(), TrainingDefaults.pretrainingSchedule(dan).ub(),
                    pre.adam().epsilon(), ft.maxEpochs(), ft.patience(), TrainingDefaults.fineTuningSchedule(dan).ub(),
                    ft.adam().epsilon());
        }

        ScheduleSpec.Family preSchedule() {
            ScheduleSpec.Family f = TrainingDefaults.pretrainingSchedule(Architecture.named("dan"));
            return new ScheduleSpec.Family(f.kind(), preUb, f.lb(), f.stepEpochs(), f.decay(), f.every());
        }

        ScheduleSpec.Family ftSchedule() {
            ScheduleSpec.Family f = TrainingDefaults.fineTuningSchedule(Architecture.named("dan"));
            return new ScheduleSpec.Family(f.kind(), ftUb, f.lb(), f.stepEpochs(), f.decay(), f.every());
        }
    }

    /** The outcome of one training phase. */
    record Phase(int bestEpoch, int epochs, double bestDev, double seconds) {}

    public static void main(String[] args) throws IOException {
        Path dataset = null;
        Path embeddings = null;
        Path output = null;
        List<Long> seeds = List.of(1L, 2L, 3L);
        double p = 0.9;
        Budget b = Budget.defaults();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--dataset" -> dataset = Path.of(v);
                case "--embeddings" -> embeddings = Path.of(v);
                case "--output" -> output = Path.of(v);
                case "--seeds" -> seeds = parseSeeds(v);
                case "--compression" -> p = Double.parseDouble(v);
                case "--pre-epochs" -> b = new Budget(Integer.parseInt(v), b.prePatience(), b.preUb(), b.preEpsilon(),
                        b.ftEpochs(), b.ftPatience(), b.ftUb(), b.ftEpsilon());
                case "--pre-ub" -> b = new Budget(b.preEpochs(), b.prePatience(), Double.parseDouble(v), b.preEpsilon(),
                        b.ftEpochs(), b.ftPatience(), b.ftUb(), b.ftEpsilon());
                case "--ft-epochs" -> b = new Budget(b.preEpochs(), b.prePatience(), b.preUb(), b.preEpsilon(),
                        Integer.parseInt(v), b.ftPatience(), b.ftUb(), b.ftEpsilon());
                case "--ft-ub" -> b = new Budget(b.preEpochs(), b.prePatience(), b.preUb(), b.preEpsilon(),
                        b.ftEpochs(), b.ftPatience(), Double.parseDouble(v), b.ftEpsilon());
                case "--ft-epsilon" -> b = new Budget(b.preEpochs(), b.prePatience(), b.preUb(), b.preEpsilon(),
                        b.ftEpochs(), b.ftPatience(), b.ftUb(), Double.parseDouble(v));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (dataset == null || embeddings == null || output == null) {
            throw new IllegalArgumentException("--dataset, --embeddings and --output are required");
        }
        run(dataset, embeddings, output, seeds, p, b);
    }

    private static List<Long> parseSeeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String s : text.split(",")) {
            out.add(Long.parseLong(s.strip()));
        }
        return out;
    }

    static void run(Path prefix, Path glove, Path output, List<Long> seeds, double p, Budget budget) throws IOException {
        long start = System.nanoTime();
        WordVectors pretrained = EmbeddingReader.read(glove);
        EncodedDataset data = EncodedDataset.prepare(Dataset.load(prefix), Tokenizer.kim(), pretrained,
                VocabularyConfig.defaults(), 40);
        pretrained = null; // the 341k table is no longer needed
        String name = prefix.getFileName().toString();
        System.err.printf(Locale.ROOT, "%s: V = %d, %d classes, prepared in %.1f s%n", name, data.vocabulary().size(),
                data.labels().size(), (System.nanoTime() - start) / 1e9);
        boolean header = !Files.exists(output);
        Map<String, List<double[]>> summary = new LinkedHashMap<>();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            if (header) {
                out.println("dataset,seed,method,compression,rank,dev_accuracy,test_accuracy,pre_best_epoch,"
                        + "pre_epochs,ft_best_epoch,ft_epochs,seconds,pre_ub,ft_ub,ft_epsilon");
            }
            for (long seed : seeds) {
                MultiLayerNetwork net = Dl4jDan.create(data.vocabulary().initialVectors().matrix(), 40,
                        data.labels().size(), adam(budget.preSchedule(), data.train(), budget.preEpsilon()), seed);
                Phase pre = train(net, data, budget.preEpochs(), budget.prePatience(), seed);
                MultiLayerNetwork none = Dl4jDan.withUpdater(net, adam(budget.ftSchedule(), data.train(), budget.ftEpsilon()));
                Phase ftNone = train(none, data, budget.ftEpochs(), budget.ftPatience(), Experiment.fineTuningSeed(seed));
                row(out, summary, name, seed, "none", 0, 100, none, data, pre, ftNone, budget);

                MultiLayerNetwork svd = LoreDl4j.compressOnline(net, 0, p);
                int rank = (int) svd.getLayer(0).getParam("A").columns();
                row(out, summary, name, seed, "svd", p, rank, svd, data, pre, null, budget);
                MultiLayerNetwork online = Dl4jDan.withUpdater(svd, adam(budget.ftSchedule(), data.train(), budget.ftEpsilon()));
                Phase ftOnline = train(online, data, budget.ftEpochs(), budget.ftPatience(), Experiment.fineTuningSeed(seed));
                row(out, summary, name, seed, "online", p, rank, online, data, pre, ftOnline, budget);
                out.flush();
            }
        }
        for (Map.Entry<String, List<double[]>> e : summary.entrySet()) {
            double dev = 0;
            double test = 0;
            for (double[] r : e.getValue()) {
                dev += r[0];
                test += r[1];
            }
            int n = e.getValue().size();
            System.out.printf(Locale.ROOT, "%s %s: dev %.2f test %.2f (mean of %d seeds)%n", name, e.getKey(),
                    100 * dev / n, 100 * test / n, n);
        }
        System.err.printf(Locale.ROOT, "%s: %.1f s in all%n", name, (System.nanoTime() - start) / 1e9);
    }

    /** DL4J's Adam with lore's schedule family resolved for the split's batches per epoch. */
    private static Adam adam(ScheduleSpec.Family family, EncodedSplit train, double epsilon) {
        int perEpoch = (train.size() + TrainingDefaults.BATCH_SIZE - 1) / TrainingDefaults.BATCH_SIZE;
        LearningRateSchedule schedule = family.resolve(perEpoch);
        return Adam.builder().learningRateSchedule(Nd4jSchedule.of(schedule)).beta1(0.9).beta2(0.999)
                .epsilon(epsilon).build();
    }

    /**
     * Trains for at most {@code maxEpochs}, keeping the parameters of the epoch with the best dev
     * accuracy (strictly better than all before), stopping after {@code patience} epochs without
     * one; restores the best parameters at the end.
     */
    static Phase train(MultiLayerNetwork net, EncodedDataset data, int maxEpochs, int patience, long seed) {
        long start = System.nanoTime();
        TextDataSetIterator train = TextDataSetIterator.shuffled(data.train(), data.labels(),
                TrainingDefaults.BATCH_SIZE, seed);
        double best = accuracy(net, data.dev(), data);
        INDArray bestParams = net.params().dup();
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < maxEpochs && epoch - bestEpoch < patience) {
            net.fit(train);
            epoch++;
            double dev = accuracy(net, data.dev(), data);
            if (dev > best) {
                best = dev;
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
        }
        net.setParams(bestParams);
        return new Phase(bestEpoch, epoch, best, (System.nanoTime() - start) / 1e9);
    }

    static double accuracy(MultiLayerNetwork net, EncodedSplit split, EncodedDataset data) {
        return net.evaluate(TextDataSetIterator.inOrder(split, data.labels(), 500)).accuracy();
    }

    private static void row(PrintWriter out, Map<String, List<double[]>> summary, String dataset, long seed,
            String method, double p, int rank, MultiLayerNetwork net, EncodedDataset data, Phase pre, Phase ft,
            Budget b) {
        double dev = ft == null ? accuracy(net, data.dev(), data) : ft.bestDev();
        double test = accuracy(net, data.test(), data);
        summary.computeIfAbsent(method, k -> new ArrayList<>()).add(new double[] {dev, test});
        out.printf(Locale.ROOT, "%s,%d,%s,%s,%d,%.6f,%.6f,%d,%d,%s,%s,%.1f,%s,%s,%s%n", dataset, seed, method, p, rank, dev,
                test, pre.bestEpoch(), pre.epochs(), ft == null ? "" : Integer.toString(ft.bestEpoch()),
                ft == null ? "" : Integer.toString(ft.epochs()), pre.seconds() + (ft == null ? 0 : ft.seconds()),
                b.preUb(), b.ftUb(), b.ftEpsilon());
        System.err.printf(Locale.ROOT, "%s seed %d %s: dev %.4f test %.4f%n", dataset, seed, method, dev, test);
    }
}
