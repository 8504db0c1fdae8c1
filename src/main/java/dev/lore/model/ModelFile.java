package dev.lore.model;

import dev.lore.AtomicFiles;
import dev.lore.QuotedText;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.LoreFormatException;
import dev.lore.compress.LoreInput;
import dev.lore.compress.LoreOutput;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.data.LabelSet;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.Parameter;
import dev.lore.nn.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Saves and loads a {@link TrainedModel} as one file (extension {@code .lorem} by convention),
 * specified byte by byte in docs/format.md ("Model files"). The frame (magic, version, length,
 * CRC32C) and the little-endian values are those of {@code .lore} files, written by
 * {@link LoreOutput} and read by {@link LoreInput}, streamed in both directions:
 *
 * <pre>
 * magic       8 bytes   89 4C 4D 4F 44 0D 0A 1A   ("\x89LMOD\r\n\x1a")
 * version     int32     2 (1 is still read)
 * length      int64     the file's size in bytes
 * entries     int32 n, then n (key, value) text pairs, keys strictly ascending ({@link ModelEntries}):
 *             the model's shape, tokenizer and length, its frozen parameters, its provenance
 *             (data.*, training.*) and its metadata (meta.*)
 * labels      int32 n, then n texts, in class order
 * embedding   int64 n, then the n bytes of a .lore file (its own header, vocabulary and checksum)
 * parameters  int32 n, then per parameter: name (text), int32 rank (1 or 2), rank x int64 shape,
 *             product(shape) x float32 values, row-major
 * checksum    int32     CRC32C of every preceding byte
 * </pre>
 *
 * A text is an int32 byte count followed by that many bytes of UTF-8. The parameters are the
 * network's own, every parameter after the embedding's, in {@link TextClassifier#parameters()}
 * order. Reading checks the frame before anything else, then every count against the bytes left,
 * every entry against its range, that the parameter values the entries imply fit in the bytes left
 * (before the network is built), then that the parameters match, by name and shape, those of the
 * architecture the entries describe, and that all values are finite. A loaded model predicts
 * exactly as the saved one did; its frozen parameters are frozen again (files of version 1 did not
 * record them: every parameter is trainable after loading one). Stateless and thread-safe.
 */
public final class ModelFile {

    /** The 8 magic bytes. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'O', 'D', '\r', '\n', 0x1A};
    /** The format version written, and the newest read. */
    public static final int FORMAT_VERSION = 2;

    private ModelFile() {}

    /**
     * Writes {@code model} to {@code file}, atomically replacing any existing file. With the same
     * model and {@code SOURCE_DATE_EPOCH} set ({@link dev.lore.CreationTime}), the bytes are the same.
     *
     * @param file the target, created or replaced; conventionally named {@code *.lorem}
     * @param model the model to save, not modified
     * @throws java.nio.file.NoSuchFileException if the directory of {@code file} does not exist
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void write(Path file, TrainedModel model) throws IOException {
        SortedMap<String, String> entries = ModelEntries.of(model);
        List<String> labels = model.labels().labels();
        CompressedEmbedding embedding = stored(model);
        List<Parameter> own = ownParameters(model.network());
        long imageLength = LoreFile.imageLength(embedding);
        long length = 20 + 4 + 4 + 8 + imageLength + 4 + 4;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            length += LoreOutput.textBytes(e.getKey()) + LoreOutput.textBytes(e.getValue());
        }
        for (String l : labels) {
            length += LoreOutput.textBytes(l);
        }
        for (Parameter p : own) {
            length += LoreOutput.textBytes(p.name()) + 4 + 8L * p.value().rank() + 4L * p.length();
        }
        long total = length;
        AtomicFiles.write(file, channel -> {
            LoreOutput out = LoreOutput.framed(channel, MAGIC, FORMAT_VERSION, total);
            out.putInt(entries.size());
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putText(e.getKey());
                out.putText(e.getValue());
            }
            out.putInt(labels.size());
            for (String l : labels) {
                out.putText(l);
            }
            out.putLong(imageLength);
            LoreFile.write(out, embedding);
            out.putInt(own.size());
            for (Parameter p : own) {
                out.putText(p.name());
                long[] shape = p.value().shape();
                out.putInt(shape.length);
                out.putLongs(shape);
                out.putFloats(p.value().data().asNioFloat(), 0, p.length());
            }
            out.finish();
        });
    }

    /**
     * Whether {@code file} starts with the model-file magic (it may still be corrupt: {@link #read}
     * checks the rest).
     *
     * @param file any file; only its first 8 bytes are read
     * @return true if they are the model-file magic
     * @throws IOException if the file cannot be read
     */
    public static boolean isModelFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /**
     * Reads a model file of version 1 or 2.
     *
     * @param file the model file, read once from start to end
     * @return the model, predicting exactly as the saved one did; a network of its own, in training
     *     mode, with the saved frozen flags (version 2)
     * @throws ModelFileException if the file is not a model file, was written by a newer lore, is
     *     truncated or corrupt, or describes an inconsistent model; the message names the file
     * @throws IOException if it cannot be read
     */
    public static TrainedModel read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(LoreInput.open(file, channel, MAGIC, FORMAT_VERSION, "lore model"));
        } catch (LoreFormatException e) {
            throw new ModelFileException(file, e.offset(), e.problem(), e);
        }
    }

    private static TrainedModel read(LoreInput in) throws IOException {
        Path file = in.file();
        SortedMap<String, String> entries = new TreeMap<>();
        int n = count(in, "entries", 8);
        String previous = null;
        for (int i = 0; i < n; i++) {
            long at = in.position();
            String key = in.readText("an entry key", 0, Integer.MAX_VALUE);
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new ModelFileException(file, at, "entry keys must be strictly ascending, '" + QuotedText.of(key)
                        + "' follows '" + QuotedText.of(previous) + "'");
            }
            previous = key;
            entries.put(key, in.readText("an entry value", 0, Integer.MAX_VALUE));
        }
        int labelCount = count(in, "labels", 4);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < labelCount; i++) {
            labels.add(in.readText("a label", 0, Integer.MAX_VALUE));
        }
        ModelEntries h = ModelEntries.parse(file, entries, labels, in.version());
        long loreAt = in.position();
        long loreLength = in.readLong("the embedding length");
        if (loreLength < 0 || loreLength > in.remaining()) {
            throw new ModelFileException(file, loreAt, "embedding length must be in [0, " + in.remaining()
                    + "] (the bytes left), got " + loreLength);
        }
        CompressedEmbedding embedding = readLore(in, loreLength);
        EmbeddingLayer layer = layer(file, loreAt, embedding);
        long paramsAt = in.position();
        int count = count(in, "parameters", 12);
        h.checkFits(file, paramsAt, embedding.dimension(), in.remaining());
        TextClassifier network = h.architecture().create(layer, labels.size(), h.seed());
        List<Parameter> own = ownParameters(network);
        if (count != own.size()) {
            throw new ModelFileException(file, paramsAt, "the " + h.architecture().name() + " model has "
                    + own.size() + " parameters besides its embedding, the file holds " + count);
        }
        for (Parameter p : own) {
            readParameter(in, p);
        }
        in.finish();
        h.freeze(file, network);
        try {
            return TrainedModel.of(network, embedding.vocabulary(), LabelSet.of(labels), h.tokenizer(), h.maxLen(),
                    h.metadata()).withProvenance(h.provenance());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, -1, e.getMessage(), e);
        }
    }

    /** A count of items of at least {@code minBytes} each, checked against the bytes left. */
    private static int count(LoreInput in, String what, int minBytes) throws IOException {
        long at = in.position();
        int n = in.readInt(what + " count");
        if (n < 0 || (long) n * minBytes > in.remaining()) {
            throw new ModelFileException(in.file(), at, what + " count " + n + " does not fit the " + in.remaining()
                    + " bytes left");
        }
        return n;
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

    /** Reads the embedding section, a {@code .lore} image of {@code length} bytes. */
    private static CompressedEmbedding readLore(LoreInput in, long length) throws IOException {
        try {
            return LoreFile.read(in, length);
        } catch (LoreFormatException e) {
            throw new ModelFileException(in.file(), e.offset(), "embedding section: " + e.problem(), e);
        }
    }

    private static EmbeddingLayer layer(Path file, long offset, CompressedEmbedding embedding) throws ModelFileException {
        try {
            return EmbeddingLayer.fromStored(embedding);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, offset, "embedding section: " + e.getMessage(), e);
        }
    }

    /** Reads one parameter's name, shape and values into {@code p}, checking them against it. */
    private static void readParameter(LoreInput in, Parameter p) throws IOException {
        Path file = in.file();
        long at = in.position();
        String name = in.readText("a parameter name", 0, Integer.MAX_VALUE);
        if (!name.equals(p.name())) {
            throw new ModelFileException(file, at, "expected parameter '" + p.name() + "', found '"
                    + QuotedText.of(name) + "'");
        }
        int rank = in.readInt(name + "'s rank");
        long[] expected = p.value().shape();
        if (rank != expected.length) {
            throw new ModelFileException(file, at, name + " has rank " + rank + ", expected " + expected.length);
        }
        long[] shape = in.readLongs(rank, name + "'s shape");
        if (!Arrays.equals(shape, expected)) {
            throw new ModelFileException(file, at, name + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
        int n = p.length();
        long valuesAt = in.position();
        in.need(4L * n, name + "'s values");
        FloatBuffer values = p.value().data().asNioFloat();
        in.readFloats(values, n, name + "'s values");
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values.get(i))) {
                throw new ModelFileException(file, valuesAt + 4L * i, name + " holds " + values.get(i)
                        + " at index " + i);
            }
        }
    }
}
