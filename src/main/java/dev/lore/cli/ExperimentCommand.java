package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore experiment}: Run a grid of compression experiments on a labeled dataset. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a grid of compression experiments on a labeled dataset.")
final class ExperimentCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore experiment is not implemented yet");
    }
}
