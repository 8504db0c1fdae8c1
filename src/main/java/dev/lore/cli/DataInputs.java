package dev.lore.cli;

import dev.lore.ProgressListener;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Example;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reading the labeled datasets and the pretrained vectors for the training commands. */
final class DataInputs {

    private DataInputs() {}

    /**
     * Reads {@code PREFIX.train.tsv}, {@code PREFIX.dev.tsv} and {@code PREFIX.test.tsv}.
     *
     * @param hint how to get the files, appended to the message when one is missing (may be empty)
     * @throws IOException naming the missing file, or the file and line of a malformed one
     */
    static Dataset dataset(Path prefix, String hint) throws IOException {
        for (String suffix : List.of(Dataset.TRAIN_SUFFIX, Dataset.DEV_SUFFIX, Dataset.TEST_SUFFIX)) {
            Path f = Dataset.splitFile(prefix, suffix);
            if (Files.isDirectory(f)) {
                throw new IOException("dataset file " + f + " is a directory, not a file (--dataset " + prefix
                        + " reads " + prefix.getFileName() + ".train.tsv, .dev.tsv and .test.tsv)");
            }
            if (!Files.isRegularFile(f)) {
                throw new IOException("dataset file not found: " + f + " (--dataset " + prefix + " reads "
                        + prefix.getFileName() + ".train.tsv, .dev.tsv and .test.tsv)" + hint);
            }
        }
        return Dataset.load(prefix);
    }

    /** The dataset's name in result files: the prefix's file name, e.g. {@code sst2}. */
    static String name(Path prefix) {
        return prefix.getFileName().toString();
    }

    /**
     * Reads the vectors of the words of the training splits (and their lower-cased forms) from
     * {@code file}: a model's vocabulary never holds other words.
     *
     * @throws IOException naming the file if it is missing or malformed
     */
    static WordVectors embeddings(Path file, List<Dataset> datasets, Tokenizer tokenizer, String hint,
            ProgressListener progress) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("--embeddings " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("embeddings file not found: " + file + hint);
        }
        Set<String> words = new HashSet<>();
        for (Dataset d : datasets) {
            for (Example e : d.train().examples()) {
                for (String t : tokenizer.tokenize(e.text())) {
                    words.add(t);
                    words.add(t.toLowerCase(Locale.ROOT));
                }
            }
        }
        return EmbeddingReader.load(file, new ReadOptions(null, 0, words), progress).vectors();
    }

    /** Tokenizes, builds the vocabulary and encodes, with the library defaults. */
    static EncodedDataset encode(Dataset data, Tokenizer tokenizer, WordVectors embeddings, int maxLength, int minCount) {
        return EncodedDataset.prepare(data, tokenizer, embeddings,
                VocabularyConfig.defaults().withMinCount(minCount), maxLength);
    }
}
