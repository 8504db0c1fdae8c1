package dev.lore.train;

import dev.lore.LoreVersion;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.nn.DanConfig;
import dev.lore.nn.DeepAveragingNetwork;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.LstmClassifier;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Parameter;
import dev.lore.nn.TextClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Saves and loads a {@link TrainedModel} as one file (extension {@code .lorem} by convention),
 * specified byte by byte in docs/format.md ("Model files"). All integers little-endian:
 *
 * <pre>
 * magic       8 bytes   89 4C 4D 4F 44 0D 0A 1A   ("\x89LMOD\r\n\x1a")
 * version     int32     1
 * length      int64     the file's size in bytes
 * entries     int32 n, then n (key, value) text pairs, keys strictly ascending:
 *             architecture, classes, created, lore.version, max_length, seed, tokenizer, the
 *             architecture's shape (dan.hidden1, dan.hidden2 | lstm.hidden, lstm.dropout,
 *             lstm.forget_bias), and the metadata as meta.KEY
 * labels      int32 n, then n texts, in class order
 * embedding   int64 n, then the n bytes of a .lore file (its own header, vocabulary and checksum)
 * parameters  int32 n, then per parameter: name (text), int32 rank (1 or 2), rank x int64 shape,
 *             product(shape) x float32 values, row-major
 * checksum    int32     CRC32C of every preceding byte
 * </pre>
 *
 * A text is an int32 byte count followed by that many bytes of UTF-8. The parameters are the
 * network's own, every parameter after the embedding's, in {@link TextClassifier#parameters()}
 * order. Reading checks the magic, version, length and checksum before anything else, then every
 * count against the bytes left, then that the parameters match, by name and shape, those of the
 * architecture the entries describe, and that all values are finite. A loaded model predicts
 * exactly as the saved one did; every parameter is trainable after loading.
 */
public final class ModelFile {

    /** The 8 magic bytes. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'O', 'D', '\r', '\n', 0x1A};
    /** The format version written, and the newest read. */
    public static final int FORMAT_VERSION = 1;
    private static final int PREAMBLE = 20;
    private static final int CHECKSUM = 4;
    private static final String META = "meta.";

    private ModelFile() {}

    /**
     * Writes {@code model} to {@code file}, atomically replacing any existing file.
     *
     * @throws java.nio.file.NoSuchFileException if the directory of {@code file} does not exist
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void write(Path file, TrainedModel model) throws IOException {
        Out out = new Out();
        out.bytes(MAGIC);
        out.int32(FORMAT_VERSION);
        out.int64(0); // patched below
        SortedMap<String, String> entries = entries(model);
        out.int32(entries.size());
        for (Map.Entry<String, String> e : entries.entrySet()) {
            out.text(e.getKey());
            out.text(e.getValue());
        }
        List<String> labels = model.labels().labels();
        out.int32(labels.size());
        for (String l : labels) {
            out.text(l);
        }
        byte[] lore = loreBytes(model);
        out.int64(lore.length);
        out.bytes(lore);
        List<Parameter> own = ownParameters(model.network());
        out.int32(own.size());
        for (Parameter p : own) {
            out.text(p.name());
            long[] shape = p.value().shape();
            out.int32(shape.length);
            for (long s : shape) {
                out.int64(s);
            }
            out.floats(p.value().data().asNioFloat(), p.length());
        }
        byte[] bytes = out.finish();
        AtomicFiles.write(file, bytes);
    }

    /**
     * Reads a model file.
     *
     * @throws ModelFileException if the file is not a model file, was written by a newer lore, is
     *     truncated or corrupt, or describes an inconsistent model; the message names the file
     * @throws IOException if it cannot be read
     */
    public static TrainedModel read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new ModelFileException(file, -1, "too large for a model file (" + size + " bytes)");
        }
        byte[] bytes = Files.readAllBytes(file);
        In in = new In(file, bytes);
        in.checkPreamble();
        SortedMap<String, String> entries = new TreeMap<>();
        int n = in.count("entries", 8);
        String previous = null;
        for (int i = 0; i < n; i++) {
            long at = in.position();
            String key = in.text();
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new ModelFileException(file, at, "entry keys must be strictly ascending, '" + key
                        + "' follows '" + previous + "'");
            }
            previous = key;
            entries.put(key, in.text());
        }
        int labelCount = in.count("labels", 4);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < labelCount; i++) {
            labels.add(in.text());
        }
        Header h = Header.parse(file, entries, labels);
        long loreAt = in.position();
        long loreLength = in.int64();
        if (loreLength < 0 || loreLength > in.remaining()) {
            throw new ModelFileException(file, loreAt, "embedding length must be in [0, " + in.remaining()
                    + "] (the bytes left), got " + loreLength);
        }
        CompressedEmbedding embedding = readLore(file, loreAt + 8, in.bytes((int) loreLength));
        EmbeddingLayer layer = layer(file, loreAt, embedding);
        long paramsAt = in.position();
        int count = in.count("parameters", 12);
        h.checkFits(file, paramsAt, embedding.dimension(), in.remaining());
        TextClassifier network = h.architecture.create(layer, labels.size(), h.seed);
        List<Parameter> own = ownParameters(network);
        if (count != own.size()) {
            throw new ModelFileException(file, paramsAt, "the " + h.architecture.name() + " model has "
                    + own.size() + " parameters besides its embedding, the file holds " + count);
        }
        for (Parameter p : own) {
            in.parameterInto(p);
        }
        if (in.remaining() != 0) {
            throw new ModelFileException(file, in.position(), in.remaining() + " unexpected bytes before the checksum");
        }
        try {
            return TrainedModel.of(network, embedding.vocabulary(), LabelSet.of(labels), h.tokenizer, h.maxLen,
                    h.metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, -1, e.getMessage(), e);
        }
    }

    private static SortedMap<String, String> entries(TrainedModel model) {
        SortedMap<String, String> m = new TreeMap<>();
        TextClassifier net = model.network();
        Architecture a = model.architecture();
        m.put("architecture", a.name());
        if (a instanceof Architecture.Dan dan) {
            m.put("dan.hidden1", Integer.toString(dan.config().hidden1()));
            m.put("dan.hidden2", Integer.toString(dan.config().hidden2()));
        } else if (a instanceof Architecture.Lstm lstm) {
            m.put("lstm.hidden", Integer.toString(lstm.config().hiddenSize()));
            m.put("lstm.dropout", Double.toString(lstm.config().dropout()));
            m.put("lstm.forget_bias", Double.toString(lstm.config().forgetBias()));
        }
        m.put("classes", Integer.toString(net.numClasses()));
        m.put("tokenizer", model.tokenizer().name());
        m.put("max_length", Integer.toString(model.maxLen()));
        m.put("seed", Long.toString(net instanceof DeepAveragingNetwork d ? d.seed() : ((LstmClassifier) net).seed()));
        m.put("lore.version", LoreVersion.get());
        m.put("created", Instant.now().toString());
        for (Map.Entry<String, String> e : model.metadata().entrySet()) {
            m.put(META + e.getKey(), e.getValue());
        }
        return m;
    }

    /** The network's parameters after the embedding's. */
    private static List<Parameter> ownParameters(TextClassifier network) {
        List<Parameter> all = network.parameters();
        return all.subList(network.embedding().parameters().size(), all.size());
    }

    private static byte[] loreBytes(TrainedModel model) throws IOException {
        Provenance provenance = Provenance.of(Source.none(), "model", "", "", 0)
                .withExtra("model.architecture", model.architecture().name());
        CompressedEmbedding stored = EmbeddingLayers.toStored(model.network().embedding(), model.vocabulary(), provenance);
        Path tmp = Files.createTempFile("lore-model-", ".lore");
        try {
            LoreFile.write(tmp, stored);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static CompressedEmbedding readLore(Path file, long offset, byte[] lore) throws IOException {
        Path tmp = Files.createTempFile("lore-model-", ".lore");
        try {
            Files.write(tmp, lore);
            return LoreFile.read(tmp);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().replace(tmp.toString(), "embedding");
            throw new ModelFileException(file, offset, "embedding section: " + msg, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static EmbeddingLayer layer(Path file, long offset, CompressedEmbedding embedding) throws ModelFileException {
        try {
            return EmbeddingLayers.fromStored(embedding);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, offset, "embedding section: " + e.getMessage(), e);
        }
    }

    /**
     * The model description held by the entries. Every size is checked when parsed, with a message
     * naming the entry and its value, so nothing is allocated from an impossible one.
     */
    private record Header(Architecture architecture, int classes, long seed, Tokenizer tokenizer, int maxLen,
            SortedMap<String, String> metadata, String shape) {

        static Header parse(Path file, SortedMap<String, String> e, List<String> labels) throws ModelFileException {
            String arch = need(file, e, "architecture");
            List<String> shapeKeys = switch (arch) {
                case "dan" -> List.of("dan.hidden1", "dan.hidden2", "classes");
                case "lstm" -> List.of("lstm.hidden", "lstm.dropout", "lstm.forget_bias", "classes");
                default -> throw new ModelFileException(file, -1, "entry architecture must be dan or lstm, got '"
                        + arch + "'");
            };
            Architecture a = switch (arch) {
                case "dan" -> new Architecture.Dan(new DanConfig(size(file, e, "dan.hidden1", Integer.MAX_VALUE),
                        size(file, e, "dan.hidden2", Integer.MAX_VALUE)));
                default -> new Architecture.Lstm(new LstmConfig(size(file, e, "lstm.hidden", LstmConfig.MAX_HIDDEN),
                        real(file, e, "lstm.dropout", 0.0, true), real(file, e, "lstm.forget_bias",
                        Double.NEGATIVE_INFINITY, false)));
            };
            int classes = size(file, e, "classes", Integer.MAX_VALUE);
            if (classes < 2 || classes != labels.size()) {
                throw new ModelFileException(file, -1, "entry classes must be >= 2 and equal the " + labels.size()
                        + " labels stored, got " + classes);
            }
            try {
                if (!LabelSet.of(labels).labels().equals(labels)) {
                    throw new ModelFileException(file, -1, "labels " + labels + " are not distinct or not in class order");
                }
            } catch (IllegalArgumentException ex) {
                throw new ModelFileException(file, -1, "invalid labels: " + ex.getMessage(), ex);
            }
            Tokenizer t;
            try {
                t = Tokenizer.named(need(file, e, "tokenizer"));
            } catch (IllegalArgumentException ex) {
                throw new ModelFileException(file, -1, "entry tokenizer: " + ex.getMessage(), ex);
            }
            long seed;
            try {
                seed = Long.parseLong(need(file, e, "seed"));
            } catch (NumberFormatException ex) {
                throw new ModelFileException(file, -1, "entry seed must be a decimal int64, got '" + e.get("seed")
                        + "'", ex);
            }
            int maxLen = size(file, e, "max_length", TrainedModel.MAX_LENGTH);
            SortedMap<String, String> meta = new TreeMap<>();
            for (Map.Entry<String, String> x : e.entrySet()) {
                if (x.getKey().startsWith(META)) {
                    meta.put(x.getKey().substring(META.length()), x.getValue());
                }
            }
            StringBuilder shape = new StringBuilder();
            for (String k : shapeKeys) {
                shape.append(shape.isEmpty() ? "" : ", ").append(k).append('=').append(e.get(k));
            }
            return new Header(a, classes, seed, t, maxLen, meta, shape.toString());
        }

        /**
         * Throws unless the network's own parameters for embedding dimension {@code dimension}, at 4
         * bytes a value, fit in the {@code left} bytes that remain for them.
         */
        void checkFits(Path file, long offset, int dimension, long left) throws ModelFileException {
            long values;
            try {
                values = architecture.parameterCount(dimension, classes);
            } catch (ArithmeticException ex) {
                values = Long.MAX_VALUE;
            }
            if (values > left / Float.BYTES) {
                throw new ModelFileException(file, offset, shape + " with embedding dimension " + dimension
                        + " need " + (values == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : values)
                        + " parameter values, more than the " + left + " bytes left can hold");
            }
        }

        private static String need(Path file, SortedMap<String, String> e, String key) throws ModelFileException {
            String v = e.get(key);
            if (v == null) {
                throw new ModelFileException(file, -1, "missing entry '" + key + "'");
            }
            return v;
        }

        /** A size entry: a decimal integer in {@code [1, max]}. */
        private static int size(Path file, SortedMap<String, String> e, String key, int max) throws ModelFileException {
            String v = need(file, e, key);
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException ex) {
                n = Long.MIN_VALUE;
            }
            if (n < 1 || n > max) {
                throw new ModelFileException(file, -1, "entry " + key + " must be an integer in [1, " + max
                        + "], got '" + v + "'");
            }
            return (int) n;
        }

        /** A real entry: finite, {@code >= min}, and below 1 if {@code belowOne}. */
        private static double real(Path file, SortedMap<String, String> e, String key, double min, boolean belowOne)
                throws ModelFileException {
            String v = need(file, e, key);
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                x = Double.NaN;
            }
            if (!Double.isFinite(x) || x < min || (belowOne && x >= 1.0)) {
                throw new ModelFileException(file, -1, "entry " + key + " must be a finite number"
                        + (belowOne ? " in [0, 1)" : "") + ", got '" + v + "'");
            }
            return x;
        }
    }

    /** A growing little-endian byte buffer. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void bytes(byte[] b) {
            bytes.write(b, 0, b.length);
        }

        void int32(int v) {
            scratch.clear().putInt(v);
            bytes.write(scratch.array(), 0, 4);
        }

        void int64(long v) {
            scratch.clear().putLong(v);
            bytes.write(scratch.array(), 0, 8);
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            bytes(b);
        }

        void floats(FloatBuffer src, int n) {
            ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                buf.putFloat(src.get(i));
            }
            bytes(buf.array());
        }

        byte[] finish() {
            byte[] b = bytes.toByteArray();
            byte[] all = Arrays.copyOf(b, b.length + CHECKSUM);
            ByteBuffer w = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            w.putLong(12, all.length);
            CRC32C crc = new CRC32C();
            crc.update(all, 0, b.length);
            w.putInt(b.length, (int) crc.getValue());
            return all;
        }
    }

    /** A bounds-checked reader over the file's bytes, up to the checksum. */
    private static final class In {
        private final Path file;
        private final ByteBuffer buf;

        In(Path file, byte[] bytes) {
            this.file = file;
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        void checkPreamble() throws ModelFileException {
            int size = buf.capacity();
            byte[] magic = new byte[Math.min(size, MAGIC.length)];
            buf.get(0, magic);
            if (size == 0 || !Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length))) {
                throw new ModelFileException(file, -1, "not a lore model file (no model magic at its start)");
            }
            if (size < PREAMBLE + CHECKSUM) {
                throw new ModelFileException(file, -1, "truncated: only " + size + " bytes");
            }
            int version = buf.getInt(8);
            if (version > FORMAT_VERSION) {
                throw new ModelFileException(file, 8, "written by a newer lore (model format version " + version
                        + "; this lore reads version " + FORMAT_VERSION + "): upgrade lore to read it");
            }
            if (version < 1) {
                throw new ModelFileException(file, 8, "unknown model format version " + version);
            }
            long length = buf.getLong(12);
            if (length != size) {
                throw new ModelFileException(file, 12, size < length
                        ? "truncated: the header says " + length + " bytes, the file has " + size
                        : "the header says " + length + " bytes but the file has " + size);
            }
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, size - CHECKSUM);
            int stored = buf.getInt(size - CHECKSUM);
            if (stored != (int) crc.getValue()) {
                throw new ModelFileException(file, size - CHECKSUM, String.format("checksum mismatch (stored %08x,"
                        + " computed %08x): the file is corrupt", stored, (int) crc.getValue()));
            }
            buf.position(PREAMBLE).limit(size - CHECKSUM);
        }

        long position() {
            return buf.position();
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(int n, String what) throws ModelFileException {
            if (n < 0 || n > buf.remaining()) {
                throw new ModelFileException(file, buf.position(), what + " needs " + n + " bytes, " + buf.remaining()
                        + " left");
            }
        }

        int int32() throws ModelFileException {
            need(4, "an int32");
            return buf.getInt();
        }

        long int64() throws ModelFileException {
            need(8, "an int64");
            return buf.getLong();
        }

        /** A count of items of at least {@code minBytes} each, checked against the bytes left. */
        int count(String what, int minBytes) throws ModelFileException {
            long at = buf.position();
            int n = int32();
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw new ModelFileException(file, at, what + " count " + n + " does not fit the " + buf.remaining()
                        + " bytes left");
            }
            return n;
        }

        byte[] bytes(int n) throws ModelFileException {
            need(n, "a field");
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        String text() throws ModelFileException {
            long at = buf.position();
            int n = int32();
            need(n, "a text");
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(n))).toString();
            } catch (CharacterCodingException e) {
                throw new ModelFileException(file, at, "a text is not valid UTF-8", e);
            }
        }

        void parameterInto(Parameter p) throws ModelFileException {
            long at = buf.position();
            String name = text();
            if (!name.equals(p.name())) {
                throw new ModelFileException(file, at, "expected parameter '" + p.name() + "', found '" + name + "'");
            }
            int rank = int32();
            long[] expected = p.value().shape();
            if (rank != expected.length) {
                throw new ModelFileException(file, at, name + " has rank " + rank + ", expected " + expected.length);
            }
            long[] shape = new long[rank];
            for (int k = 0; k < rank; k++) {
                shape[k] = int64();
            }
            if (!Arrays.equals(shape, expected)) {
                throw new ModelFileException(file, at, name + " has shape " + Arrays.toString(shape) + ", expected "
                        + Arrays.toString(expected));
            }
            int n = p.length();
            need(Math.multiplyExact(n, 4), name + "'s values");
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = buf.getFloat();
                if (!Float.isFinite(values[i])) {
                    throw new ModelFileException(file, buf.position() - 4, name + " holds " + values[i] + " at index " + i);
                }
            }
            p.value().data().asNioFloat().put(0, values);
        }
    }
}
