package dev.lore.compress;

import static dev.lore.compress.LoreFile.ENCODING_FLOAT32;
import static dev.lore.compress.LoreFile.ENCODING_PRODUCT_QUANTIZED;
import static dev.lore.compress.LoreFile.ENCODING_QUANTIZED;
import static dev.lore.compress.LoreFile.KIND_DENSE;
import static dev.lore.compress.LoreFile.KIND_LOW_RANK;
import static dev.lore.compress.LoreFile.MAGIC;
import static dev.lore.compress.LoreFile.MAX_WORD_BYTES;
import static dev.lore.compress.LoreFile.SCOPE_MATRIX;
import static dev.lore.compress.LoreFile.SCOPE_ROW;

import dev.lore.io.Vocabulary;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizationScope;
import dev.lore.quant.QuantizedMatrix;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The header and payload of a {@code .lore} file (see {@link LoreFile} and docs/format.md). */
final class LoreEncoding {

    /** Provenance entries in a file: the standard ones plus at most {@link Provenance#MAX_EXTRA}. */
    static final int MAX_ENTRIES = Provenance.STANDARD_KEYS.size() + Provenance.MAX_EXTRA;

    private LoreEncoding() {}

    // ---------------------------------------------------------------- writing

    /** The length of the {@code .lore} image of {@code e} with the given UTF-8 words, checksum included. */
    static long length(CompressedEmbedding e, byte[][] words) {
        long length = FileFrame.PREAMBLE_BYTES + 20L + 8L * e.singularValues().length + 4
                + matrixBytes(e.a()) + e.b().map(LoreEncoding::matrixBytes).orElse(0L) + FileFrame.CHECKSUM_BYTES;
        for (Map.Entry<String, String> en : e.provenance().entries().entrySet()) {
            length += LoreOutput.textBytes(en.getKey()) + LoreOutput.textBytes(en.getValue());
        }
        for (byte[] w : words) {
            length += 4 + w.length;
        }
        return length;
    }

    /**
     * The format version written for {@code e}: 1 when every matrix is float32 or scalar-quantized
     * (so that readers of version 1 still read it), 2 when a matrix is product-quantized.
     */
    static int versionFor(CompressedEmbedding e) {
        boolean pq = e.a() instanceof StoredMatrix.ProductQuantized
                || e.b().map(m -> m instanceof StoredMatrix.ProductQuantized).orElse(false);
        return pq ? LoreFile.FORMAT_VERSION : LoreFile.FIRST_VERSION;
    }

    /** Writes the complete image of {@code e} (magic to checksum) to {@code channel}. */
    static void encode(CompressedEmbedding e, byte[][] words, WritableByteChannel channel) throws IOException {
        SortedMap<String, String> entries = e.provenance().entries();
        double[] s = e.singularValues();
        StoredMatrix b = e.b().orElse(null);
        LoreOutput out = LoreOutput.framed(channel, MAGIC, versionFor(e), length(e, words));
        out.putInt(b == null ? KIND_DENSE : KIND_LOW_RANK);
        out.putInt(e.size());
        out.putInt(e.dimension());
        out.putInt(e.rank());
        out.putInt(s.length);
        for (double v : s) {
            out.putDouble(v);
        }
        out.putInt(entries.size());
        for (Map.Entry<String, String> en : entries.entrySet()) {
            out.putText(en.getKey());
            out.putText(en.getValue());
        }
        for (byte[] w : words) {
            out.putInt(w.length);
            out.putBytes(w);
        }
        writeMatrix(e.a(), out);
        if (b != null) {
            writeMatrix(b, out);
        }
        out.finish();
    }

    private static long matrixBytes(StoredMatrix m) {
        long head = 12;
        if (m instanceof StoredMatrix.Quantized q) {
            QuantizedMatrix qm = q.matrix();
            int groups = qm.config().scope() == QuantizationScope.ROW ? qm.rows() : 1;
            return head + 8 + 8L * groups + 8L * QuantizedMatrix.packedLength((long) qm.rows() * qm.columns(),
                    qm.config().bits());
        }
        if (m instanceof StoredMatrix.ProductQuantized p) {
            return head + 12 + p.storageBytes();
        }
        return head + 4L * m.rows() * m.columns();
    }

    private static void writeMatrix(StoredMatrix m, LoreOutput out) throws IOException {
        if (m instanceof StoredMatrix.Float32 f) {
            out.putInt(ENCODING_FLOAT32);
            out.putInt(f.rows());
            out.putInt(f.columns());
            out.putFloats(f.values().data().asNioFloat(), 0, f.rows() * f.columns());
            return;
        }
        if (m instanceof StoredMatrix.ProductQuantized p) {
            ProductQuantizedMatrix pq = p.matrix();
            out.putInt(ENCODING_PRODUCT_QUANTIZED);
            out.putInt(pq.rows());
            out.putInt(pq.columns());
            out.putInt(pq.subspaces());
            out.putInt(pq.bits());
            out.putInt(pq.hasRotation() ? 1 : 0);
            out.putFloats(pq.codebooks());
            if (pq.hasRotation()) {
                out.putFloats(pq.rotation().orElseThrow());
            }
            out.putBytes(pq.packedCodes());
            return;
        }
        QuantizedMatrix qm = ((StoredMatrix.Quantized) m).matrix();
        out.putInt(ENCODING_QUANTIZED);
        out.putInt(qm.rows());
        out.putInt(qm.columns());
        out.putInt(qm.config().bits());
        out.putInt(qm.config().scope() == QuantizationScope.ROW ? SCOPE_ROW : SCOPE_MATRIX);
        out.putFloats(qm.offsets());
        out.putFloats(qm.steps());
        out.putLongs(qm.packedCodes());
    }

    // ---------------------------------------------------------------- reading

    static CompressedEmbedding decode(LoreInput in) throws IOException {
        int kind = in.readInt("kind");
        if (kind != KIND_LOW_RANK && kind != KIND_DENSE) {
            throw in.error("kind must be " + KIND_LOW_RANK + " (low-rank) or " + KIND_DENSE + " (dense), got " + kind);
        }
        int rows = in.readInt("rows");
        int cols = in.readInt("cols");
        if (rows < 1 || cols < 1) {
            throw in.error("rows and cols must be >= 1, got " + rows + " x " + cols);
        }
        int rank = in.readInt("rank");
        int minDim = Math.min(rows, cols);
        if (kind == KIND_LOW_RANK ? rank < 1 || rank > minDim : rank != 0) {
            throw in.error("rank must be " + (kind == KIND_LOW_RANK ? "in [1, " + minDim + "]" : "0 for a dense matrix")
                    + ", got " + rank);
        }
        int count = in.readInt("singular value count");
        int maxCount = kind == KIND_LOW_RANK ? minDim : 0;
        if (count < 0 || count > maxCount) {
            throw in.error("singular value count must be in [0, " + maxCount + "]"
                    + (kind == KIND_DENSE ? " for a dense matrix" : "") + ", got " + count);
        }
        in.need(8L * count, "singular values");
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = in.readDouble("singular value");
            if (!(s[i] >= 0.0) || Double.isInfinite(s[i])) {
                throw in.error("singular value " + i + " must be finite and >= 0, got " + s[i]);
            }
        }
        Provenance provenance = readProvenance(in);
        Vocabulary vocabulary = readVocabulary(in, rows);
        StoredMatrix a = readMatrix(in, "A", rows, kind == KIND_LOW_RANK ? rank : cols);
        try {
            if (kind == KIND_DENSE) {
                return CompressedEmbedding.dense(vocabulary, a, provenance);
            }
            StoredMatrix b = readMatrix(in, "B", rank, cols);
            return CompressedEmbedding.lowRank(vocabulary, a, b, s, provenance);
        } catch (IllegalArgumentException e) {
            throw in.error("inconsistent content: " + e.getMessage());
        }
    }

    private static Provenance readProvenance(LoreInput in) throws IOException {
        int n = in.readInt("provenance entry count");
        if (n < 0 || n > MAX_ENTRIES) {
            throw in.error("provenance entry count must be in [0, " + MAX_ENTRIES + "], got " + n);
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.readText("provenance key", 0, Provenance.MAX_TEXT_BYTES);
            String value = in.readText("provenance value", 0, Provenance.MAX_TEXT_BYTES);
            if (m.put(key, value) != null) {
                throw in.error("provenance key '" + key + "' appears twice");
            }
        }
        for (String k : Provenance.STANDARD_KEYS) {
            if (!m.containsKey(k)) {
                throw in.error("provenance lacks the entry '" + k + "'");
            }
        }
        try {
            Source source = new Source(m.remove("source"), m.remove("source.sha256"));
            String method = m.remove("method");
            String rule = m.remove("rank.rule");
            String placement = m.remove("placement");
            long seed = Long.parseLong(m.remove("seed"));
            String version = m.remove("lore.version");
            Instant created = Instant.parse(m.remove("created"));
            return new Provenance(source, method, rule, placement, seed, version, created, new TreeMap<>(m));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw in.error("invalid provenance: " + e.getMessage());
        }
    }

    private static Vocabulary readVocabulary(LoreInput in, int rows) throws IOException {
        in.need(5L * rows, rows + " words"); // each word takes at least a length and one byte
        String[] words = new String[rows];
        for (int i = 0; i < rows; i++) {
            words[i] = in.readText("word " + i, 1, MAX_WORD_BYTES);
        }
        try {
            return Vocabulary.of(words);
        } catch (IllegalArgumentException e) {
            throw in.error("invalid vocabulary: " + e.getMessage());
        }
    }

    private static StoredMatrix readMatrix(LoreInput in, String name, int rows, int cols) throws IOException {
        int encoding = in.readInt("matrix " + name + " encoding");
        int r = in.readInt("matrix " + name + " rows");
        int c = in.readInt("matrix " + name + " cols");
        if (r != rows || c != cols) {
            throw in.error("matrix " + name + " must be " + rows + " x " + cols + ", got " + r + " x " + c);
        }
        long count = (long) rows * cols;
        if (count > Integer.MAX_VALUE) {
            throw in.error("matrix " + name + " has " + count + " values, more than " + Integer.MAX_VALUE);
        }
        try {
            if (encoding == ENCODING_FLOAT32) {
                in.need(4 * count, "matrix " + name);
                INDArray values = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
                FloatBuffer dst = values.data().asNioFloat();
                in.readFloats(dst, (int) count, "matrix " + name);
                return StoredMatrix.of(values);
            }
            if (encoding == ENCODING_PRODUCT_QUANTIZED && in.version() >= 2) {
                return readProductQuantized(in, name, rows, cols);
            }
            if (encoding != ENCODING_QUANTIZED) {
                throw in.error("matrix " + name + " encoding must be " + ENCODING_FLOAT32 + " (float32), "
                        + ENCODING_QUANTIZED + " (quantized)" + (in.version() >= 2 ? " or " + ENCODING_PRODUCT_QUANTIZED
                        + " (product-quantized)" : " in format version " + in.version()) + ", got " + encoding);
            }
            int bits = in.readInt("matrix " + name + " bits");
            int scope = in.readInt("matrix " + name + " scope");
            if (bits < QuantizationConfig.MIN_BITS || bits > QuantizationConfig.MAX_BITS
                    || (scope != SCOPE_MATRIX && scope != SCOPE_ROW)) {
                throw in.error("matrix " + name + " must have bits in [1, 16] and scope 0 or 1, got " + bits
                        + " and " + scope);
            }
            QuantizationConfig config = new QuantizationConfig(bits,
                    scope == SCOPE_ROW ? QuantizationScope.ROW : QuantizationScope.MATRIX);
            int groups = scope == SCOPE_ROW ? rows : 1;
            float[] offsets = in.readFloats(groups, "matrix " + name + " offsets");
            float[] steps = in.readFloats(groups, "matrix " + name + " steps");
            int words = QuantizedMatrix.packedLength(count, bits);
            long[] packed = in.readLongs(words, "matrix " + name + " codes");
            return StoredMatrix.of(QuantizedMatrix.fromParts(rows, cols, config, offsets, steps, packed));
        } catch (IllegalArgumentException e) {
            throw in.error("matrix " + name + ": " + e.getMessage());
        }
    }

    /** The body of a product-quantized matrix (format version 2), after its encoding, rows and columns. */
    private static StoredMatrix readProductQuantized(LoreInput in, String name, int rows, int cols)
            throws IOException {
        String what = "matrix " + name;
        int m = in.readInt(what + " subspaces");
        int maxM = Math.min(cols, ProductQuantizationConfig.MAX_SUBSPACES);
        if (m < 1 || m > maxM || cols % m != 0) {
            throw in.error(what + " subspaces must be in [1, " + maxM + "] and divide the " + cols
                    + " columns, got " + m);
        }
        int bits = in.readInt(what + " bits");
        if (bits < ProductQuantizationConfig.MIN_BITS || bits > ProductQuantizationConfig.MAX_BITS) {
            throw in.error(what + " bits must be in [" + ProductQuantizationConfig.MIN_BITS + ", "
                    + ProductQuantizationConfig.MAX_BITS + "], got " + bits);
        }
        int rotated = in.readInt(what + " rotation flag");
        if (rotated != 0 && rotated != 1) {
            throw in.error(what + " rotation flag must be 0 (none) or 1 (stored), got " + rotated);
        }
        long bookValues = (long) cols << bits; // M 2^b (cols / M)
        long rotationValues = rotated == 1 ? (long) cols * cols : 0;
        long codeBytes = ((long) rows * m * bits + 7) / 8;
        in.need(4 * bookValues + 4 * rotationValues + codeBytes, what + " codebooks, rotation and codes");
        if (bookValues > Integer.MAX_VALUE || rotationValues > Integer.MAX_VALUE || codeBytes > Integer.MAX_VALUE) {
            throw in.error(what + " is too large for this reader");
        }
        long at = in.position();
        float[] books = in.readFloats((int) bookValues, what + " codebooks");
        float[] rotation = rotated == 1 ? in.readFloats((int) rotationValues, what + " rotation") : null;
        byte[] codes = in.readBytes((int) codeBytes, what + " codes");
        try {
            return StoredMatrix.of(ProductQuantizedMatrix.fromParts(rows, cols, m, bits, books, codes, rotation));
        } catch (IllegalArgumentException e) {
            throw in.error(at, what + ": " + e.getMessage());
        }
    }
}
