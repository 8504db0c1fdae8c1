package dev.lore.model;

import dev.lore.compress.Source;
import dev.lore.data.EncodedDataset;
import dev.lore.data.LabelSet;
import dev.lore.data.ModelVocabulary;
import dev.lore.data.SequenceEncoder;
import dev.lore.data.Tokenizer;
import dev.lore.io.Vocabulary;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.nn.Classification;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.train.Evaluation;
import dev.lore.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier ready for raw text: the network, the vocabulary of its embedding rows, the label
 * set, the tokenizer and the padded length used in training, its provenance (the digest of the
 * training data and every training phase's configuration in text form, see {@link #provenance()})
 * and free-form metadata. What {@link ModelFile} saves and loads. The network is held, not copied:
 * training it further changes this model.
 *
 * <p>Thread safety: the model itself is immutable, and {@link #predict(String)},
 * {@link #predict(List)}, {@link #probabilities(String)}, {@link #classify(List)} and the accessors
 * are thread-safe: any number of threads may predict with one shared model at once, with no lock,
 * and get exactly the results of the same calls made one after the other (the network's inference
 * methods are thread-safe, see {@link TextClassifier}; the tokenizer and the vocabulary are
 * immutable). They never change the network's mode. Training the network further is not, and must
 * not overlap with predictions.
 */
public final class TrainedModel {

    /** Longest accepted padded length ({@code maxLen}). */
    public static final int MAX_LENGTH = 1_000_000;
    /**
     * Texts per batch of {@link #predict(List)} and {@link #classify(List)} (the batch of
     * {@link Evaluation}): the LSTM's results depend in the last bits on how texts are batched
     * (OpenBLAS rounds a product differently for a different number of rows), so a fixed batch
     * keeps them reproducible.
     */
    public static final int BATCH_SIZE = Evaluation.BATCH_SIZE;
    /** The provenance key of the training data's digest. */
    public static final String DATA_SHA256 = "data.train.sha256";

    private final TextClassifier network;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final Tokenizer tokenizer;
    private final int maxLen;
    private final SortedMap<String, String> metadata;
    private final SortedMap<String, String> provenance;
    private final SequenceEncoder encoder;

    private TrainedModel(TextClassifier network, Vocabulary vocabulary, LabelSet labels, Tokenizer tokenizer,
            int maxLen, SortedMap<String, String> metadata, SortedMap<String, String> provenance) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.tokenizer = tokenizer;
        this.maxLen = maxLen;
        this.metadata = metadata;
        this.provenance = provenance;
        this.encoder = new SequenceEncoder(vocabulary, tokenizer, maxLen);
    }

    /**
     * A model from its parts.
     *
     * @param network the trained network, held, not copied
     * @param vocabulary one word per embedding row, laid out as a {@link ModelVocabulary}
     *     ({@code <pad>}, {@code <unk>}, words)
     * @param labels one label per class of the network
     * @param tokenizer the tokenizer used in training
     * @param maxLen padded length, in {@code [1, MAX_LENGTH]}
     * @param metadata text entries recorded with the model (keys non-empty), copied
     * @return the model, with empty provenance
     * @throws IllegalArgumentException if the vocabulary size differs from the embedding's, it does
     *     not start with {@code <pad>, <unk>}, the label count differs from the network's classes,
     *     {@code maxLen} is out of range, or a metadata key is empty
     * @throws NullPointerException if an argument or a metadata value is null
     */
    public static TrainedModel of(TextClassifier network, Vocabulary vocabulary, LabelSet labels, Tokenizer tokenizer,
            int maxLen, Map<String, String> metadata) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(metadata, "metadata");
        if (vocabulary.size() != network.embedding().vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words but the embedding has "
                    + network.embedding().vocabularySize() + " rows");
        }
        if (vocabulary.size() < 2 || !vocabulary.word(ModelVocabulary.PAD).equals(ModelVocabulary.PAD_WORD)
                || !vocabulary.word(ModelVocabulary.UNK).equals(ModelVocabulary.UNK_WORD)) {
            throw new IllegalArgumentException("vocabulary must start with " + ModelVocabulary.PAD_WORD + ", "
                    + ModelVocabulary.UNK_WORD);
        }
        if (labels.size() != network.numClasses()) {
            throw new IllegalArgumentException(labels.size() + " labels but the network has " + network.numClasses()
                    + " classes");
        }
        if (maxLen < 1 || maxLen > MAX_LENGTH) {
            throw new IllegalArgumentException("maxLen must be in [1, " + MAX_LENGTH + "], got " + maxLen);
        }
        return new TrainedModel(network, vocabulary, labels, tokenizer, maxLen, textMap("metadata", metadata),
                Collections.emptySortedMap());
    }

    /**
     * A model over the vocabulary, labels, tokenizer and length of an encoded dataset, with the
     * dataset's provenance: {@code data.train.sha256} ({@link EncodedDataset#trainSha256()}) and
     * {@code data.train.examples}.
     *
     * @param network the network trained on {@code data}, held, not copied
     * @param data the encoded dataset whose vocabulary, labels, tokenizer and {@code maxLen} the
     *     network was trained with
     * @param metadata text entries recorded with the model (keys non-empty), copied
     * @return the model
     * @throws IllegalArgumentException as {@link #of(TextClassifier, Vocabulary, LabelSet, Tokenizer,
     *     int, Map)}
     */
    public static TrainedModel of(TextClassifier network, EncodedDataset data, Map<String, String> metadata) {
        Objects.requireNonNull(data, "data");
        SortedMap<String, String> p = new TreeMap<>();
        p.put(DATA_SHA256, data.trainSha256());
        p.put("data.train.examples", Integer.toString(data.train().size()));
        return of(network, data.vocabulary().words(), data.labels(), data.tokenizer(), data.train().maxLen(),
                metadata).withProvenance(p);
    }

    /**
     * This model with one more training phase recorded in its provenance, numbered from 1 in the
     * order of the calls: {@code training.N.phase}, {@code .batch_size}, {@code .max_epochs},
     * {@code .patience}, {@code .schedule} (the schedule's text form, e.g.
     * {@code calr(ub=0.01,lb=1.0E-6,step=0.5 epoch,decay=0.1,every=1)}), {@code .adam}
     * ({@code adam(beta1=0.9,beta2=0.999,epsilon=1.0E-8,form=nd4j)}) and {@code .seed}. The network
     * is shared with this model.
     *
     * @param phase what the phase was, e.g. {@code pre-training}, {@code fine-tuning}; not blank
     * @param config the phase's configuration
     * @return a new model; this one is unchanged
     * @throws IllegalArgumentException if {@code phase} is blank
     * @throws NullPointerException if an argument is null
     */
    public TrainedModel withTraining(String phase, TrainerConfig config) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(config, "config");
        if (phase.isBlank()) {
            throw new IllegalArgumentException("phase must not be empty");
        }
        int n = 1;
        while (provenance.containsKey("training." + n + ".phase")) {
            n++;
        }
        String k = "training." + n + ".";
        SortedMap<String, String> p = new TreeMap<>(provenance);
        p.put(k + "phase", phase);
        p.put(k + "batch_size", Integer.toString(config.batchSize()));
        p.put(k + "max_epochs", Integer.toString(config.maxEpochs()));
        p.put(k + "patience", Integer.toString(config.patience()));
        p.put(k + "schedule", config.schedule().toString());
        AdamConfig a = config.adam();
        p.put(k + "adam", "adam(beta1=" + a.beta1() + ",beta2=" + a.beta2() + ",epsilon=" + a.epsilon() + ",form="
                + a.form().name().toLowerCase(Locale.ROOT) + ")");
        p.put(k + "seed", Long.toString(config.seed()));
        return withProvenance(p);
    }

    /**
     * This model with the pretrained vectors it started from recorded in its provenance:
     * {@code data.pretrained} (the file's name) and {@code data.pretrained.sha256}.
     *
     * @param source the pretrained vectors' file name and digest
     * @return a new model; this one is unchanged
     * @throws NullPointerException if {@code source} is null
     */
    public TrainedModel withPretrainedVectors(Source source) {
        Objects.requireNonNull(source, "source");
        SortedMap<String, String> p = new TreeMap<>(provenance);
        p.put("data.pretrained", source.name());
        p.put("data.pretrained.sha256", source.sha256());
        return withProvenance(p);
    }

    /** This model with {@code entries} as its provenance (keys start with {@code data.} or {@code training.}). */
    TrainedModel withProvenance(Map<String, String> entries) {
        SortedMap<String, String> p = textMap("provenance", entries);
        for (String key : p.keySet()) {
            if (!key.startsWith("data.") && !key.startsWith("training.")) {
                throw new IllegalArgumentException("provenance keys start with data. or training., got '" + key + "'");
            }
        }
        return new TrainedModel(network, vocabulary, labels, tokenizer, maxLen, metadata, p);
    }

    private static SortedMap<String, String> textMap(String what, Map<String, String> entries) {
        Objects.requireNonNull(entries, what);
        SortedMap<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new IllegalArgumentException(what + " keys must not be empty");
            }
            m.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        return Collections.unmodifiableSortedMap(m);
    }

    /**
     * The network: shared, not copied.
     *
     * @return the classifier
     */
    public TextClassifier network() {
        return network;
    }

    /**
     * One word per embedding row.
     *
     * @return the vocabulary
     */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The labels, in class order.
     *
     * @return the label set
     */
    public LabelSet labels() {
        return labels;
    }

    /**
     * The tokenizer of training and prediction.
     *
     * @return the tokenizer
     */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * The padded length: texts are cut to this many tokens.
     *
     * @return the length, in {@code [1, MAX_LENGTH]}
     */
    public int maxLen() {
        return maxLen;
    }

    /**
     * The metadata.
     *
     * @return an unmodifiable map sorted by key
     */
    public SortedMap<String, String> metadata() {
        return metadata;
    }

    /**
     * How the model was made, sorted by key (unmodifiable): the training data's digest
     * ({@value #DATA_SHA256}) and example count, and each training phase's configuration
     * ({@link #withTraining}); empty for a model built from parts.
     *
     * @return an unmodifiable map sorted by key, keys starting with {@code data.} or {@code
     *     training.}
     */
    public SortedMap<String, String> provenance() {
        return provenance;
    }

    /**
     * The architecture of the network.
     *
     * @return its kind and configuration
     * @throws IllegalArgumentException if the network is of a class {@link Architecture#of} does
     *     not know
     */
    public Architecture architecture() {
        return Architecture.of(network);
    }

    /**
     * The predicted label of one text (tokenized, cut to {@link #maxLen}, unknown words as UNK).
     * Thread-safe.
     *
     * @param text the raw text
     * @return its label, one of {@link LabelSet#labels()}
     */
    public String predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /**
     * The predicted label of each text, in order, computed in batches of {@link #BATCH_SIZE}.
     * Thread-safe.
     *
     * @param texts the raw texts, none null
     * @return one label per text
     */
    public List<String> predict(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<String> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH_SIZE) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + BATCH_SIZE));
            for (int c : network.predict(batch(chunk))) {
                out.add(labels.label(c));
            }
        }
        return out;
    }

    /**
     * The class probabilities of one text, in label order ({@link LabelSet#labels()}), computed
     * without dropout; the network's mode is neither read nor changed. Thread-safe.
     *
     * @param text the raw text
     * @return {@code softmax(z)}, one value per label (float values, widened)
     */
    public double[] probabilities(String text) {
        return network.probabilities(batch(List.of(text))).castTo(DataType.DOUBLE).data().asDouble();
    }

    /**
     * The predicted label and the class probabilities of each text, in order, from one pass per
     * batch of {@link #BATCH_SIZE}: the labels are those {@link #predict(List)} gives for the same
     * list, the probabilities those of the same pass (for the DAN, equal to
     * {@link #probabilities(String)} of each text; for the LSTM they may differ from it in the
     * last bits, since OpenBLAS rounds a product differently for a different number of rows).
     * Thread-safe.
     *
     * @param texts the raw texts, none null
     * @return one prediction per text
     */
    public List<Prediction> classify(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<Prediction> out = new ArrayList<>(texts.size());
        int c = labels.size();
        for (int from = 0; from < texts.size(); from += BATCH_SIZE) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + BATCH_SIZE));
            Classification result = network.classify(batch(chunk));
            int[] classes = result.classes();
            float[] p = result.probabilities().dup('c').data().asFloat();
            for (int i = 0; i < classes.length; i++) {
                double[] row = new double[c];
                for (int k = 0; k < c; k++) {
                    row[k] = p[i * c + k];
                }
                out.add(new Prediction(labels.label(classes[i]), row));
            }
        }
        return out;
    }

    private TokenBatch batch(List<String> texts) {
        int[] ids = new int[Math.multiplyExact(texts.size(), maxLen)];
        int[] lengths = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            lengths[i] = encoder.encode(tokenizer.tokenize(Objects.requireNonNull(texts.get(i), "text")), ids, i * maxLen);
        }
        return new TokenBatch(Nd4j.create(ids, new long[] {texts.size(), maxLen}, DataType.INT), lengths, null);
    }
}
