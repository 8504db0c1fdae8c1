package dev.lore.store;

import dev.lore.data.Tokenizer;
import dev.lore.io.Vocabulary;
import dev.lore.nn.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Text to token ids over any vocabulary, a plain embedding vocabulary (without {@code <pad>} or
 * {@code <unk>}) included: tokenize, look each token up (exactly, then lower-cased), apply the
 * policy for unknown tokens, keep the first {@code maxLen} ids. A batch is a {@link TokenBatch}
 * padded to its longest sequence, with the lengths (positions at or past a length are padding,
 * id 0, which models ignore). Immutable and thread-safe.
 */
public final class TextEncoder {

    /** What happens to a token the vocabulary does not know (even lower-cased). */
    public enum Unknown {
        /** Dropped: the sequence is shorter (possibly empty, length 0). */
        SKIP,
        /** An {@link IllegalArgumentException} naming the token and the text. */
        REJECT,
        /** Replaced by the id given to {@link TextEncoder#TextEncoder(Vocabulary, Tokenizer, int, Unknown, int)}. */
        REPLACE
    }

    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final int maxLen;
    private final Unknown unknown;
    private final int replacement;

    /**
     * An encoder.
     *
     * @param vocabulary the words, id {@code i} naming word {@code i}
     * @param tokenizer how texts are split
     * @param maxLen longest sequence kept, in {@code [1, 1_000_000]}; longer texts are cut
     * @param unknown the policy for unknown tokens
     * @param replacement the id of an unknown token under {@link Unknown#REPLACE}, in
     *     {@code [0, vocabulary.size())}; ignored otherwise
     * @throws IllegalArgumentException if {@code maxLen} or {@code replacement} is out of range
     * @throws NullPointerException if an argument is null
     */
    public TextEncoder(Vocabulary vocabulary, Tokenizer tokenizer, int maxLen, Unknown unknown, int replacement) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.unknown = Objects.requireNonNull(unknown, "unknown");
        if (maxLen < 1 || maxLen > 1_000_000) {
            throw new IllegalArgumentException("maxLen must be in [1, 1000000], got " + maxLen);
        }
        if (unknown == Unknown.REPLACE && (replacement < 0 || replacement >= vocabulary.size())) {
            throw new IllegalArgumentException("replacement must be in [0, " + vocabulary.size() + "), got " + replacement);
        }
        this.maxLen = maxLen;
        this.replacement = replacement;
    }

    /**
     * An encoder that drops unknown tokens ({@link Unknown#SKIP}).
     *
     * @param vocabulary the words
     * @param tokenizer how texts are split
     * @param maxLen longest sequence kept, in {@code [1, 1_000_000]}
     * @return the encoder
     * @throws IllegalArgumentException if {@code maxLen} is out of range
     */
    public static TextEncoder skipping(Vocabulary vocabulary, Tokenizer tokenizer, int maxLen) {
        return new TextEncoder(vocabulary, tokenizer, maxLen, Unknown.SKIP, 0);
    }

    /**
     * The ids of one text.
     *
     * @param text the text, not null
     * @return a new array of at most {@code maxLen} ids
     * @throws IllegalArgumentException under {@link Unknown#REJECT} for an unknown token
     */
    public int[] encode(String text) {
        List<String> tokens = tokenizer.tokenize(Objects.requireNonNull(text, "text"));
        int[] ids = new int[Math.min(maxLen, tokens.size())];
        int n = 0;
        for (String t : tokens) {
            if (n == maxLen) {
                break;
            }
            int id = vocabulary.indexOf(t);
            if (id < 0) {
                id = vocabulary.indexOf(t.toLowerCase(Locale.ROOT));
            }
            if (id < 0) {
                switch (unknown) {
                    case SKIP -> {
                        continue;
                    }
                    case REJECT -> throw new IllegalArgumentException("token '" + t + "' of text '"
                            + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "' is not in the vocabulary");
                    default -> id = replacement;
                }
            }
            ids[n++] = id;
        }
        return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    }

    /**
     * A batch of texts.
     *
     * @param texts at least one text
     * @return ids {@code [texts.size(), max(1, longest)]} INT, padding 0, the lengths, no labels
     * @throws IllegalArgumentException if {@code texts} is empty, or as {@link #encode(String)}
     */
    public TokenBatch batch(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("texts must not be empty");
        }
        List<int[]> seqs = new ArrayList<>(texts.size());
        int longest = 1;
        for (String t : texts) {
            int[] ids = encode(t);
            seqs.add(ids);
            longest = Math.max(longest, ids.length);
        }
        int[] flat = new int[Math.multiplyExact(texts.size(), longest)];
        int[] lengths = new int[texts.size()];
        for (int i = 0; i < seqs.size(); i++) {
            int[] ids = seqs.get(i);
            System.arraycopy(ids, 0, flat, i * longest, ids.length);
            lengths[i] = ids.length;
        }
        return new TokenBatch(Nd4j.create(flat, new long[] {texts.size(), longest}, DataType.INT), lengths, null);
    }
}
