package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    /** GloVe text keeps 9 significant digits or so: far below every scheme's error. */
    private static final double TEXT_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void everySchemeExportsItsDecodedVectors() throws IOException {
        Path glove = dir.resolve("g.txt");
        StringBuilder b = new StringBuilder();
        Random r = new Random(11);
        for (int i = 0; i < 70; i++) {
            b.append('w').append(i);
            for (int j = 0; j < 8; j++) {
                b.append(' ').append((float) r.nextGaussian());
            }
            b.append('\n');
        }
        Files.writeString(glove, b);
        String[][] schemes = {
            {"--scheme", "pq", "--subspaces", "4", "--bits", "6", "--rotate"},
            {"--scheme", "lowrank-pq", "--rank", "4", "--subspaces", "2", "--bits", "3"},
            {"--scheme", "lowrank-scalar", "--rank", "4", "--bits", "3"},
            {"--scheme", "scalar", "--bits", "3"},
            {"--rank", "3"},
            {"--target-ratio", "6"},
        };
        for (String[] s : schemes) {
            Path lore = dir.resolve("e.lore");
            String[] args = new String[] {"compress", "--input", glove.toString(), "--output", lore.toString(), "-q"};
            String[] all = java.util.Arrays.copyOf(args, args.length + s.length);
            System.arraycopy(s, 0, all, args.length, s.length);
            CliRun c = CliRun.of(all);
            assertEquals(0, c.exitCode(), c.err());
            Path out = dir.resolve("e.txt");
            CliRun run = CliRun.of("export", lore.toString(), "--output", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("wrote 70 vectors of dimension 8"), run.out());
            CompressedEmbedding e = LoreFile.read(lore);
            WordVectors back = EmbeddingReader.load(out, new ReadOptions(null, 0, null)).vectors();
            assertEquals(e.vocabulary(), back.vocabulary());
            for (int i = 0; i < 70; i++) {
                float[] v = e.vector(i);
                for (int j = 0; j < 8; j++) {
                    assertEquals(v[j], back.matrix().getFloat(i, j), TEXT_TOLERANCE, String.join(" ", s));
                }
            }
        }
    }
}
