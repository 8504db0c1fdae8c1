package dev.lore.cli;

import dev.lore.model.ModelFile;
import dev.lore.model.Prediction;
import dev.lore.model.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lore predict}: the label of each line of text, by a trained model ({@code .lorem}).
 *
 * <p>Input: UTF-8 text, one text per line, from {@code --input} or standard input. Lines end at
 * {@code \n} (a carriage return before it is dropped, so CRLF files read the same; a final line
 * without a line break counts); a byte-order mark at the start is dropped. Every line, empty ones
 * included, is one text.
 *
 * <p>Output, on standard output, one line per input line, in input order: the predicted label;
 * with {@code --probabilities}, the label followed by a tab and, for each of the model's labels in
 * its order ({@code lore inspect} lists them), {@code LABEL=P} with the probability {@code P} as
 * Java's {@code Float.toString} writes it (it reads back to the same float), the fields separated
 * by tabs: {@code pos<TAB>neg=0.0123<TAB>pos=0.9877}.
 *
 * <p>Lines are read in batches of {@link TrainedModel#BATCH_SIZE}, each batch one call of the
 * model, spread over {@code --threads} threads that share the one model; a batch's results do
 * not depend on the thread that computes it, so the output is byte for byte the same for every
 * number of threads, and equals {@link TrainedModel#predict(List)} of all lines. At most
 * {@code 2 N} batches are in flight, so memory does not grow with the input.
 *
 * <p>Exit codes: 0 success (also for an empty input), 1 a missing or malformed model or input
 * file (the message names it, and the line of malformed UTF-8), 2 bad arguments ({@code --threads}
 * outside {@code [1, MAX_THREADS]}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the label of each line of text (UTF-8, one text per line) with a trained model.")
final class PredictCommand implements Callable<Integer> {

    /** Most {@code --threads}: beyond the cores, threads only add memory (a workspace each). */
    static final int MAX_THREADS = 64;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.lorem", description = "The trained model (lore train --output).")
    Path model;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Texts, one per line, UTF-8 (default: standard input).")
    Path input;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads sharing the model, 1 to " + MAX_THREADS + " (default: ${DEFAULT-VALUE});"
                    + " the output is the same for every N.")
    int threads;

    @Option(names = "--probabilities",
            description = "After each label, LABEL=P for every label of the model, tab-separated.")
    boolean probabilities;

    private final InputStream stdin;

    /** A command that reads standard input when no {@code --input} is given. */
    PredictCommand() {
        this(System.in);
    }

    /** A command that reads {@code stdin} when no {@code --input} is given. */
    PredictCommand(InputStream stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ParameterException(spec.commandLine(),
                    "--threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        CliFiles.checkInput("MODEL", model);
        if (input != null) {
            CliFiles.checkInput("--input", input);
        }
        TrainedModel m = ModelFile.read(model);
        PrintWriter out = spec.commandLine().getOut();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lore-predict");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = input == null ? new NonClosing(stdin) : Files.newInputStream(input)) {
            run(m, lines(in), out, pool);
        } finally {
            pool.shutdownNow();
        }
        out.flush();
        return 0;
    }

    /** Reads batches, predicts them on the pool, and writes their results in input order. */
    private void run(TrainedModel m, Lines lines, PrintWriter out, ExecutorService pool) throws IOException {
        ArrayDeque<Future<String>> inFlight = new ArrayDeque<>();
        List<String> batch;
        while (!(batch = lines.next(TrainedModel.BATCH_SIZE)).isEmpty()) {
            List<String> texts = batch;
            inFlight.add(pool.submit(() -> format(m, texts)));
            while (inFlight.size() >= 2 * threads) {
                out.write(await(inFlight.poll()));
            }
        }
        while (!inFlight.isEmpty()) {
            out.write(await(inFlight.poll()));
        }
    }

    /** The output lines of one batch. */
    private String format(TrainedModel m, List<String> texts) {
        StringBuilder b = new StringBuilder(texts.size() * 16);
        if (!probabilities) {
            for (String label : m.predict(texts)) {
                b.append(label).append('\n');
            }
            return b.toString();
        }
        List<String> names = m.labels().labels();
        for (Prediction p : m.classify(texts)) {
            b.append(p.label());
            double[] probs = p.probabilities();
            for (int k = 0; k < probs.length; k++) {
                b.append('\t').append(names.get(k)).append('=').append(Float.toString((float) probs[k]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String await(Future<String> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while predicting", e);
        }
    }

    private Lines lines(InputStream in) {
        return new Lines(in, input == null ? "standard input" : input.toString());
    }

    /**
     * The lines of the input, in batches: split at the byte {@code \n} only (a text may hold a
     * lone {@code \r}; in UTF-8 the byte never occurs inside a character), one {@code \r} before
     * it dropped, each line decoded strictly, so a malformed one is reported with its number.
     */
    private static final class Lines {
        private final InputStream in;
        private final String name;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] buffer = new byte[1 << 16];
        private byte[] line = new byte[256];
        private int lineLength;
        private int position;
        private int limit;
        private long lineNumber;
        private boolean atEnd;

        Lines(InputStream in, String name) {
            this.in = in;
            this.name = name;
        }

        /** Up to {@code n} next lines; empty at the end of the input. */
        List<String> next(int n) throws IOException {
            List<String> out = new ArrayList<>(n);
            String text;
            while (out.size() < n && (text = nextLine()) != null) {
                out.add(text);
            }
            return out;
        }

        private String nextLine() throws IOException {
            while (!atEnd) {
                if (position == limit) {
                    limit = Math.max(0, in.read(buffer, 0, buffer.length));
                    position = 0;
                    if (limit == 0) {
                        atEnd = true;
                        return lineLength > 0 ? take() : null;
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                append(start, position - start);
                if (position < limit) {
                    position++; // the line break
                    return take();
                }
            }
            return null;
        }

        private void append(int from, int length) {
            if (lineLength + length > line.length) {
                line = Arrays.copyOf(line, Math.max(lineLength + length, 2 * line.length));
            }
            System.arraycopy(buffer, from, line, lineLength, length);
            lineLength += length;
        }

        private String take() throws IOException {
            int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
            boolean bom = lineNumber == 0 && end >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                    && (line[2] & 0xFF) == 0xBF;
            int begin = bom ? 3 : 0;
            lineNumber++;
            lineLength = 0;
            try {
                return decoder.decode(ByteBuffer.wrap(line, begin, end - begin)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(name + ":" + lineNumber + ": not valid UTF-8", e);
            }
        }
    }

    /** Standard input, which closing the reader must leave open. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // standard input belongs to the process
        }
    }
}
