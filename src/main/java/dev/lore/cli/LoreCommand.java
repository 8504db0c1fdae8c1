package dev.lore.cli;

import dev.lore.LoreVersion;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            PredictCommand.class,
            NearestCommand.class,
            EvaluateCommand.class,
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

    /**
     * Runs the command line and returns its exit code (without calling {@code System.exit}).
     *
     * @param args the arguments, as on the command line
     * @return 0 on success, {@link #EXIT_FAILURE} for a failure while running, 2 for bad arguments
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * A configured command line: errors become one-line messages and exit codes.
     *
     * @return a new command line reading the process's standard input
     */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /** A configured command line whose commands read {@code stdin} as their standard input. */
    static CommandLine commandLine(InputStream stdin) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == PredictCommand.class ? cls.cast(new PredictCommand(stdin)) : defaults.create(cls);
            }
        };
        CommandLine cl = new CommandLine(new LoreCommand(), factory);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("lore " + commandLine.getCommandName() + ": error: " + describe(ex));
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    /**
     * Temporary files of lore's atomic writes ({@link dev.lore.AtomicFiles}): {@code .NAME.HEX.tmp}
     * next to the target {@code NAME}. Group 1 is the directory part, group 2 the target's name.
     */
    private static final Pattern TEMPORARY_FILE =
            Pattern.compile("((?:[^\\s'\"]*[/\\\\])?)\\.([^/\\\\\\s'\"]+?)\\.[0-9a-f]{1,16}\\.tmp\\b");

    /**
     * The one-line text of a failure, as a shell user expects it: for a {@link FileSystemException}
     * the file and the reason ({@code out.lore: permission denied}) rather than Java's exception
     * text; an {@link UncheckedIOException} is replaced by its cause. A temporary file of an atomic
     * write is named by its target, the file the user asked for.
     */
    static String describe(Throwable ex) {
        Throwable e = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return userPaths(fs.getFile()) + ": " + reason(fs);
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : userPaths(msg);
    }

    private static String reason(FileSystemException e) {
        String r = e.getReason();
        if (r != null && !r.isBlank()) {
            return r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1))
                    ? Character.toLowerCase(r.charAt(0)) + r.substring(1) : r;
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return "file system error";
    }

    /** {@code text} with each temporary file of an atomic write replaced by its target. */
    static String userPaths(String text) {
        return TEMPORARY_FILE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)));
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments, as on the command line
     */
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
