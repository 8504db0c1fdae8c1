package dev.lore.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line with captured output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return withInput(new ByteArrayInputStream(new byte[0]), args);
    }

    /** A run whose standard input is {@code stdin}. */
    static CliRun withInput(InputStream stdin, String... args) {
        CommandLine cl = LoreCommand.commandLine(stdin);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
