package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore inspect}: Describe a .lore file: vocabulary, factors, provenance. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Describe a .lore file: vocabulary, factors, provenance.")
final class InspectCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore inspect is not implemented yet");
    }
}
