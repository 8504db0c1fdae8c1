package dev.lore.cli;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.io.EmbeddingWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lore export}: Write the reconstructed vectors of a .lore file as GloVe text. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the reconstructed vectors of a .lore file (A B, or the dense matrix) as GloVe text.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.lore", description = "The file to export.")
    Path file;

    @Option(names = "--output", required = true, paramLabel = "FILE.txt",
            description = "GloVe text to write (gzipped when the name ends in .gz).")
    Path output;

    @Override
    public Integer call() throws IOException {
        CliFiles.checkNotAnInput(spec.commandLine(), "--output", output, CliFiles.inputs("FILE.lore", file));
        CliFiles.checkInput("input", file);
        CliFiles.checkOutputFile("--output", output);
        CompressedEmbedding e = LoreFile.read(file);
        EmbeddingWriter.writeGlove(output, e.reconstruct());
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + e.size() + " vectors of dimension " + e.dimension() + " to " + output);
        out.flush();
        return 0;
    }
}
