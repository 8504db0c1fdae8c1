package dev.lore.data;

import dev.lore.io.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns texts into fixed-length id sequences: tokenize, look each token up ({@link
 * ModelVocabulary#UNK} when absent), keep the first {@code maxLen} ids, pad the rest with
 * {@link ModelVocabulary#PAD}.
 *
 * <p>A text with no token after tokenization (e.g. {@code "..."} under {@link Tokenizer#kim()})
 * becomes a single UNK of length 1, not length 0: mean pooling, max pooling and recurrent models
 * are all undefined on an empty sequence, and a learned "nothing known here" vector is the honest
 * input for it. {@link SplitStats#empty()} counts these.
 */
public final class SequenceEncoder {

    /** Default {@link #maxLen()}. */
    public static final int DEFAULT_MAX_LEN = 40;

    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final int maxLen;

    /**
     * @param vocabulary a model vocabulary: word 0 {@value ModelVocabulary#PAD_WORD}, word 1
     *     {@value ModelVocabulary#UNK_WORD}
     * @param tokenizer the tokenizer the vocabulary was built with
     * @param maxLen padded length, in {@code [1, 1_000_000]}
     * @throws IllegalArgumentException if {@code maxLen} is out of range or the vocabulary does not
     *     start with PAD and UNK
     */
    public SequenceEncoder(Vocabulary vocabulary, Tokenizer tokenizer, int maxLen) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLen < 1 || maxLen > 1_000_000) {
            throw new IllegalArgumentException("maxLen must be in [1, 1000000], got " + maxLen);
        }
        if (vocabulary.size() < 2 || !vocabulary.word(ModelVocabulary.PAD).equals(ModelVocabulary.PAD_WORD)
                || !vocabulary.word(ModelVocabulary.UNK).equals(ModelVocabulary.UNK_WORD)) {
            throw new IllegalArgumentException("vocabulary must start with " + ModelVocabulary.PAD_WORD
                    + ", " + ModelVocabulary.UNK_WORD + ", got " + vocabulary);
        }
        this.maxLen = maxLen;
    }

    /**
     * Padded length.
     *
     * @return {@code maxLen}, in {@code [1, 1_000_000]}
     */
    public int maxLen() {
        return maxLen;
    }

    /**
     * The tokenizer.
     *
     * @return the tokenizer given at construction
     */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Encodes one token sequence into {@code out[offset, offset + maxLen)}, which it overwrites.
     *
     * @param tokens the tokens, in order; only the first {@code maxLen} are used
     * @param out the destination, modified in {@code [offset, offset + maxLen)} only
     * @param offset first index written
     * @return the length, in {@code [1, maxLen]}
     * @throws IndexOutOfBoundsException if {@code out} is too short
     */
    public int encode(List<String> tokens, int[] out, int offset) {
        Objects.checkFromIndexSize(offset, maxLen, out.length);
        int len = Math.min(tokens.size(), maxLen);
        for (int t = 0; t < len; t++) {
            out[offset + t] = ModelVocabulary.idIn(vocabulary, tokens.get(t));
        }
        if (len == 0) {
            out[offset] = ModelVocabulary.UNK;
            len = 1;
        }
        Arrays.fill(out, offset + len, offset + maxLen, ModelVocabulary.PAD);
        return len;
    }

    /**
     * The ids of one text.
     *
     * @param text the raw text, tokenized by {@link #tokenizer()}
     * @return a new array of {@code maxLen} ids, padding included
     * @throws NullPointerException if {@code text} is null
     */
    public int[] encode(String text) {
        int[] out = new int[maxLen];
        encode(tokenizer.tokenize(text), out, 0);
        return out;
    }

    /**
     * Encodes a split, labels mapped by {@code labels}.
     *
     * @param split the split, not modified
     * @param labels the classes
     * @return the encoded split with its statistics
     * @throws DatasetFileException naming file, line and label if a label is not in {@code labels}
     * @throws IllegalArgumentException for the same problem in an in-memory split
     */
    public EncodedSplit encode(DatasetSplit split, LabelSet labels) throws DatasetFileException {
        int[] classes = labels.classesOf(split);
        int n = split.size();
        int[] ids = new int[Math.multiplyExact(n, maxLen)];
        int[] lengths = new int[n];
        long tokens = 0;
        long unk = 0;
        int truncated = 0;
        long truncatedTokens = 0;
        int empty = 0;
        for (int i = 0; i < n; i++) {
            List<String> toks = tokenizer.tokenize(split.example(i).text());
            for (String t : toks) {
                if (ModelVocabulary.idIn(vocabulary, t) == ModelVocabulary.UNK) {
                    unk++;
                }
            }
            tokens += toks.size();
            if (toks.isEmpty()) {
                empty++;
            } else if (toks.size() > maxLen) {
                truncated++;
                truncatedTokens += toks.size() - maxLen;
            }
            lengths[i] = encode(toks, ids, i * maxLen);
        }
        SplitStats stats = new SplitStats(split.name(), n, tokens, unk, truncated, truncatedTokens, empty);
        return new EncodedSplit(maxLen, ids, lengths, classes, stats);
    }
}
