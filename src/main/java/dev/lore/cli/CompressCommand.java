package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore compress}: Factorize (and optionally quantize) an embedding file into a compact .lore file. */
@Command(name = "compress", mixinStandardHelpOptions = true, description = "Factorize (and optionally quantize) an embedding file into a compact .lore file.")
final class CompressCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore compress is not implemented yet");
    }
}
