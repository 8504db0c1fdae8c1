package dev.lore.data;

import dev.lore.io.WordVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dataset ready for a model: the vocabulary and initial vectors built from the training split,
 * and the three splits encoded with it.
 *
 * @param labels the classes
 * @param vocabulary the model vocabulary and its initial vectors
 * @param tokenizer the tokenizer used for vocabulary and encoding
 * @param train the encoded training split
 * @param dev the encoded dev split
 * @param test the encoded test split
 * @param trainSha256 {@link DatasetSplit#sha256()} of the training split the vocabulary was built
 *     from, 64 lower-case hex digits
 */
public record EncodedDataset(LabelSet labels, ModelVocabulary vocabulary, Tokenizer tokenizer,
        EncodedSplit train, EncodedSplit dev, EncodedSplit test, String trainSha256) {

    /**
     * Checks that the splits agree and the digest is well formed.
     *
     * @param labels not null
     * @param vocabulary not null
     * @param tokenizer not null
     * @param train not null
     * @param dev not null, with the {@code maxLen} of {@code train}
     * @param test not null, with the {@code maxLen} of {@code train}
     * @param trainSha256 64 lower-case hex digits
     * @throws IllegalArgumentException if the splits differ in {@code maxLen} or the digest is not 64
     *     lower-case hex digits
     * @throws NullPointerException if a component is null
     */
    public EncodedDataset {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        if (dev.maxLen() != train.maxLen() || test.maxLen() != train.maxLen()) {
            throw new IllegalArgumentException("splits must share maxLen, got " + train.maxLen() + ", "
                    + dev.maxLen() + ", " + test.maxLen());
        }
        Objects.requireNonNull(trainSha256, "trainSha256");
        if (!trainSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("trainSha256 must be 64 lower-case hex digits, got '" + trainSha256 + "'");
        }
    }

    /**
     * Tokenizes {@code data}, builds the vocabulary from its training split
     * ({@link ModelVocabulary#build}) and encodes all three splits ({@link SequenceEncoder}).
     *
     * @param data the dataset, not modified
     * @param tokenizer the tokenizer for vocabulary and encoding
     * @param pretrained pretrained vectors, copied into the vocabulary's initial matrix
     * @param config how the vocabulary is built
     * @param maxLen padded length, in {@code [1, 1_000_000]}
     * @return the encoded dataset, with the digest of {@code data.train()}
     * @throws IllegalArgumentException as {@link ModelVocabulary#build} and {@link SequenceEncoder} do
     * @throws NullPointerException if an argument is null
     */
    public static EncodedDataset prepare(Dataset data, Tokenizer tokenizer, WordVectors pretrained,
            VocabularyConfig config, int maxLen) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(tokenizer, "tokenizer");
        List<List<String>> trainTokens = new ArrayList<>(data.train().size());
        for (Example e : data.train().examples()) {
            trainTokens.add(tokenizer.tokenize(e.text()));
        }
        ModelVocabulary vocabulary = ModelVocabulary.build(trainTokens, pretrained, config);
        SequenceEncoder encoder = new SequenceEncoder(vocabulary.words(), tokenizer, maxLen);
        try {
            return new EncodedDataset(data.labels(), vocabulary, tokenizer,
                    encoder.encode(data.train(), data.labels()),
                    encoder.encode(data.dev(), data.labels()),
                    encoder.encode(data.test(), data.labels()), data.train().sha256());
        } catch (DatasetFileException e) {
            // Dataset's constructor has checked every label against data.labels().
            throw new IllegalStateException("label check passed in Dataset but failed here", e);
        }
    }
}
