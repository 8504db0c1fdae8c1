package dev.lore.cli;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Source;
import dev.lore.compress.StreamingCompressor;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code lore compress}'s out-of-core route ({@link StreamingCompressor}): forced by
 * {@code --streaming}, chosen by itself when the table is estimated not to fit the heap.
 */
final class StreamingRoute {

    /**
     * The in-memory route holds the table about twice on the heap while reading (parsed blocks, then
     * their copy) plus the factors: a table above this share of the heap goes the streaming way.
     */
    static final double HEAP_SHARE = 0.4;

    private StreamingRoute() {}

    /**
     * Whether {@code command} takes the streaming route.
     *
     * @throws picocli.CommandLine.ParameterException if {@code --streaming} is given with options
     *     it does not support
     */
    static boolean chosen(CompressCommand command, CompressionSpec spec) throws IOException {
        String refused = StreamingCompressor.unsupported(spec);
        if (command.streaming) {
            if (refused != null) {
                throw command.usage("--streaming: " + refused);
            }
            return true;
        }
        if (refused != null) {
            return false;
        }
        long table = EmbeddingReader.estimateFloatBytes(command.input);
        if (command.maxWords > 0) {
            return false; // a slice: the in-memory route reads only what it keeps
        }
        long heap = Runtime.getRuntime().maxMemory();
        boolean big = table > HEAP_SHARE * heap;
        if (big && !command.quiet) {
            System.err.printf(Locale.ROOT, "the table (about %d MB as float32) does not fit the heap (%d MB):"
                    + " streaming it in two passes%n", table >> 20, heap >> 20);
        }
        return big;
    }

    /** Runs the streaming route; the output's checks were made by the command. */
    static CompressionReport run(CompressCommand command, CompressionSpec spec, ConsoleProgress progress)
            throws IOException {
        ReadOptions options = new ReadOptions(null, command.maxWords, null);
        Source source = Source.of(command.input);
        try {
            return StreamingCompressor.compress(command.input, options, spec, source, command.output, progress);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("rank ") || m.startsWith("compression ")) { // the rank rule, known after pass 1
                throw command.usage(m);
            }
            throw e;
        }
    }
}
