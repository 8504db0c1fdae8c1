package dev.lore.store;

import dev.lore.compress.LoreFormatException;
import dev.lore.io.Vocabulary;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.QuantizationConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Opens a {@code .lore} file of format version 1 or 2 (docs/format.md) memory-mapped: checks the
 * frame (magic, version, length) and every header field as {@code LoreFile.read} does, decodes the
 * vocabulary, the provenance and a low-rank {@code B} into the heap, and maps the large matrix
 * ({@code A}, or the dense matrix) read-only, float32, quantized or product-quantized (its codes;
 * codebooks and rotation in the heap), without decoding it or touching its pages. The CRC32C of
 * every byte is checked later, once, by the {@link Verification} it returns, whose pass over the
 * mapped pages also checks that every float32 value is finite (quantized groups and codebooks are
 * checked here), so no row decoded after it can hold NaN or infinity.
 *
 * <p>{@link #open} returns null for a file it does not map (another format version or an encoding
 * it does not know): the caller then reads it with {@code LoreFile.read}, whose stored matrices
 * are decoded through {@code StoredMatrix.row}.
 */
final class LoreMapping {

    static final byte[] MAGIC = {(byte) 0x89, 'L', 'O', 'R', 'E', '\r', '\n', 0x1A};
    /** The newest format version mapped: 2, which adds product-quantized matrices. */
    private static final int VERSION = 2;
    private static final int PREAMBLE = 20;
    private static final int KIND_LOW_RANK = 1;
    private static final int KIND_DENSE = 2;
    private static final int FLOAT32 = 0;
    private static final int QUANTIZED = 1;
    private static final int PRODUCT_QUANTIZED = 2;
    private static final int MAX_WORD_BYTES = 65535;
    /** The exponent bits of a float: all ones for NaN and the infinities. */
    private static final int EXPONENT = 0x7f800000;
    /** Bytes per mapping when checking the checksum: 1 GiB. */
    private static final long CHUNK_BYTES = 1L << 30;

    /** The parts of an opened file. */
    record Parts(Vocabulary vocabulary, Rows a, float[] b, int dimension, Map<String, String> provenance,
            String describe, Verification verification) {}

    /** A mapped region the store keeps: a float32 matrix chunk ({@code name} set) or quantized codes. */
    private record Region(long start, ByteBuffer bytes, String name, int cols, long firstValue) {}

    /** Bytes per step of the verification pass: CRC and finiteness of one step while it is in L2. */
    private static final int VERIFY_BYTES = 1 << 16;

    private final List<Region> regions = new ArrayList<>();
    private final int version;
    private final Path file;
    private final FileChannel channel;
    private final long end; // first byte of the checksum
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private LoreMapping(Path file, FileChannel channel, long size, int version) {
        this.version = version;
        this.file = file;
        this.channel = channel;
        this.end = size - 4;
        this.bufStart = PREAMBLE;
        buf.limit(0);
    }

    /** True when {@code head} (the file's first bytes) starts with the lore magic. */
    static boolean isLore(byte[] head, int length) {
        return length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /** The mapped parts, or null when this version or encoding is not mapped here. */
    static Parts open(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer head = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
        while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
            // until full or the end
        }
        head.flip();
        if (head.remaining() < PREAMBLE || size < PREAMBLE + 4) {
            return null; // LoreFile.read gives the precise error
        }
        head.position(MAGIC.length);
        int version = head.getInt();
        long length = head.getLong();
        if (version < 1 || version > VERSION || length != size) {
            return null;
        }
        LoreMapping m = new LoreMapping(file, channel, size, version);
        return m.parse();
    }

    private Parts parse() throws IOException {
        int kind = readInt("kind");
        if (kind != KIND_LOW_RANK && kind != KIND_DENSE) {
            return null;
        }
        int rows = readInt("rows");
        int cols = readInt("cols");
        if (rows < 1 || cols < 1) {
            throw error("rows and cols must be >= 1, got " + rows + " x " + cols);
        }
        int rank = readInt("rank");
        int minDim = Math.min(rows, cols);
        if (kind == KIND_LOW_RANK ? rank < 1 || rank > minDim : rank != 0) {
            throw error("rank must be " + (kind == KIND_LOW_RANK ? "in [1, " + minDim + "]" : "0 for a dense matrix")
                    + ", got " + rank);
        }
        int count = readInt("singular value count");
        if (count < 0 || count > (kind == KIND_LOW_RANK ? minDim : 0)) {
            throw error("singular value count out of range: " + count);
        }
        skip(8L * count, "singular values");
        Map<String, String> provenance = readProvenance();
        Vocabulary vocabulary = readVocabulary(rows);
        List<Object> a = new ArrayList<>();
        Rows left = mapMatrix("A", rows, kind == KIND_LOW_RANK ? rank : cols, a);
        if (left == null) {
            return null;
        }
        float[] b = null;
        String describe = a.get(0).toString();
        if (kind == KIND_LOW_RANK) {
            List<Object> bd = new ArrayList<>();
            Rows right = mapMatrix("B", rank, cols, bd);
            if (right == null) {
                return null;
            }
            b = new float[Math.multiplyExact(rank, cols)];
            right.read(0, rank, b, 0);
            describe = "low-rank r=" + rank + ", A " + describe + ", B " + bd.get(0);
        } else {
            describe = "dense, " + describe;
        }
        if (position() != end) {
            throw error((end - position()) + " unexpected bytes before the checksum");
        }
        return new Parts(vocabulary, left, b, cols, provenance, describe, prepareVerification());
    }

    private Map<String, String> readProvenance() throws IOException {
        int n = readInt("provenance entry count");
        if (n < 0 || 8L * n > remaining()) {
            throw error("provenance entry count out of range: " + n);
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String key = readText("provenance key", 0);
            String value = readText("provenance value", 0);
            if (m.put(key, value) != null) {
                throw error("provenance key '" + key + "' appears twice");
            }
        }
        return m;
    }

    private Vocabulary readVocabulary(int rows) throws IOException {
        if (5L * rows > remaining()) {
            throw error(rows + " words need at least " + 5L * rows + " bytes but only " + remaining() + " remain");
        }
        String[] words = new String[rows];
        for (int i = 0; i < rows; i++) {
            words[i] = readWord(i);
        }
        try {
            return Vocabulary.of(words);
        } catch (IllegalArgumentException e) {
            throw error("invalid vocabulary: " + e.getMessage());
        }
    }

    /** Maps one matrix; {@code describe} receives its description. Null for an unknown encoding. */
    private Rows mapMatrix(String name, int rows, int cols, List<Object> describe) throws IOException {
        int encoding = readInt("matrix " + name + " encoding");
        int r = readInt("matrix " + name + " rows");
        int c = readInt("matrix " + name + " cols");
        if (r != rows || c != cols) {
            throw error("matrix " + name + " must be " + rows + " x " + cols + ", got " + r + " x " + c);
        }
        long count = (long) rows * cols;
        if (count > Integer.MAX_VALUE) {
            throw error("matrix " + name + " has " + count + " values, more than " + Integer.MAX_VALUE);
        }
        if (encoding == FLOAT32) {
            long start = position();
            skip(4 * count, "matrix " + name);
            describe.add("float32");
            return mapFloats(name, start, rows, cols);
        }
        if (encoding == PRODUCT_QUANTIZED && version >= 2) {
            return mapProductQuantized(name, rows, cols, describe);
        }
        if (encoding != QUANTIZED) {
            return null;
        }
        int bits = readInt("matrix " + name + " bits");
        int scope = readInt("matrix " + name + " scope");
        if (bits < QuantizationConfig.MIN_BITS || bits > QuantizationConfig.MAX_BITS || (scope != 0 && scope != 1)) {
            throw error("matrix " + name + " must have bits in [1, 16] and scope 0 or 1, got " + bits + " and " + scope);
        }
        int groups = scope == 1 ? rows : 1;
        float[] offsets = readFloats(groups, "matrix " + name + " offsets");
        float[] steps = readFloats(groups, "matrix " + name + " steps");
        int maxCode = (1 << bits) - 1;
        for (int g = 0; g < groups; g++) {
            if (!Float.isFinite(offsets[g]) || !Float.isFinite(steps[g]) || steps[g] < 0f
                    || !Float.isFinite(offsets[g] + maxCode * steps[g])) {
                throw error("matrix " + name + ": group " + g + " has offset " + offsets[g] + " and step " + steps[g]
                        + ", which dequantize outside the float range");
            }
        }
        long longs = (count * bits + 63) / 64;
        long start = position();
        skip(8 * longs, "matrix " + name + " codes");
        int chunkLongs = 1 << QuantizedRows.LONGS_PER_CHUNK_SHIFT;
        int n = (int) ((longs + chunkLongs - 1) / chunkLongs);
        LongBuffer[] chunks = new LongBuffer[n];
        for (int i = 0; i < n; i++) {
            long first = (long) i * chunkLongs;
            long len = Math.min(chunkLongs, longs - first);
            ByteBuffer bytes = map(start + 8 * first, 8 * len);
            regions.add(new Region(start + 8 * first, bytes, null, 0, 0));
            chunks[i] = bytes.asLongBuffer();
        }
        describe.add(bits + "-bit per " + (scope == 1 ? "row" : "matrix"));
        return new QuantizedRows(chunks, rows, cols, bits, scope == 1, offsets, steps);
    }

    /**
     * Maps the codes of a product-quantized matrix (format version 2) after its encoding, rows and
     * columns; the codebooks and the rotation are read into the heap and checked as
     * {@link ProductQuantizedMatrix#fromParts} checks them (finite, orthogonal, no float overflow).
     */
    private Rows mapProductQuantized(String name, int rows, int cols, List<Object> describe) throws IOException {
        String what = "matrix " + name;
        int m = readInt(what + " subspaces");
        int maxM = Math.min(cols, ProductQuantizationConfig.MAX_SUBSPACES);
        if (m < 1 || m > maxM || cols % m != 0) {
            throw error(what + " subspaces must be in [1, " + maxM + "] and divide the " + cols + " columns, got " + m);
        }
        int bits = readInt(what + " bits");
        if (bits < ProductQuantizationConfig.MIN_BITS || bits > ProductQuantizationConfig.MAX_BITS) {
            throw error(what + " bits must be in [" + ProductQuantizationConfig.MIN_BITS + ", "
                    + ProductQuantizationConfig.MAX_BITS + "], got " + bits);
        }
        int rotated = readInt(what + " rotation flag");
        if (rotated != 0 && rotated != 1) {
            throw error(what + " rotation flag must be 0 (none) or 1 (stored), got " + rotated);
        }
        long bookValues = (long) cols << bits;
        long rotationValues = rotated == 1 ? (long) cols * cols : 0;
        long codeBytes = ((long) rows * m * bits + 7) / 8;
        need(4 * bookValues + 4 * rotationValues + codeBytes, what + " codebooks, rotation and codes");
        if (bookValues > Integer.MAX_VALUE || rotationValues > Integer.MAX_VALUE || codeBytes > Integer.MAX_VALUE) {
            throw error(what + " is too large for this reader");
        }
        long at = position();
        float[] books = readFloats((int) bookValues, what + " codebooks");
        float[] rotation = rotated == 1 ? readFloats((int) rotationValues, what + " rotation") : null;
        try {
            ProductQuantizedMatrix.fromParts(1, cols, m, bits, books, new byte[ProductQuantizedMatrix.packedLength(1, m, bits)],
                    rotation);
        } catch (IllegalArgumentException e) {
            throw new LoreFormatException(file, at, what + ": " + e.getMessage());
        }
        long start = position();
        skip(codeBytes, what + " codes");
        ByteBuffer codes = map(start, codeBytes);
        int spare = (int) (codeBytes * 8 - (long) rows * m * bits);
        if (spare > 0 && (codes.get((int) codeBytes - 1) & 0xff) >>> (8 - spare) != 0) {
            throw new LoreFormatException(file, start + codeBytes - 1, what + ": the " + spare
                    + " bits after the last code must be zero");
        }
        regions.add(new Region(start, codes, null, 0, 0));
        describe.add("pq M=" + m + " b=" + bits + (rotated == 1 ? " rotated" : ""));
        return new PqRows(codes, rows, cols, m, bits, books, rotation);
    }

    private Rows mapFloats(String name, long start, int rows, int cols) throws IOException {
        int rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / (4L * cols));
        int n = (rows + rowsPerChunk - 1) / rowsPerChunk;
        FloatBuffer[] chunks = new FloatBuffer[n];
        for (int i = 0; i < n; i++) {
            long first = (long) i * rowsPerChunk;
            long len = Math.min(rowsPerChunk, rows - first);
            ByteBuffer bytes = map(start + 4 * first * cols, 4 * len * cols);
            regions.add(new Region(start + 4 * first * cols, bytes, name, cols, first * cols));
            chunks[i] = bytes.asFloatBuffer();
        }
        return new FloatRows(chunks, rowsPerChunk, rows, cols, 0, null);
    }

    private ByteBuffer map(long position, long length) throws IOException {
        MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        return m.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * What remains of the checks once the header is parsed, to run later without the channel: the
     * CRC32C of the bytes before the first mapped region is computed now, through the channel; the
     * (small) bytes between and after the mapped regions are read now into the heap; the stored
     * checksum is read now. {@link Verification#run} then finishes the CRC over the mapped regions
     * (through the very mappings the store keeps: a second mapping of the same pages would count
     * them twice in the resident set) and checks that every float32 value of a mapped matrix is
     * finite.
     */
    private Verification prepareVerification() throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer heap = ByteBuffer.allocate(1 << 20);
        long first = regions.isEmpty() ? end : regions.get(0).start();
        crcOfChannel(crc, 0, first, heap);
        List<byte[]> gaps = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            long from = regions.get(i).start() + regions.get(i).bytes().limit();
            long to = i + 1 < regions.size() ? regions.get(i + 1).start() : end;
            if (to - from > Integer.MAX_VALUE) {
                throw error("a part of " + (to - from) + " bytes between mapped matrices is too large for this reader");
            }
            byte[] gap = new byte[(int) (to - from)];
            ByteBuffer g = ByteBuffer.wrap(gap);
            while (g.hasRemaining()) {
                if (channel.read(g, from + g.position()) < 0) {
                    throw new LoreFormatException(file, from + g.position(), "the file ended early (it changed while being read?)");
                }
            }
            gaps.add(gap);
        }
        ByteBuffer stored = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (stored.hasRemaining()) {
            if (channel.read(stored, end + stored.position()) < 0) {
                throw new LoreFormatException(file, end, "the file ended early (it changed while being read?)");
            }
        }
        return new Verification(file, end, crc, List.copyOf(regions), gaps, stored.flip().getInt());
    }

    /**
     * The deferred checks of a mapped file: the CRC32C over every byte and the finiteness of every
     * mapped float32 value, in one pass over the mapped pages. Runs once ({@link #run} is
     * synchronized and remembers its outcome); thread-safe.
     */
    static final class Verification {
        private final Path file;
        private final long end;
        private final List<Region> regions;
        private final List<byte[]> gaps;
        private final int expected;
        private CRC32C crc;
        private LoreFormatException failure;
        private boolean done;

        private Verification(Path file, long end, CRC32C crc, List<Region> regions, List<byte[]> gaps, int expected) {
            this.file = file;
            this.end = end;
            this.crc = crc;
            this.regions = regions;
            this.gaps = gaps;
            this.expected = expected;
        }

        /** Runs the checks the first time; afterwards returns or throws as the first run did. */
        synchronized void run() throws LoreFormatException {
            if (!done) {
                failure = check();
                done = true;
                crc = null;
            }
            if (failure != null) {
                throw failure;
            }
        }

        private LoreFormatException check() {
            int[] bits = new int[VERIFY_BYTES / 4];
            LoreFormatException nonFinite = null;
            for (int i = 0; i < regions.size(); i++) {
                Region r = regions.get(i);
                ByteBuffer b = r.bytes();
                for (int off = 0; off < b.limit(); off += VERIFY_BYTES) {
                    int len = Math.min(VERIFY_BYTES, b.limit() - off);
                    ByteBuffer part = b.slice(off, len);
                    crc.update(part);
                    if (r.name() != null && nonFinite == null) {
                        part.rewind().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(bits, 0, len / 4);
                        int bad = firstNonFinite(bits, len / 4);
                        if (bad >= 0) {
                            long index = r.firstValue() + off / 4 + bad;
                            nonFinite = new LoreFormatException(file, r.start() + off + 4L * bad, "matrix " + r.name()
                                    + "[" + index / r.cols() + "][" + index % r.cols() + "] must be finite, got "
                                    + Float.intBitsToFloat(bits[bad]));
                        }
                    }
                }
                crc.update(gaps.get(i));
            }
            int actual = (int) crc.getValue();
            if (expected != actual) {
                return new LoreFormatException(file, end, String.format("checksum mismatch (stored 0x%08x, computed 0x%08x):"
                        + " the file is corrupt", expected, actual));
            }
            return nonFinite;
        }
    }

    /** Adds bytes {@code [from, to)} of the file, read through the channel, to {@code crc}. */
    private void crcOfChannel(CRC32C crc, long from, long to, ByteBuffer heap) throws IOException {
        long pos = from;
        while (pos < to) {
            heap.clear().limit((int) Math.min(heap.capacity(), to - pos));
            int n = channel.read(heap, pos);
            if (n < 0) {
                throw new LoreFormatException(file, pos, "the file ended early (it changed while being read?)");
            }
            heap.flip();
            crc.update(heap);
            pos += n;
        }
    }

    /**
     * The index of the first of {@code bits[0, n)} (floats as their bits) that is NaN or infinite,
     * or -1: a maximum of the exponent bits the JIT vectorizes, then a search only when one is all ones.
     */
    static int firstNonFinite(int[] bits, int n) {
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, bits[i] & EXPONENT);
        }
        if (max == EXPONENT) {
            for (int i = 0; i < n; i++) {
                if ((bits[i] & EXPONENT) == EXPONENT) {
                    return i;
                }
            }
        }
        return -1;
    }

    // ------------------------------------------------------------ buffered reads of the header

    private long position() {
        return bufStart + buf.position();
    }

    private long remaining() {
        return end - position();
    }

    private LoreFormatException error(String problem) {
        return new LoreFormatException(file, position(), problem);
    }

    private void need(long bytes, String what) throws LoreFormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw error(what + " needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }

    private void fill(int n, String what) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        need(n, what);
        long pos = position();
        buf.compact();
        bufStart = pos;
        long wanted = Math.min(buf.remaining(), end - (bufStart + buf.position()));
        buf.limit((int) (buf.position() + wanted));
        while (buf.hasRemaining()) {
            if (channel.read(buf, bufStart + buf.position()) < 0) {
                throw error("the file ended early (it changed while being read?)");
            }
        }
        buf.flip();
    }

    private void skip(long bytes, String what) throws IOException {
        need(bytes, what);
        if (bytes <= buf.remaining()) {
            buf.position(buf.position() + (int) bytes);
        } else {
            bufStart = position() + bytes;
            buf.clear().limit(0);
        }
    }

    private int readInt(String what) throws IOException {
        fill(4, what);
        return buf.getInt();
    }

    private float[] readFloats(int n, String what) throws IOException {
        need(4L * n, what);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            fill(4, what);
            out[i] = buf.getFloat();
        }
        return out;
    }

    private String readText(String what, int minBytes) throws IOException {
        int len = readInt(what + " length");
        if (len < minBytes || len > MAX_WORD_BYTES) {
            throw error(what + " length must be in [" + minBytes + ", " + MAX_WORD_BYTES + "], got " + len);
        }
        need(len, what);
        long at = position();
        ByteBuffer bytes;
        if (len <= buf.capacity()) {
            fill(len, what);
            bytes = buf.slice().limit(len);
            buf.position(buf.position() + len);
        } else {
            byte[] b = new byte[len];
            for (int off = 0; off < len; ) {
                fill(1, what);
                int k = Math.min(buf.remaining(), len - off);
                buf.get(b, off, k);
                off += k;
            }
            bytes = ByteBuffer.wrap(b);
        }
        if (isAscii(bytes)) {
            byte[] b = new byte[len];
            bytes.get(b);
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer cb = utf8.reset().decode(bytes);
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new LoreFormatException(file, at, what + " is not valid UTF-8");
        }
    }

    /**
     * Word {@code i} of the vocabulary: {@link #readText} with its checks, without its per-call
     * allocations (the vocabulary holds most of the header's bytes: 341k words for GloVe).
     */
    private String readWord(int i) throws IOException {
        if (buf.remaining() < 4) {
            fill(4, "word length");
        }
        int len = buf.getInt();
        if (len < 1 || len > MAX_WORD_BYTES) {
            buf.position(buf.position() - 4);
            throw error("word " + i + " length must be in [1, " + MAX_WORD_BYTES + "], got " + len);
        }
        if (buf.remaining() < len) {
            if (len > remaining()) {
                throw error("word " + i + " needs " + len + " bytes but only " + remaining() + " remain");
            }
            if (len > buf.capacity()) {
                buf.position(buf.position() - 4);
                return readText("word " + i, 1);
            }
            fill(len, "word " + i);
        }
        byte[] arr = buf.array();
        int p = buf.arrayOffset() + buf.position();
        int neg = 0;
        for (int k = 0; k < len; k++) {
            neg |= arr[p + k];
        }
        if (neg >= 0) {
            buf.position(buf.position() + len);
            return new String(arr, p, len, StandardCharsets.ISO_8859_1);
        }
        long at = position();
        ByteBuffer bytes = buf.slice().limit(len);
        buf.position(buf.position() + len);
        try {
            return utf8.reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new LoreFormatException(file, at, "word " + i + " is not valid UTF-8");
        }
    }

    private static boolean isAscii(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) < 0) {
                return false;
            }
        }
        return true;
    }
}
