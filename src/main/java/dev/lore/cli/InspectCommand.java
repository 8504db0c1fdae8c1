package dev.lore.cli;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.Architecture;
import dev.lore.nn.Parameter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lore inspect}: Describe a .lore or .lorem file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a .lore file (vocabulary, factors, provenance) or a .lorem model file"
                + " (architecture, labels, embedding, training configuration, data digest).")
final class InspectCommand implements Callable<Integer> {

    /** Singular values shown unless {@code --all-singular-values}. */
    static final int SHOWN_SINGULAR_VALUES = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .lore or .lorem file to describe.")
    Path file;

    @Option(names = "--words", paramLabel = "N", defaultValue = "5", description = "Show the first N words (default ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--all-singular-values", description = "Show every stored singular value.")
    boolean allSingularValues;

    @Option(names = "--json", description = "Print one JSON object: kind (low-rank or dense), scheme (float32,"
            + " scalar, pq, lowrank, lowrank-scalar, lowrank-pq, lowrank-quantized), words, dimension, rank, a, b,"
            + " matrix_bytes, float32_bytes, ratio (float32_bytes / matrix_bytes), relative_error (null when the file"
            + " does not record it), format_version, provenance and, for a model, architecture and labels.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (words < 0) {
            throw new ParameterException(spec.commandLine(), "--words must be >= 0, got " + words);
        }
        CliFiles.checkInput("input", file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.of(jsonObject()));
            out.flush();
            return 0;
        }
        Table t = new Table();
        if (ModelFile.isModelFile(file)) {
            describeModel(ModelFile.read(file), t);
        } else {
            CompressedEmbedding e = LoreFile.read(file);
            t.row("file", file + " (" + Files.size(file) + " bytes, format version " + formatVersion()
                    + ", checksum ok)");
            describe(e, t, "");
        }
        t.print(out);
        out.flush();
        return 0;
    }

    /** The {@code --json} object of {@link #file}. */
    private Map<String, Object> jsonObject() throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", file.toString());
        o.put("file_bytes", Files.size(file));
        CompressedEmbedding e;
        if (ModelFile.isModelFile(file)) {
            TrainedModel m = ModelFile.read(file);
            o.put("model", m.architecture().name());
            o.put("labels", m.labels().labels());
            e = m.network().embedding().toStored(m.vocabulary(), Provenance.of(Source.none(), "model", "", "", 0));
        } else {
            e = LoreFile.read(file);
            o.put("format_version", formatVersion());
        }
        long floatBytes = 4L * e.size() * e.dimension();
        o.put("kind", e.kind() == CompressedEmbedding.Kind.LOW_RANK ? "low-rank" : "dense");
        o.put("scheme", e.scheme());
        o.put("words", e.size());
        o.put("dimension", e.dimension());
        o.put("rank", e.rank());
        o.put("a", e.a().describe());
        o.put("b", e.b().map(StoredMatrix::describe).orElse(null));
        o.put("matrix_bytes", e.matrixBytes());
        o.put("float32_bytes", floatBytes);
        o.put("ratio", (double) floatBytes / e.matrixBytes());
        String err = e.provenance().extra().get("error.relative");
        o.put("relative_error", err == null ? null : Double.parseDouble(err));
        o.put("provenance", e.provenance().entries());
        return o;
    }

    /** The format version field of a .lore file that {@link LoreFile#read} accepted. */
    private int formatVersion() throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, 8 + b.position()) >= 0) {
                // until full
            }
            return b.flip().getInt();
        }
    }

    private void describeModel(TrainedModel m, Table t) throws IOException {
        t.row("file", file + " (" + Files.size(file) + " bytes, lore model, checksum ok)");
        Architecture a = m.architecture();
        t.row("architecture", a.name() + " " + (a instanceof Architecture.Dan d ? d.config() : ((Architecture.Lstm) a).config()));
        t.row("labels", m.labels().size() + ": " + String.join(" ", m.labels().labels()));
        t.row("tokenizer", m.tokenizer().name() + ", sequences cut at " + m.maxLen() + " tokens");
        long own = 0;
        List<String> frozen = new ArrayList<>();
        for (Parameter p : m.network().parameters()) {
            own += p.length();
            if (!p.isTrainable()) {
                frozen.add(p.name());
            }
        }
        t.row("parameters", own + " in all, frozen: " + (frozen.isEmpty() ? "none" : String.join(", ", frozen)));
        CompressedEmbedding e = m.network().embedding().toStored(m.vocabulary(), Provenance.of(Source.none(), "model",
                "", "", 0));
        describe(e, t, "embedding ");
        for (Map.Entry<String, String> p : m.provenance().entrySet()) {
            t.row(p.getKey(), p.getValue());
        }
        for (Map.Entry<String, String> p : m.metadata().entrySet()) {
            t.row("meta." + p.getKey(), p.getValue());
        }
    }

    /** The rows that describe an embedding, each label after {@code prefix}. */
    private void describe(CompressedEmbedding e, Table t, String prefix) {
        t.row(prefix + "kind", e.kind() == CompressedEmbedding.Kind.LOW_RANK ? "low-rank (A B)" : "dense");
        t.row(prefix + "scheme", e.scheme());
        t.row(prefix + "words", Integer.toString(e.size()));
        t.row(prefix + "dimension", Integer.toString(e.dimension()));
        if (e.kind() == CompressedEmbedding.Kind.LOW_RANK) {
            t.row(prefix + "rank", Integer.toString(e.rank()));
            t.row(prefix + "A", describe(e.a()));
            t.row(prefix + "B", describe(e.b().orElseThrow()));
        } else {
            t.row(prefix + "matrix", describe(e.a()));
        }
        long full = (long) e.size() * e.dimension();
        t.row(prefix + "parameters", e.parameterCount() + " of " + full + " (compression "
                + Table.num(1.0 - (double) e.parameterCount() / full) + ")");
        t.row(prefix + "matrix bytes", e.matrixBytes() + " of " + 4 * full + " as float32 (ratio "
                + Table.num(4.0 * full / e.matrixBytes()) + ")");
        double[] s = e.singularValues();
        if (s.length > 0) {
            t.row(prefix + "singular values", s.length + " stored" + (s.length == Math.min(e.size(), e.dimension())
                    ? " (all)" : "") + ": " + firstValues(s));
        }
        int n = Math.min(words, e.size());
        if (n > 0) {
            t.row(prefix + "first words", String.join(" ", e.vocabulary().words().subList(0, n)));
        }
        if (prefix.isEmpty()) {
            for (Map.Entry<String, String> p : e.provenance().entries().entrySet()) {
                t.row(p.getKey(), p.getValue());
            }
        }
    }

    private String firstValues(double[] s) {
        int shown = allSingularValues ? s.length : Math.min(SHOWN_SINGULAR_VALUES, s.length);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : " ").append(Table.num(s[i]));
        }
        return shown < s.length ? b.append(" ...").toString() : b.toString();
    }

    private static String describe(StoredMatrix m) {
        return m.rows() + " x " + m.columns() + ", " + m.describe() + ", " + m.storageBytes() + " bytes";
    }
}
