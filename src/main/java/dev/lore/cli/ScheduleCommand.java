package dev.lore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lore schedule}: Print or plot a learning-rate schedule. */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = "Print or plot a learning-rate schedule.")
final class ScheduleCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("lore schedule is not implemented yet");
    }
}
