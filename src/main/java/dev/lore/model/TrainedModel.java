package dev.lore.model;

import dev.lore.data.EncodedDataset;
import dev.lore.data.LabelSet;
import dev.lore.data.ModelVocabulary;
import dev.lore.data.SequenceEncoder;
import dev.lore.data.Tokenizer;
import dev.lore.io.Vocabulary;
import dev.lore.nn.Architecture;
import dev.lore.nn.TextClassifier;
import dev.lore.nn.TokenBatch;
import dev.lore.train.Evaluation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier ready for raw text: the network, the vocabulary of its embedding rows, the label
 * set, the tokenizer and the padded length used in training, and free-form metadata (how it was
 * made). What {@link ModelFile} saves and loads. The network is held, not copied: training it
 * further changes this model.
 */
public final class TrainedModel {

    /** Longest accepted padded length ({@code maxLen}). */
    public static final int MAX_LENGTH = 1_000_000;

    private final TextClassifier network;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final Tokenizer tokenizer;
    private final int maxLen;
    private final SortedMap<String, String> metadata;
    private final SequenceEncoder encoder;

    private TrainedModel(TextClassifier network, Vocabulary vocabulary, LabelSet labels, Tokenizer tokenizer,
            int maxLen, SortedMap<String, String> metadata) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.tokenizer = tokenizer;
        this.maxLen = maxLen;
        this.metadata = metadata;
        this.encoder = new SequenceEncoder(vocabulary, tokenizer, maxLen);
    }

    /**
     * A model from its parts.
     *
     * @param vocabulary one word per embedding row, laid out as a {@link ModelVocabulary}
     *     ({@code <pad>}, {@code <unk>}, words)
     * @param maxLen padded length, in {@code [1, MAX_LENGTH]}
     * @param metadata text entries recorded with the model (keys non-empty), copied
     * @throws IllegalArgumentException if the vocabulary size differs from the embedding's, it does
     *     not start with {@code <pad>, <unk>}, the label count differs from the network's classes,
     *     or {@code maxLen} is out of range
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
        SortedMap<String, String> meta = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new IllegalArgumentException("metadata keys must not be empty");
            }
            meta.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        return new TrainedModel(network, vocabulary, labels, tokenizer, maxLen, Collections.unmodifiableSortedMap(meta));
    }

    /** A model over the vocabulary, labels, tokenizer and length of an encoded dataset. */
    public static TrainedModel of(TextClassifier network, EncodedDataset data, Map<String, String> metadata) {
        Objects.requireNonNull(data, "data");
        return of(network, data.vocabulary().words(), data.labels(), data.tokenizer(), data.train().maxLen(),
                metadata);
    }

    public TextClassifier network() {
        return network;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelSet labels() {
        return labels;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int maxLen() {
        return maxLen;
    }

    /** The metadata, sorted by key (unmodifiable). */
    public SortedMap<String, String> metadata() {
        return metadata;
    }

    /** The architecture of the network. */
    public Architecture architecture() {
        return Architecture.of(network);
    }

    /** The predicted label of one text (tokenized, cut to {@link #maxLen}, unknown words as UNK). */
    public String predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /** The predicted label of each text, in order. */
    public List<String> predict(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<String> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += Evaluation.BATCH_SIZE) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + Evaluation.BATCH_SIZE));
            for (int c : network.predict(batch(chunk))) {
                out.add(labels.label(c));
            }
        }
        return out;
    }

    /**
     * The class probabilities of one text, in label order ({@link LabelSet#labels()}), computed
     * without dropout.
     */
    public double[] probabilities(String text) {
        boolean training = network.isTraining();
        network.setTraining(false);
        try {
            return network.forward(batch(List.of(text))).castTo(DataType.DOUBLE).data().asDouble();
        } finally {
            network.setTraining(training);
        }
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
