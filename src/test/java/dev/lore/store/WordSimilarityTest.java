package dev.lore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordSimilarityTest {

    @TempDir
    Path dir;

    @Test
    void spearmanMatchesHandComputedValues() {
        // ranks equal the values; sum d^2 = 2, rho = 1 - 6 * 2 / (4 * 15) = 0.8
        assertEquals(0.8, WordSimilarity.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        // ties: ranks x = 1, 2.5, 2.5, 4; Pearson with 1..4 is 4.5 / sqrt(4.5 * 5)
        assertEquals(4.5 / Math.sqrt(22.5), WordSimilarity.spearman(new double[] {1, 2, 2, 3},
                new double[] {10, 20, 30, 40}), 1e-12);
        assertTrue(Double.isNaN(WordSimilarity.spearman(new double[] {1}, new double[] {2})));
    }

    @Test
    void pairsAreLowerCasedAndUnknownPairsSkippedAndCounted() throws IOException {
        Path emb = dir.resolve("e.txt");
        Files.writeString(emb, "a 1 0\nb 1 1\nc 0 1\nd -1 0\n", StandardCharsets.UTF_8);
        EmbeddingStore s = EmbeddingStore.open(emb);
        Path ws = dir.resolve("EN-X.txt");
        // cos: a-b 0.707, a-c 0, a-d -1, so a perfect ranking of the scores 3 > 2 > 1
        Files.writeString(ws, "\uFEFFA\tb\t3\r\na c 2\n\na\td\t1\nzz a 5\n", StandardCharsets.UTF_8);
        WordSimilarity.Result r = WordSimilarity.evaluate(s, ws);
        assertEquals(1.0, r.spearman(), 1e-12);
        assertEquals(3, r.pairs());
        assertEquals(1, r.oov());
    }

    @Test
    void aScoreThatIsNotANumberNamesTheFileAndLine() throws IOException {
        Path emb = dir.resolve("e.txt");
        Files.writeString(emb, "a 1 0\nb 1 1\n", StandardCharsets.UTF_8);
        Path ws = dir.resolve("bad.txt");
        Files.writeString(ws, "a b 1\na b high\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> WordSimilarity.evaluate(EmbeddingStore.open(emb), ws));
        assertTrue(e.getMessage().contains("bad.txt:2"), e.getMessage());
    }

    @Test
    void analogyAccuracyCountsCorrectAndSkippedQuestions() throws IOException {
        Path emb = dir.resolve("e.txt");
        // king - man + woman = queen exactly in these vectors
        Files.writeString(emb, "man 1 0 0\nwoman 1 1 0\nking 1 0 1\nqueen 1 1 1\napple 0 0 -1\n", StandardCharsets.UTF_8);
        Path q = dir.resolve("questions.txt");
        Files.writeString(q, ": gender\nman woman king queen\nman woman king apple\nman woman king unknown\n",
                StandardCharsets.UTF_8);
        WordAnalogies.Result r = WordAnalogies.evaluate(EmbeddingStore.open(emb), q, 5, 1);
        assertEquals(2, r.questions());
        assertEquals(1, r.correct());
        assertEquals(1, r.oov());
        assertEquals(0.5, r.accuracy(), 0);
    }
}
