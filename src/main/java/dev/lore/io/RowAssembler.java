package dev.lore.io;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Receives parsed chunks in file order and keeps the rows a {@link ReadOptions} asks for: the first
 * occurrence of each word, only words of {@code keepOnly}, at most {@code maxWords} words. Kept
 * values are copied into heap blocks, then into one off-heap matrix by {@link #build()}, which
 * frees the blocks as it goes; so the heap holds the matrix once plus at most one partly filled
 * block. The first block is sized from an estimate of the rows when there is one (a large
 * estimate saves the garbage collector a concurrent cycle per 4 MB block), the others hold 4 MB.
 */
final class RowAssembler {

    /** Block size in bytes, array header included, so a block fills whole G1 regions. */
    private static final int BLOCK_BYTES = 4 << 20;
    private static final int ARRAY_HEADER_BYTES = 16;
    /** Largest number of values in the result: a direct FloatBuffer is indexed by int. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Largest capacity reserved up front from a header or a guess; beyond it the table grows. */
    private static final int MAX_EXPECTED_WORDS = 1 << 22;
    /** Largest first block, in values (1 GiB). */
    private static final long MAX_FIRST_BLOCK_VALUES = 1L << 28;

    private final Path file;
    private final int dim;
    private final int maxWords;
    private final Set<String> keepOnly;
    private final long declaredWords;
    private final int rowsPerBlock;
    private final int firstBlockRows;
    private final List<float[]> blocks = new ArrayList<>();
    private final WordTable kept;
    private float[] block;
    private int blockRows;
    private long wordsSeen;
    private long duplicates;
    private String firstDuplicate;
    private long firstDuplicateLine;
    private long badUtf8;
    private long firstBadUtf8Line;
    /** Receives the kept rows of each chunk instead of the blocks, or null. */
    private EmbeddingReader.RowConsumer sink;

    /**
     * @param dim values per word, {@code >= 1}
     * @param declaredWords words the header declares, or -1 without a header
     * @param expectedWords an estimate of the words in the file, for sizing, or -1; it must not
     *     much exceed what the file can hold, since that much memory is reserved
     */
    RowAssembler(Path file, int dim, ReadOptions options, long declaredWords, long expectedWords) {
        this.file = file;
        this.dim = dim;
        this.maxWords = options.maxWords() == 0 ? Integer.MAX_VALUE : options.maxWords();
        this.keepOnly = options.keepOnly();
        this.declaredWords = declaredWords;
        this.rowsPerBlock = Math.max(1, (BLOCK_BYTES - ARRAY_HEADER_BYTES) / Float.BYTES / dim);
        long expected = Math.min(expectedWords, maxWords);
        if (keepOnly != null) {
            expected = Math.min(expected, keepOnly.size());
        }
        this.kept = new WordTable((int) Math.max(0, Math.min(expected, MAX_EXPECTED_WORDS)));
        long firstValues = Math.min(expected * dim, Math.min(MAX_FIRST_BLOCK_VALUES,
                Runtime.getRuntime().maxMemory() / 2 / Float.BYTES));
        this.firstBlockRows = (int) Math.max(rowsPerBlock, firstValues / dim);
    }

    /**
     * Sends the kept rows of every chunk to {@code consumer} instead of keeping them; {@link #build()}
     * must not be called then. Only the words stay here, to recognize duplicates.
     */
    void streamTo(EmbeddingReader.RowConsumer consumer) {
        this.sink = consumer;
    }

    /** Values per word. */
    int dimension() {
        return dim;
    }

    /** Words kept so far. */
    int keptWords() {
        return kept.size();
    }

    /** Whether {@code maxWords} words are kept, so reading may stop. */
    boolean full() {
        return kept.size() >= maxWords;
    }

    /**
     * Takes the rows of {@code chunk}, whose first line is line {@code lineBase + 1} of the file,
     * until {@link #full()}; then reports the chunk's problem, if it has one and was reached.
     *
     * @throws EmbeddingFileException for the chunk's problem, a word beyond the header's count, or
     *     a result too large for one matrix
     */
    void add(ParsedChunk chunk, long lineBase) throws java.io.IOException {
        if (chunk.badUtf8 > 0 && badUtf8 == 0) {
            firstBadUtf8Line = lineBase + chunk.firstBadUtf8Line + 1;
        }
        badUtf8 += chunk.badUtf8;
        String[] sunkWords = sink == null ? null : new String[chunk.count];
        float[] sunkValues = sink == null ? null : new float[chunk.count * dim];
        int sunk = 0;
        for (int i = 0; i < chunk.count && !full(); i++) {
            long line = lineBase + chunk.lines[i] + 1;
            if (declaredWords >= 0 && wordsSeen == declaredWords) {
                throw new EmbeddingFileException(file, line, "more words than the " + declaredWords
                        + " the header declares");
            }
            wordsSeen++;
            String word = chunk.words[i];
            if (keepOnly != null && !keepOnly.contains(word)) {
                continue;
            }
            if (!kept.add(word)) {
                if (duplicates++ == 0) {
                    firstDuplicate = word;
                    firstDuplicateLine = line;
                }
                continue;
            }
            if (sink != null) {
                sunkWords[sunk] = word;
                System.arraycopy(chunk.values, i * dim, sunkValues, sunk * dim, dim);
                sunk++;
                continue;
            }
            if ((long) kept.size() * dim > MAX_VALUES) {
                throw new EmbeddingFileException(file, line, "more than " + MAX_VALUES
                        + " values, too many for one matrix");
            }
            append(chunk.values, i * dim);
        }
        if (sunk > 0) {
            sink.accept(sunkWords, sunkValues, sunk);
        }
        if (chunk.problemLine >= 0 && !full()) {
            throw new EmbeddingFileException(file, lineBase + chunk.problemLine + 1, chunk.problem,
                    chunk.problemCause);
        }
    }

    private void append(float[] values, int offset) {
        if (block == null || blockRows * dim == block.length) {
            block = new float[(blocks.isEmpty() ? firstBlockRows : rowsPerBlock) * dim];
            blocks.add(block);
            blockRows = 0;
        }
        System.arraycopy(values, offset, block, blockRows * dim, dim);
        blockRows++;
    }

    /** Words read so far (kept or not, duplicates included). */
    long wordsSeen() {
        return wordsSeen;
    }

    long duplicates() {
        return duplicates;
    }

    String firstDuplicate() {
        return firstDuplicate;
    }

    long firstDuplicateLine() {
        return firstDuplicateLine;
    }

    long badUtf8() {
        return badUtf8;
    }

    long firstBadUtf8Line() {
        return firstBadUtf8Line;
    }

    /** The kept words and their vectors, a {@code [kept, dim]} FLOAT 'c' matrix; call once. */
    WordVectors build() {
        int rows = kept.size();
        Vocabulary vocabulary = kept.toVocabulary();
        INDArray vectors = Nd4j.create(DataType.FLOAT, new long[] {rows, dim}, 'c');
        if (rows > 0) {
            FloatBuffer target = vectors.data().asNioFloat();
            for (int i = 0; i < blocks.size(); i++) {
                int n = i == blocks.size() - 1 ? blockRows : blocks.get(i).length / dim;
                target.put(blocks.get(i), 0, n * dim);
                blocks.set(i, null);
            }
        }
        block = null;
        return new WordVectors(vocabulary, vectors);
    }
}
