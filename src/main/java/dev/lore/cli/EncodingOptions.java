package dev.lore.cli;

import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.SequenceEncoder;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.io.WordVectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How sentences become token ids, shared by {@code lore train} and {@code lore experiment}: the
 * sequence length and the minimum count of a training word without a pretrained vector.
 */
final class EncodingOptions {

    /** Longest accepted {@code --max-length}. */
    static final int MAX_LENGTH = 1_000_000;

    @Option(names = "--max-length", defaultValue = "" + SequenceEncoder.DEFAULT_MAX_LEN, paramLabel = "N",
            description = "Tokens kept per sentence (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--min-count", defaultValue = "" + VocabularyConfig.DEFAULT_MIN_COUNT, paramLabel = "N",
            description = "Training words without a pretrained vector get a row if this frequent (default: ${DEFAULT-VALUE}).")
    int minCount;

    /** @throws ParameterException naming the option and the value when one is out of range */
    void validate(CommandSpec spec) {
        if (maxLength < 1 || maxLength > MAX_LENGTH) {
            throw new ParameterException(spec.commandLine(), "--max-length must be in [1, " + MAX_LENGTH + "], got "
                    + maxLength);
        }
        if (minCount < 1) {
            throw new ParameterException(spec.commandLine(), "--min-count must be >= 1, got " + minCount);
        }
    }

    /** {@code data} encoded with these options. */
    EncodedDataset encode(Dataset data, Tokenizer tokenizer, WordVectors embeddings) {
        return DataInputs.encode(data, tokenizer, embeddings, maxLength, minCount);
    }
}
