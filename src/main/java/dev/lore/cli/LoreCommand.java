package dev.lore.cli;

import dev.lore.LoreVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code lore} command line.
 *
 * <p>Exit codes: 0 success; 1 a failure while running (bad input file, I/O error); 2 bad
 * arguments (picocli's usage error code).
 */
@Command(
        name = "lore",
        mixinStandardHelpOptions = true,
        versionProvider = LoreCommand.Version.class,
        description = "Low-rank compression of word-embedding layers.",
        subcommands = {
            CompressCommand.class,
            InspectCommand.class,
            ExportCommand.class,
            ScheduleCommand.class,
            TrainCommand.class,
            ExperimentCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LoreCommand implements Runnable {

    /** Exit code for a failure while running a valid command. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the command line and returns its exit code (without calling {@code System.exit}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** A configured command line: errors become one-line messages and exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LoreCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("lore " + commandLine.getCommandName() + ": error: " + describe(ex));
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lore " + LoreVersion.get()};
        }
    }
}
