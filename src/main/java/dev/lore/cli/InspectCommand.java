package dev.lore.cli;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.StoredMatrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lore inspect}: Describe a .lore file: vocabulary, factors, provenance. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a .lore file: vocabulary, factors, provenance.")
final class InspectCommand implements Callable<Integer> {

    /** Singular values shown unless {@code --all-singular-values}. */
    static final int SHOWN_SINGULAR_VALUES = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.lore", description = "The file to describe.")
    Path file;

    @Option(names = "--words", paramLabel = "N", defaultValue = "5", description = "Show the first N words (default ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--all-singular-values", description = "Show every stored singular value.")
    boolean allSingularValues;

    @Override
    public Integer call() throws IOException {
        if (words < 0) {
            throw new ParameterException(spec.commandLine(), "--words must be >= 0, got " + words);
        }
        CliFiles.checkInput("input", file);
        CompressedEmbedding e = LoreFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table();
        t.row("file", file + " (" + Files.size(file) + " bytes, format version " + LoreFile.FORMAT_VERSION
                + ", checksum ok)");
        t.row("kind", e.kind() == CompressedEmbedding.Kind.LOW_RANK ? "low-rank (A B)" : "dense");
        t.row("words", Integer.toString(e.size()));
        t.row("dimension", Integer.toString(e.dimension()));
        if (e.kind() == CompressedEmbedding.Kind.LOW_RANK) {
            t.row("rank", Integer.toString(e.rank()));
            t.row("A", describe(e.a()));
            t.row("B", describe(e.b().orElseThrow()));
        } else {
            t.row("matrix", describe(e.a()));
        }
        long full = (long) e.size() * e.dimension();
        t.row("parameters", e.parameterCount() + " of " + full + " (compression "
                + Table.num(1.0 - (double) e.parameterCount() / full) + ")");
        t.row("matrix bytes", e.matrixBytes() + " of " + 4 * full + " as float32 (ratio "
                + Table.num(4.0 * full / e.matrixBytes()) + ")");
        double[] s = e.singularValues();
        if (s.length > 0) {
            t.row("singular values", s.length + " stored" + (s.length == Math.min(e.size(), e.dimension())
                    ? " (all)" : "") + ": " + firstValues(s));
        }
        int n = Math.min(words, e.size());
        if (n > 0) {
            t.row("first words", String.join(" ", e.vocabulary().words().subList(0, n)));
        }
        for (Map.Entry<String, String> p : e.provenance().entries().entrySet()) {
            t.row(p.getKey(), p.getValue());
        }
        t.print(out);
        out.flush();
        return 0;
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
