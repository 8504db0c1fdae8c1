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
     * The largest table the in-memory route can hold, in bytes of float32: its reader views the
     * whole matrix through one NIO buffer, whose capacity is an {@code int}.
     */
    static final long IN_MEMORY_MAX_BYTES = Integer.MAX_VALUE;

    /**
     * Whether {@code command} takes the streaming route.
     *
     * @throws picocli.CommandLine.ParameterException if {@code --streaming} is given with options
     *     it does not support, or if the table is too large for the in-memory route and the options
     *     are ones the streaming route does not support
     */
    static boolean chosen(CompressCommand command, CompressionSpec spec) throws IOException {
        String refused = StreamingCompressor.unsupported(spec);
        if (command.streaming) {
            if (refused != null) {
                throw command.usage("--streaming: " + refused);
            }
            return true;
        }
        if (command.maxWords > 0) {
            return false; // a slice: the in-memory route reads only what it keeps
        }
        long table = EmbeddingReader.estimateFloatBytes(command.input);
        long heap = Runtime.getRuntime().maxMemory();
        if (!tooLargeForMemory(table, heap)) {
            return false;
        }
        if (refused != null) {
            if (table > IN_MEMORY_MAX_BYTES) {
                throw command.usage(String.format(Locale.ROOT, "the table (about %d MB as float32) is larger than"
                        + " the in-memory route's limit of %d MB, and the streaming route cannot take these options: %s",
                        table >> 20, IN_MEMORY_MAX_BYTES >> 20, refused));
            }
            return false; // it may still fit: the in-memory route tries, as before
        }
        if (!command.quiet) {
            System.err.printf(Locale.ROOT, "the table (about %d MB as float32) %s: streaming it in two passes%n",
                    table >> 20, table > IN_MEMORY_MAX_BYTES
                            ? "is larger than the in-memory route's limit of " + (IN_MEMORY_MAX_BYTES >> 20) + " MB"
                            : "does not fit the heap (" + (heap >> 20) + " MB)");
        }
        return true;
    }

    /**
     * Whether a table of {@code tableBytes} (float32) goes the streaming way on a heap of
     * {@code maxHeap} bytes: above {@link #HEAP_SHARE} of the heap, or above {@link
     * #IN_MEMORY_MAX_BYTES}.
     *
     * @param tableBytes the table's estimated size as float32, {@code >= 0}
     * @param maxHeap the maximum heap, {@code > 0}
     * @return true for the streaming route
     */
    static boolean tooLargeForMemory(long tableBytes, long maxHeap) {
        return tableBytes > HEAP_SHARE * maxHeap || tableBytes > IN_MEMORY_MAX_BYTES;
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
