package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lore compress --streaming}: the in-memory result, and usage errors for what it cannot do. */
class StreamingRouteTest {

    @TempDir
    Path dir;

    private Path glove;

    @BeforeEach
    void writeGlove() throws IOException {
        glove = dir.resolve("tiny.txt");
        StringBuilder b = new StringBuilder();
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < 300; i++) {
            b.append("word").append(i);
            for (int j = 0; j < 8; j++) {
                b.append(' ').append((float) (r.nextGaussian() / (1 + j)));
            }
            b.append('\n');
        }
        Files.writeString(glove, b);
    }

    private CliRun compress(String output, String... extra) {
        String[] base = {"compress", "--input", glove.toString(), "--output", dir.resolve(output).toString(), "-q"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void streamingGivesTheInMemoryFile() throws IOException {
        CliRun mem = compress("mem.lore", "--compression", "0.5");
        CliRun streamed = compress("streamed.lore", "--compression", "0.5", "--streaming");
        assertEquals(0, mem.exitCode(), mem.err());
        assertEquals(0, streamed.exitCode(), streamed.err());
        assertTrue(streamed.out().contains("measured error"), streamed.out());
        CompressedEmbedding a = LoreFile.read(dir.resolve("mem.lore"));
        CompressedEmbedding b = LoreFile.read(dir.resolve("streamed.lore"));
        assertEquals(a.vocabulary().words(), b.vocabulary().words());
        assertEquals(a.rank(), b.rank());
        float[] x = a.a().toFloat().data().asFloat();
        float[] y = b.a().toFloat().data().asFloat();
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (double) (x[i] - y[i]);
            den += x[i] * (double) x[i];
        }
        assertTrue(Math.sqrt(num / den) <= 1e-6, "A differs by " + Math.sqrt(num / den));
        assertEquals("streaming", b.provenance().extra().get("route"));
        assertFalse(a.provenance().extra().containsKey("route"));
    }

    @Test
    void whatStreamingCannotDoIsAUsageError() {
        CliRun full = compress("x.lore", "--full", "--streaming");
        assertEquals(2, full.exitCode(), full.err());
        assertTrue(full.err().contains("--streaming: the streaming route factorizes"), full.err());
        CliRun quant = compress("x.lore", "--rank", "2", "--quantize-bits", "8", "--streaming");
        assertEquals(2, quant.exitCode(), quant.err());
        assertTrue(quant.err().contains("--quantize-bits"), quant.err());
        CliRun method = compress("x.lore", "--rank", "2", "--method", "gesvd", "--streaming");
        assertEquals(2, method.exitCode(), method.err());
        CliRun rank = compress("x.lore", "--rank", "9", "--streaming");
        assertEquals(2, rank.exitCode(), rank.err());
        assertTrue(rank.err().contains("rank 9 exceeds min(300, 8) = 8"), rank.err());
        assertFalse(Files.exists(dir.resolve("x.lore")));
    }

    @Test
    void theRouteIsChosenByTheTablesSize() {
        long gib = 1L << 30;
        assertFalse(StreamingRoute.tooLargeForMemory(gib, 4 * gib));
        assertTrue(StreamingRoute.tooLargeForMemory(2 * gib, 4 * gib), "above 40% of the heap");
        assertFalse(StreamingRoute.tooLargeForMemory(2 * gib - 1, 8 * gib));
        assertTrue(StreamingRoute.tooLargeForMemory(2 * gib, 64 * gib), "above the in-memory route's 2 GB");
    }

    @Test
    void aTableBeyondTheInMemoryLimitWithOptionsStreamingLacksIsRefusedClearly() throws IOException {
        // A word2vec binary header declaring 10^9 x 300 floats (1.2 TB): the estimate is the header's.
        Path huge = dir.resolve("huge.bin");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("1000000000 300\nw ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[300 * 4]);
        bytes.write('\n');
        Files.write(huge, bytes.toByteArray());
        CliRun quant = CliRun.of("compress", "--input", huge.toString(), "--output", dir.resolve("h.lore").toString(),
                "--rank", "2", "--quantize-bits", "8");
        assertEquals(2, quant.exitCode(), quant.err());
        assertTrue(quant.err().contains("larger than the in-memory route's limit of 2047 MB"), quant.err());
        assertTrue(quant.err().contains("--quantize-bits"), quant.err());
        CliRun plain = CliRun.of("compress", "--input", huge.toString(), "--output", dir.resolve("h.lore").toString(),
                "--rank", "2");
        assertTrue(plain.exitCode() != 0, "a file shorter than its header fails on either route");
        assertFalse(Files.exists(dir.resolve("h.lore")));
    }
}
