package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class InspectCommandTest {

    @TempDir
    Path dir;

    private Path lowRankFile() throws IOException {
        CompressedEmbedding e = CompressedEmbedding.lowRank(Vocabulary.of("the", "of", "and"),
                StoredMatrix.of(QuantizedMatrix.quantize(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}}),
                        QuantizationConfig.perRow(8))),
                StoredMatrix.of(Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}})),
                new double[] {9.5, 2.25, 0.125},
                Provenance.of(new Source("glove.txt", "0".repeat(64)), "gram-mixed", "rank 2", "right", 0));
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, e);
        return f;
    }

    @Test
    void describesFactorsAndProvenance() throws IOException {
        Path f = lowRankFile();
        CliRun run = CliRun.of("inspect", f.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("low-rank (A B)"), out);
        assertTrue(out.contains("3 x 2, 8-bit per row, " + (6 + 8 * 3) + " bytes"), out);
        assertTrue(out.contains("2 x 3, float32, 24 bytes"), out);
        assertTrue(out.contains("parameters       12 of 9"), out);
        assertTrue(out.contains("3 stored (all): 9.50000 2.25000 0.125000"), out);
        assertTrue(out.contains("first words      the of and"), out);
        assertTrue(out.contains("source           glove.txt"), out);
        assertTrue(out.contains("rank.rule        rank 2"), out);
        assertTrue(out.contains("checksum ok"), out);
    }

    @Test
    void jsonHasTheSizesAndTheError() throws IOException {
        Path f = lowRankFile();
        CliRun run = CliRun.of("inspect", f.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out().strip();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("{") && out.endsWith("}"), out);
        long matrixBytes = (6 + 8 * 3) + 24;
        for (String part : new String[] {"\"kind\": \"low-rank\"", "\"words\": 3", "\"dimension\": 3", "\"rank\": 2",
                "\"matrix_bytes\": " + matrixBytes, "\"float32_bytes\": 36", "\"ratio\": " + 36.0 / matrixBytes,
                "\"relative_error\": null", "\"source\": \"glove.txt\""}) {
            assertTrue(out.contains(part), part + " in " + out);
        }
    }

    @Test
    void corruptFilesFailWithOneLine() throws IOException {
        Path f = lowRankFile();
        byte[] b = Files.readAllBytes(f);
        b[b.length - 9] ^= 4;
        Files.write(f, b);
        CliRun run = CliRun.of("inspect", f.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("lore inspect: error: e.lore: offset "), run.err());
        assertTrue(run.err().contains("checksum mismatch"), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void negativeWordCountIsAUsageError() throws IOException {
        Path f = lowRankFile();
        CliRun run = CliRun.of("inspect", f.toString(), "--words", "-1");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("--words must be >= 0, got -1"), run.err());
        CliRun none = CliRun.of("inspect", f.toString(), "--words", "0");
        assertEquals(0, none.exitCode(), none.err());
        assertTrue(!none.out().contains("first words"), none.out());
    }

    @Test
    void missingFileFails() {
        CliRun run = CliRun.of("inspect", dir.resolve("x.lore").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("input file not found"), run.err());
    }

    @Test
    void notALoreFileFails() throws IOException {
        Path f = dir.resolve("glove.txt");
        Files.writeString(f, "the 1 2\n");
        CliRun run = CliRun.of("inspect", f.toString());
        assertEquals(1, run.exitCode());
        assertEquals("lore inspect: error: glove.txt: not a lore file (no lore magic at its start)",
                run.err().strip());
    }
}
