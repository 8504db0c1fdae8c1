package dev.lore.store;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.quant.ProductQuantizedMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A read-only embedding table to serve: vector lookups and cosine queries (similarity, exact
 * nearest neighbours, analogies), single or in batches.
 *
 * <p><b>Opening.</b> {@link #open(Path)} memory-maps a {@code .lore} file (format versions 1 and 2,
 * every kind: dense or low-rank, float32, scalar-quantized or product-quantized): the frame and
 * header are checked as {@link LoreFile#read} checks them; the vocabulary, the provenance and a
 * low-rank {@code B} are decoded into the heap, the large matrix is not: its rows are decoded on
 * each lookup from the mapped pages, which the operating system shares between every process that
 * maps the file. Opening does not touch those pages: the CRC32C of the whole file and the
 * finiteness of every mapped value are checked once, by {@link #verify()} or on the first access
 * to a row, whichever comes first (a sequential pass over the mapped pages at memory speed); until
 * then no row is read, and a corrupt file fails that call and every later row access with a
 * {@link dev.lore.compress.LoreFormatException} (wrapped in an {@link UncheckedIOException} where
 * the method cannot throw a checked exception). A
 * {@code .lore} file of another format version, or with a matrix encoding this class does not map,
 * is read whole by {@link LoreFile#read} and its rows decoded through {@link StoredMatrix#row}.
 * Any other file is read as a raw embedding file by {@link EmbeddingReader} (GloVe or word2vec
 * text or binary, gzipped or not) into memory; the first occurrence of a repeated word is kept.
 *
 * <p><b>Similarity.</b> The cosine of two rows as stored (decoded, for a low-rank store
 * {@code a_i B} summed in double and rounded to float, as {@link CompressedEmbedding#vector(int)}),
 * computed in double; 0 when either row is zero. Nearest neighbours are exact (see the two-pass
 * search of this package), ordered by decreasing similarity, ties by increasing index.
 *
 * <p><b>Threads.</b> Every method is safe to call from many threads at once on one store, with
 * no lock on the hot path: lookups write only into the caller's arrays, queries allocate their own
 * scratch memory, and the row norms are computed once on first query. The store holds no open
 * file: the mapping lives until the store is garbage-collected.
 */
public final class EmbeddingStore {

    private final Path file;
    private final Vocabulary vocabulary;
    private final Rows a;
    private final float[] b; // [r, d] or null when dense
    private final int dimension;
    private final boolean mapped;
    private final String describe;
    private final Map<String, String> provenance;
    private final Search search;
    private final String unknownWord;
    private final LoreMapping.Verification verification; // null once verified or when built in memory
    private volatile boolean verified;

    /** The unknown-word token of a store unless {@link #withUnknownWord} names another. */
    public static final String DEFAULT_UNKNOWN_WORD = "<unk>";

    private EmbeddingStore(Path file, Vocabulary vocabulary, Rows a, float[] b, int dimension, boolean mapped,
            String describe, Map<String, String> provenance, LoreMapping.Verification verification) {
        this.verification = verification;
        this.verified = verification == null;
        this.file = file;
        this.vocabulary = vocabulary;
        this.a = a;
        this.b = b;
        this.dimension = dimension;
        this.mapped = mapped;
        this.describe = describe;
        this.provenance = Map.copyOf(provenance);
        if (a.rows() != vocabulary.size()) {
            throw new IllegalArgumentException("the table has " + a.rows() + " rows but the vocabulary "
                    + vocabulary.size() + " words");
        }
        this.search = new Search(this, a, b, dimension);
        this.unknownWord = DEFAULT_UNKNOWN_WORD;
    }

    /** A copy with another unknown-word token, sharing the table, the norms and the search. */
    private EmbeddingStore(EmbeddingStore s, String unknownWord) {
        this.file = s.file;
        this.vocabulary = s.vocabulary;
        this.a = s.a;
        this.b = s.b;
        this.dimension = s.dimension;
        this.mapped = s.mapped;
        this.describe = s.describe;
        this.provenance = s.provenance;
        this.search = s.search;
        this.unknownWord = unknownWord;
        this.verification = s.verification;
        this.verified = s.verified;
    }

    /** A copy whose search uses other block and slice sizes, for tests of their edges. */
    private EmbeddingStore(EmbeddingStore s, int nativeBlock, int minSlice) {
        this.unknownWord = s.unknownWord;
        this.verification = s.verification;
        this.verified = s.verified;
        this.file = s.file;
        this.vocabulary = s.vocabulary;
        this.a = s.a;
        this.b = s.b;
        this.dimension = s.dimension;
        this.mapped = s.mapped;
        this.describe = s.describe;
        this.provenance = s.provenance;
        this.search = new Search(this, a, b, dimension, nativeBlock, minSlice);
    }

    /** This store searched in native blocks of {@code nativeBlock} rows and slices of at least {@code minSlice}. */
    EmbeddingStore withBlocks(int nativeBlock, int minSlice) {
        return new EmbeddingStore(this, nativeBlock, minSlice);
    }

    /** Whether the scan of this store runs on native float32 memory through BLAS. */
    boolean nativeScan() {
        return a.nativeRows(0) != null;
    }

    /**
     * Opens an embedding file for serving: a {@code .lore} file memory-mapped, any other file
     * read as a raw embedding file (see the class comment).
     *
     * @param file a {@code .lore} file (recognized by its magic bytes, whatever its name) or a
     *     GloVe/word2vec file
     * @return the store
     * @throws dev.lore.compress.LoreFormatException if a {@code .lore} file is truncated, corrupt
     *     (checksum, a non-finite value) or inconsistent
     * @throws dev.lore.io.EmbeddingFileException if a raw file is malformed (file and line named)
     * @throws IOException if the file cannot be read
     */
    public static EmbeddingStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] head = new byte[LoreMapping.MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (!LoreMapping.isLore(head, n)) {
            return of(EmbeddingReader.read(file), file);
        }
        LoreMapping.Parts parts;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            parts = LoreMapping.open(file, channel);
        }
        if (parts == null) {
            return of(LoreFile.read(file), file);
        }
        return new EmbeddingStore(file, parts.vocabulary(), parts.a(), parts.b(), parts.dimension(), true,
                parts.describe(), parts.provenance(), parts.verification());
    }

    /**
     * A store over word vectors in memory; the matrix is held, not copied.
     *
     * @param vectors the words and vectors; the caller must not modify the matrix afterwards
     * @return the store
     * @throws IllegalArgumentException if the matrix has more than {@code Integer.MAX_VALUE} values
     * @throws NullPointerException if {@code vectors} is null
     */
    public static EmbeddingStore of(WordVectors vectors) {
        return of(vectors, null);
    }

    private static EmbeddingStore of(WordVectors vectors, Path file) {
        INDArray m = vectors.matrix();
        if (m.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the matrix has " + m.length() + " values, more than "
                    + Integer.MAX_VALUE);
        }
        return new EmbeddingStore(file, vectors.vocabulary(), floatRows(m), null, vectors.dimension(), false,
                "raw float32", Map.of(), null);
    }

    /** The rows of a matrix in ND4J's memory, held (copied only if not contiguous 'c'-ordered FLOAT). */
    private static Rows floatRows(INDArray m) {
        INDArray c = m.dataType() == DataType.FLOAT && m.ordering() == 'c' && !m.isView() && m.offset() == 0
                && m.data().length() == m.length() ? m : m.castTo(DataType.FLOAT).dup('c');
        FloatBuffer buf = c.data().asNioFloat();
        buf.limit((int) c.length());
        int rows = (int) c.rows();
        return new FloatRows(new FloatBuffer[] {buf}, rows, rows, (int) c.columns(), 4L * c.length(), c);
    }

    /**
     * A store over a compressed embedding in memory, its rows decoded through
     * {@link StoredMatrix#row} (every kind of stored matrix).
     *
     * @param embedding the embedding, immutable, held
     * @return the store
     * @throws NullPointerException if {@code embedding} is null
     */
    public static EmbeddingStore of(CompressedEmbedding embedding) {
        return of(embedding, null);
    }

    private static EmbeddingStore of(CompressedEmbedding e, Path file) {
        Objects.requireNonNull(e, "embedding");
        float[] b = null;
        if (e.b().isPresent()) {
            StoredMatrix bm = e.b().get();
            b = new float[Math.multiplyExact(bm.rows(), bm.columns())];
            new StoredRows(bm).read(0, bm.rows(), b, 0);
        }
        String describe = (e.kind() == CompressedEmbedding.Kind.LOW_RANK ? "low-rank r=" + e.rank() + ", A " : "dense, ")
                + e.a().describe();
        Rows a;
        if (e.a() instanceof StoredMatrix.Float32 f && f.values().length() <= Integer.MAX_VALUE) {
            a = floatRows(f.values());
        } else if (e.a() instanceof StoredMatrix.ProductQuantized p) {
            ProductQuantizedMatrix pq = p.matrix();
            a = new PqRows(ByteBuffer.wrap(pq.packedCodes()), pq.rows(), pq.columns(), pq.subspaces(), pq.bits(),
                    pq.codebooks(), pq.rotation().orElse(null));
        } else {
            a = new StoredRows(e.a());
        }
        return new EmbeddingStore(file, e.vocabulary(), a, b, e.dimension(), false, describe,
                e.provenance().entries(), null);
    }

    /**
     * Runs the checks of a mapped file that {@link #open} defers, if they have not run yet: the
     * CRC32C of every byte and the finiteness of every float32 value of the mapped table, in one
     * pass over its pages. The first access to a row (a lookup or a query) runs them too.
     *
     * @return this store
     * @throws dev.lore.compress.LoreFormatException if the file is corrupt (this and every later
     *     call, and every row access, then fail the same way)
     */
    public EmbeddingStore verify() throws IOException {
        if (!verified) {
            verification.run();
            verified = true;
        }
        return this;
    }

    /** {@link #verify()} for the row accesses, which cannot throw a checked exception. */
    private void verified() {
        if (!verified) {
            try {
                verify();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The file the store was opened from.
     *
     * @return the path given to {@link #open}, or empty for a store built in memory
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The words.
     *
     * @return the vocabulary, word {@code i} naming row {@code i}
     */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Number of words.
     *
     * @return {@code vocabulary().size()}, {@code >= 1}
     */
    public int size() {
        return vocabulary.size();
    }

    /**
     * Vector dimension {@code d}.
     *
     * @return {@code >= 1}
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The rank of a low-rank store.
     *
     * @return {@code r}, or 0 when the store holds one dense matrix
     */
    public int rank() {
        return b == null ? 0 : a.columns();
    }

    /**
     * Whether the table is memory-mapped rather than held in the heap.
     *
     * @return true for a {@code .lore} file opened by {@link #open} and mapped
     */
    public boolean mapped() {
        return mapped;
    }

    /**
     * Bytes the table occupies in the heap, mapped pages excluded.
     *
     * @return the heap bytes of the stored matrices (0 for a mapped float32 table)
     */
    public long heapBytes() {
        return a.heapBytes() + (b == null ? 0 : 4L * b.length);
    }

    /**
     * The provenance entries of a {@code .lore} file.
     *
     * @return an unmodifiable map, empty for a raw embedding
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Writes the vector of row {@code index} into {@code dst[offset, offset + dimension())}.
     *
     * @param index the row, in {@code [0, size())}
     * @param dst the destination, modified in that range only
     * @param offset the first index written
     * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
     */
    public void vector(int index, float[] dst, int offset) {
        verified();
        Objects.checkIndex(index, size());
        Objects.checkFromIndexSize(offset, dimension, dst.length);
        if (b == null) {
            a.read(index, 1, dst, offset);
            return;
        }
        int r = a.columns();
        float[] coeffs = new float[r];
        a.read(index, 1, coeffs, 0);
        for (int j = 0; j < dimension; j++) {
            double sum = 0.0;
            for (int k = 0; k < r; k++) {
                sum += (double) coeffs[k] * b[k * dimension + j];
            }
            dst[offset + j] = (float) sum;
        }
    }

    /**
     * The vector of row {@code index}.
     *
     * @param index the row, in {@code [0, size())}
     * @return a new array of {@link #dimension()} values
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public float[] vector(int index) {
        float[] v = new float[dimension];
        vector(index, v, 0);
        return v;
    }

    /**
     * The vector of a word, matched exactly.
     *
     * @param word the word, not null
     * @return a new array of {@link #dimension()} values, or empty if the word is unknown
     * @throws NullPointerException if {@code word} is null
     */
    public Optional<float[]> lookup(String word) {
        int i = vocabulary.indexOf(Objects.requireNonNull(word, "word"));
        return i < 0 ? Optional.empty() : Optional.of(vector(i));
    }

    /**
     * The token whose row stands for unknown words under {@link UnknownWords#UNKNOWN_ROW}.
     *
     * @return {@value #DEFAULT_UNKNOWN_WORD} unless {@link #withUnknownWord} named another
     */
    public String unknownWord() {
        return unknownWord;
    }

    /**
     * This store with another unknown-word token; the table, the norms and everything else are
     * shared, not copied.
     *
     * @param token a word of the vocabulary, e.g. {@code UNK} or {@code [UNK]}
     * @return the store
     * @throws IllegalArgumentException if {@code token} is not in the vocabulary
     * @throws NullPointerException if {@code token} is null
     */
    public EmbeddingStore withUnknownWord(String token) {
        if (!vocabulary.contains(Objects.requireNonNull(token, "token"))) {
            throw new IllegalArgumentException("unknown-word token '" + token + "' is not in the vocabulary" + where());
        }
        return new EmbeddingStore(this, token);
    }

    /**
     * The row of a word under a policy for unknown words.
     *
     * @param word the word, not null
     * @param unknown what to do when it is not in the vocabulary
     * @return the row, or -1 for a zero vector (policies {@code ZERO}, {@code LOWER_CASE_OR_ZERO})
     * @throws IllegalArgumentException if the word is unknown and the policy rejects it, or asks for
     *     the unknown-word row and the store has no {@link #unknownWord()}
     * @throws NullPointerException if an argument is null
     */
    public int indexOf(String word, UnknownWords unknown) {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(unknown, "unknown");
        int i = vocabulary.indexOf(word);
        if (i < 0 && unknown.lowerCase()) {
            i = vocabulary.indexOf(word.toLowerCase(Locale.ROOT));
        }
        if (i < 0 && unknown.unknownRow()) {
            i = vocabulary.indexOf(unknownWord);
            if (i < 0) {
                throw new IllegalArgumentException("word '" + word + "' is not in the vocabulary" + where()
                        + ", which has no unknown-word row '" + unknownWord + "' (name one with withUnknownWord)");
            }
        }
        if (i < 0 && !unknown.zero()) {
            throw new IllegalArgumentException("word '" + word + "' is not in the vocabulary" + where());
        }
        return i;
    }

    /**
     * The vectors of many words, one row each, in order.
     *
     * @param words the words, not null
     * @param unknown what to do with a word not in the vocabulary
     * @return a new FLOAT 'c' matrix {@code [words.size(), dimension()]} (at least one row: an empty
     *     list gives {@code [0, d]} as ND4J allows)
     * @throws IllegalArgumentException if a word is unknown and the policy rejects it
     * @throws NullPointerException if an argument or a word is null
     */
    public INDArray lookup(List<String> words, UnknownWords unknown) {
        Objects.requireNonNull(words, "words");
        float[] out = new float[Math.multiplyExact(words.size(), dimension)];
        for (int w = 0; w < words.size(); w++) {
            int i = indexOf(words.get(w), unknown);
            if (i >= 0) {
                vector(i, out, w * dimension);
            }
        }
        return Nd4j.create(out, new long[] {words.size(), dimension}, DataType.FLOAT);
    }

    /**
     * The cosine similarity of two words.
     *
     * @param first a word, matched exactly
     * @param second a word, matched exactly
     * @return the cosine of their rows in double (0 if either row is zero), or empty if either word
     *     is unknown
     * @throws NullPointerException if a word is null
     */
    public OptionalDouble similarity(String first, String second) {
        int i = vocabulary.indexOf(Objects.requireNonNull(first, "first"));
        int j = vocabulary.indexOf(Objects.requireNonNull(second, "second"));
        return i < 0 || j < 0 ? OptionalDouble.empty() : OptionalDouble.of(similarity(i, j));
    }

    /**
     * The cosine similarity of two rows.
     *
     * @param i a row, in {@code [0, size())}
     * @param j a row, in {@code [0, size())}
     * @return their cosine in double, 0 if either row is zero
     * @throws IndexOutOfBoundsException if a row is out of range
     */
    public double similarity(int i, int j) {
        float[] x = vector(i);
        double[] t = new double[dimension];
        double tn = 0;
        for (int c = 0; c < dimension; c++) {
            t[c] = x[c];
            tn += t[c] * t[c];
        }
        return Search.cosine(t, Math.sqrt(tn), vector(j));
    }

    /**
     * The {@code k} words nearest to {@code word} by cosine, the word itself excluded.
     *
     * @param word a known word, matched exactly
     * @param k how many, {@code >= 1}; fewer when the store has fewer other words
     * @return the neighbours, most similar first
     * @throws IllegalArgumentException if the word is unknown or {@code k < 1}
     * @throws NullPointerException if {@code word} is null
     */
    public List<Neighbour> nearest(String word, int k) {
        return nearest(List.of(word), k, 1).get(0);
    }

    /**
     * The {@code k} nearest words of each of many words (each excluding itself), spread over
     * {@code threads} threads; the result does not depend on {@code threads}.
     *
     * @param words known words, matched exactly
     * @param k how many per word, {@code >= 1}
     * @param threads threads to use, in {@code [1, 256]}
     * @return one list per word, in order, as {@link #nearest(String, int)} gives it
     * @throws IllegalArgumentException if a word is unknown or {@code k} or {@code threads} is out of range
     * @throws NullPointerException if {@code words} or a word is null
     */
    public List<List<Neighbour>> nearest(List<String> words, int k, int threads) {
        verified();
        checkK(k);
        checkThreads(threads);
        double[][] targets = new double[words.size()][];
        int[][] excludes = new int[words.size()][];
        for (int w = 0; w < words.size(); w++) {
            int i = indexOf(words.get(w), UnknownWords.REJECT);
            targets[w] = toDouble(vector(i), 1.0);
            excludes[w] = new int[] {i};
        }
        return search.top(targets, excludes, k, size(), threads);
    }

    /**
     * The {@code k} words nearest to a vector by cosine.
     *
     * @param vector {@link #dimension()} finite values, not modified
     * @param k how many, {@code >= 1}
     * @return the neighbours, most similar first (all with similarity 0 for a zero vector)
     * @throws IllegalArgumentException if the length is wrong, a value is not finite or {@code k < 1}
     */
    public List<Neighbour> nearest(float[] vector, int k) {
        verified();
        checkK(k);
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector must have " + dimension + " values, got " + vector.length);
        }
        for (int c = 0; c < vector.length; c++) {
            if (!Float.isFinite(vector[c])) {
                throw new IllegalArgumentException("vector[" + c + "] must be finite, got " + vector[c]);
            }
        }
        return search.top(new double[][] {toDouble(vector, 1.0)}, new int[][] {{}}, k, size(), 1).get(0);
    }

    /**
     * Analogy by 3CosAdd (Mikolov et al. 2013; Levy and Goldberg 2014): the words {@code x} maximizing
     * {@code cos(x, b/|b| - a/|a| + c/|c|)}, {@code a}, {@code b} and {@code c} excluded: "a is to b
     * as c is to x". The ranking equals gensim's {@code most_similar(positive=[b, c], negative=[a])}.
     *
     * @param a a known word
     * @param b a known word
     * @param c a known word
     * @param k how many answers, {@code >= 1}
     * @return the answers, best first, with their cosine to the target vector
     * @throws IllegalArgumentException if a word is unknown or {@code k < 1}
     * @throws NullPointerException if a word is null
     */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        List<String[]> one = new ArrayList<>();
        one.add(new String[] {a, b, c});
        return analogies(one, k, size(), 1).get(0);
    }

    /**
     * Many analogies at once, {@link #analogy} for each, answers searched among the first
     * {@code limit} rows (in a frequency-sorted table, the {@code limit} most frequent words).
     *
     * @param questions each {@code {a, b, c}}, known words
     * @param k answers per question, {@code >= 1}
     * @param limit rows searched, in {@code [1, size()]}
     * @param threads threads, in {@code [1, 256]}
     * @return one list per question, in order; the result does not depend on {@code threads}
     * @throws IllegalArgumentException if a word is unknown or a count is out of range
     * @throws NullPointerException if a question or a word is null
     */
    public List<List<Neighbour>> analogies(List<String[]> questions, int k, int limit, int threads) {
        verified();
        checkK(k);
        checkThreads(threads);
        if (limit < 1 || limit > size()) {
            throw new IllegalArgumentException("limit must be in [1, " + size() + "], got " + limit);
        }
        double[][] targets = new double[questions.size()][];
        int[][] excludes = new int[questions.size()][];
        for (int q = 0; q < questions.size(); q++) {
            String[] w = questions.get(q);
            if (w.length != 3) {
                throw new IllegalArgumentException("question " + q + " must have 3 words, got " + w.length);
            }
            int[] ids = new int[3];
            double[] t = new double[dimension];
            for (int j = 0; j < 3; j++) {
                ids[j] = indexOf(w[j], UnknownWords.REJECT);
                float[] x = vector(ids[j]);
                double n = 0;
                for (float v : x) {
                    n += (double) v * v;
                }
                double scale = n == 0 ? 0 : (j == 0 ? -1 : 1) / Math.sqrt(n);
                for (int cc = 0; cc < dimension; cc++) {
                    t[cc] += scale * x[cc];
                }
            }
            targets[q] = t;
            excludes[q] = ids;
        }
        return search.top(targets, excludes, k, limit, threads);
    }

    private static double[] toDouble(float[] x, double scale) {
        double[] t = new double[x.length];
        for (int c = 0; c < x.length; c++) {
            t[c] = scale * x[c];
        }
        return t;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    private static void checkThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
    }

    private String where() {
        return file == null ? "" : " of " + file;
    }

    /** Size, dimension, layout and whether mapped. */
    @Override
    public String toString() {
        return "EmbeddingStore[" + size() + " x " + dimension + ", " + describe + (mapped ? ", mapped" : "") + "]";
    }

    /**
     * A short description of the stored layout.
     *
     * @return e.g. {@code raw float32}, {@code dense, 8-bit per row} or {@code low-rank r=30, A float32, B float32}
     */
    public String describe() {
        return describe;
    }

    /** Row list of the words, for the evaluators. */
    List<String> words() {
        return new ArrayList<>(vocabulary.words());
    }
}
