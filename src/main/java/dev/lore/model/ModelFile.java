package dev.lore.model;

import dev.lore.AtomicFiles;
import dev.lore.LoreVersion;
import dev.lore.QuotedText;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.FileFrame;
import dev.lore.compress.LoreFile;
import dev.lore.compress.LoreFormatException;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.data.LabelSet;
import dev.lore.data.Tokenizer;
import dev.lore.nn.Architecture;
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
import java.nio.channels.Channels;
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
 * order. The magic, version, length and checksum are the {@link FileFrame} shared with
 * {@code .lore} files; the embedding is written and read in place with {@link LoreFile}. Reading
 * checks the frame before anything else, then every count against the bytes left, every entry
 * against its range, that the parameter values the entries imply fit in the bytes left (before
 * the network is built), then that the parameters match, by name and shape, those of the
 * architecture the entries describe, and that all values are finite. A loaded model predicts
 * exactly as the saved one did; every parameter is trainable after loading.
 */
public final class ModelFile {

    /** The 8 magic bytes. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'O', 'D', '\r', '\n', 0x1A};
    /** The format version written, and the newest read. */
    public static final int FORMAT_VERSION = 1;
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
        out.embedding(stored(model));
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
        try {
            FileFrame.check(file, ByteBuffer.wrap(bytes), MAGIC, FORMAT_VERSION, "lore model");
        } catch (LoreFormatException e) {
            throw new ModelFileException(file, e.offset(), e.problem(), e);
        }
        In in = new In(file, bytes);
        SortedMap<String, String> entries = new TreeMap<>();
        int n = in.count("entries", 8);
        String previous = null;
        for (int i = 0; i < n; i++) {
            long at = in.position();
            String key = in.text();
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new ModelFileException(file, at, "entry keys must be strictly ascending, '" + QuotedText.of(key)
                        + "' follows '" + QuotedText.of(previous) + "'");
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
        CompressedEmbedding embedding = readLore(file, loreAt + 8, in.slice((int) loreLength));
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
            m.put("dan.word_dropout", Double.toString(dan.config().wordDropout()));
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

    /** The model's embedding as a {@code .lore} file stores it. */
    private static CompressedEmbedding stored(TrainedModel model) {
        Provenance provenance = Provenance.of(Source.none(), "model", "", "", 0)
                .withExtra("model.architecture", model.architecture().name());
        return model.network().embedding().toStored(model.vocabulary(), provenance);
    }

    /** Reads the embedding section, a {@code .lore} image starting at {@code offset} of the file. */
    private static CompressedEmbedding readLore(Path file, long offset, ByteBuffer image) throws ModelFileException {
        try {
            return LoreFile.read(file, image);
        } catch (LoreFormatException e) {
            throw new ModelFileException(file, e.offset() < 0 ? offset : offset + e.offset(),
                    "embedding section: " + e.problem(), e);
        }
    }

    private static EmbeddingLayer layer(Path file, long offset, CompressedEmbedding embedding) throws ModelFileException {
        try {
            return EmbeddingLayer.fromStored(embedding);
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
                        + QuotedText.of(arch) + "'");
            };
            Architecture a = switch (arch) {
                case "dan" -> new Architecture.Dan(new DanConfig(size(file, e, "dan.hidden1", Integer.MAX_VALUE),
                        size(file, e, "dan.hidden2", Integer.MAX_VALUE),
                        e.containsKey("dan.word_dropout") ? real(file, e, "dan.word_dropout", 0.0, true) : 0.0));
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
                throw new ModelFileException(file, -1, "entry seed must be a decimal int64, got '"
                        + QuotedText.of(e.get("seed")) + "'", ex);
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
                        + "], got '" + QuotedText.of(v) + "'");
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
                        + (belowOne ? " in [0, 1)" : "") + ", got '" + QuotedText.of(v) + "'");
            }
            return x;
        }
    }

    /** A growing little-endian byte buffer, framed by {@link #finish}. */
    private static final class Out extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Out() {
            super(1 << 16);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void int32(int v) {
            scratch.clear().putInt(v);
            write(scratch.array(), 0, 4);
        }

        void int64(long v) {
            scratch.clear().putLong(v);
            write(scratch.array(), 0, 8);
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

        /** An int64 length, then the {@code .lore} image of {@code e}, written in place. */
        void embedding(CompressedEmbedding e) throws IOException {
            int at = size();
            int64(0);
            long length = LoreFile.write(Channels.newChannel(this), e);
            ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putLong(at, length);
        }

        /** The bytes written, with the file length at offset 12 and the CRC32C appended. */
        byte[] finish() {
            byte[] all = Arrays.copyOf(buf, Math.addExact(count, FileFrame.CHECKSUM_BYTES));
            ByteBuffer w = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            w.putLong(12, all.length);
            CRC32C crc = new CRC32C();
            crc.update(all, 0, count);
            w.putInt(count, (int) crc.getValue());
            return all;
        }
    }

    /** A bounds-checked reader over the file's bytes, up to the checksum. */
    private static final class In {
        private final Path file;
        private final ByteBuffer buf;

        /** A reader over the body of {@code bytes}, whose frame has been checked. */
        In(Path file, byte[] bytes) {
            this.file = file;
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            buf.position(FileFrame.PREAMBLE_BYTES).limit(bytes.length - FileFrame.CHECKSUM_BYTES);
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

        /** The next {@code n} bytes as a view (not a copy), skipped. */
        ByteBuffer slice(int n) throws ModelFileException {
            need(n, "a field");
            ByteBuffer view = buf.slice(buf.position(), n);
            buf.position(buf.position() + n);
            return view;
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
                throw new ModelFileException(file, at, "expected parameter '" + p.name() + "', found '" + QuotedText.of(name) + "'");
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
