package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore demo}: Run the whole pipeline on the data shipped in the repository. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole pipeline on the data shipped in the repository.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore demo is not implemented yet");
    }
}
