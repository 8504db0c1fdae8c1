package dev.lore.io;

/** The embedding file formats lore reads. */
public enum EmbeddingFormat {
    /** GloVe text: one {@code word v1 ... vd} line per word, space separated, no header. */
    GLOVE_TEXT,
    /** word2vec / fastText text: a {@code V d} header line, then GloVe-style lines. */
    WORD2VEC_TEXT,
    /** word2vec binary: a {@code V d} header line, then per word {@code word<space>} and d little-endian floats. */
    WORD2VEC_BINARY
}
