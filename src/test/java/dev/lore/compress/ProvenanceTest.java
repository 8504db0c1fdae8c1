package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lore.quant.QuantizationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

    @TempDir
    Path dir;

    @Test
    void sourceHashesTheFileBytes() throws IOException {
        Path f = dir.resolve("abc.txt");
        Files.writeString(f, "abc", StandardCharsets.US_ASCII);
        // FIPS 180-2 test vector for "abc"
        assertEquals(new Source("abc.txt", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Source.of(f));
        assertThrows(IllegalArgumentException.class, () -> new Source("x", "ABC"));
        assertEquals(new Source("", ""), Source.none());
    }

    @Test
    void entriesHoldStandardAndExtraKeys() {
        Provenance p = Fixtures.provenance().withExtra("error.relative", "0.5");
        Map<String, String> e = p.entries();
        assertEquals(List.of("created", "error.relative", "lore.version", "method", "note", "placement",
                "rank.rule", "seed", "source", "source.sha256"), List.copyOf(e.keySet()));
        assertEquals("7", e.get("seed"));
        assertEquals("2024-05-06T07:08:09.123456789Z", e.get("created"));
    }

    @Test
    void invalidEntriesAreRejected() {
        Provenance p = Fixtures.provenance();
        assertThrows(IllegalArgumentException.class, () -> p.withExtra("seed", "1"));
        assertThrows(IllegalArgumentException.class, () -> p.withExtra("", "1"));
        assertThrows(IllegalArgumentException.class, () -> p.withExtra("k", "x".repeat(Provenance.MAX_TEXT_BYTES + 1)));
        assertThrows(UnsupportedOperationException.class, () -> p.extra().put("a", "b"));
    }

    @Test
    void labelsRoundTrip() {
        for (Placement pl : Placement.values()) {
            assertEquals(pl, Placement.fromLabel(pl.label().toUpperCase(java.util.Locale.ROOT)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Placement.fromLabel("middle"));
        assertEquals("placement must be one of right, left, split, got 'middle'", e.getMessage());
    }

    @Test
    void reportRejectsImpossibleFigures() {
        assertThrows(IllegalArgumentException.class, () -> new CompressionReport(10, 5, 6, new double[0], false,
                1.0, 0, 0, 0, 50, 50, 200, 200, "m", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CompressionReport(10, 5, 1, new double[0], false,
                1.5, 0, 0, 0, 50, 15, 200, 60, "m", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CompressionReport(10, 5, 1, new double[0], false,
                0.5, Double.NaN, 0, 0, 50, 15, 200, 60, "m", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuantizationReport(-1, 0, 1, 1));
    }
}
