package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Path prefix(String train, String dev, String test) throws IOException {
        Path p = dir.resolve("toy");
        Files.writeString(Dataset.splitFile(p, Dataset.TRAIN_SUFFIX), train);
        Files.writeString(Dataset.splitFile(p, Dataset.DEV_SUFFIX), dev);
        Files.writeString(Dataset.splitFile(p, Dataset.TEST_SUFFIX), test);
        return p;
    }

    @Test
    void loadsThreeSplitsWithTrainingLabels() throws IOException {
        Dataset d = Dataset.load(prefix("b\tx\na\ty\nc\tz\n", "a\tu\n", "c\tv\nb\tw\n"));
        assertEquals(3, d.train().size());
        assertEquals(1, d.dev().size());
        assertEquals(2, d.test().size());
        assertEquals(List.of("a", "b", "c"), d.labels().labels());
        assertEquals("toy.dev.tsv", d.dev().name());
    }

    @Test
    void devLabelUnseenInTrainingNamesFileAndLine() throws IOException {
        Path p = prefix("0\tx\n1\ty\n", "0\tu\n1\tv\n2\tw\n", "0\ta\n");
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> Dataset.load(p));
        assertEquals("toy.dev.tsv:3: label '2' does not occur in the training split (labels: 0, 1)",
                e.getMessage());
    }

    @Test
    void singleTrainingLabelIsAnError() throws IOException {
        Path p = prefix("1\tx\n1\ty\n", "1\tu\n", "1\ta\n");
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> Dataset.load(p));
        assertEquals("toy.train.tsv: a classifier needs at least 2 labels, the training split has only '1'",
                e.getMessage());
    }

    @Test
    void missingSplitFileIsAnIoError() throws IOException {
        Path p = prefix("0\tx\n1\ty\n", "0\tu\n", "0\ta\n");
        Files.delete(Dataset.splitFile(p, Dataset.TEST_SUFFIX));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Dataset.load(p));
        assertTrue(e.getMessage().endsWith("toy.test.tsv"), e.getMessage());
    }

    @Test
    void splitFileAppendsToTheFileName() {
        assertEquals(Path.of("data", "sst2.train.tsv"), Dataset.splitFile(Path.of("data", "sst2"), ".train.tsv"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.splitFile(Path.of("/"), ".train.tsv"));
    }

    @Test
    void inMemoryDatasetChecksLabels() {
        DatasetSplit train = DatasetSplit.of("train", List.of(new Example("a", "x"), new Example("b", "y")));
        DatasetSplit bad = DatasetSplit.of("dev", List.of(new Example("c", "x")));
        assertEquals(2, Dataset.of(train, train, train).labels().size());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(train, bad, train));
    }

    @Test
    void theShippedSentimentSplitsHaveTheDocumentedCounts() throws IOException {
        // docs/DATA.md: data/uci-sentiment.{train,dev,test}.tsv, 2,087 / 446 / 446 sentences, labels 0 and 1
        Dataset d = Dataset.load(Path.of("data", "uci-sentiment"));
        assertEquals(List.of(2087, 446, 446), List.of(d.train().size(), d.dev().size(), d.test().size()));
        assertEquals(List.of("0", "1"), d.labels().labels());
        long negatives = d.train().examples().stream().filter(e -> e.label().equals("0")).count();
        assertEquals(1056, negatives);
    }
}
