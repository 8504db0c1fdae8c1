package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore export}: Write the reconstructed vectors of a .lore file as GloVe text. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the reconstructed vectors of a .lore file as GloVe text.")
final class ExportCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore export is not implemented yet");
    }
}
