package dev.lore.train;

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

    /** Root of the shared benchmark data; override with {@code -Dlore.data=DIR}. */
    static Path dataRoot() {
        Path root = Path.of(System.getProperty("lore.data", "../shared/data"));
        assertTrue(Files.isDirectory(root.resolve("classification")),
                "benchmark data not found at " + root.toAbsolutePath()
                        + "/classification; set -Dlore.data=DIR to the folder holding classification/");
        return root;
    }

    /** Prefix of a shared classification dataset, e.g. {@code sst2}. */
    static Path shared(String name) {
        return dataRoot().resolve("classification").resolve(name);
    }

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
    void realSst2HasTheDocumentedCounts() throws IOException {
        Dataset d = Dataset.load(shared("sst2"));
        assertEquals(6920, d.train().size());
        assertEquals(872, d.dev().size());
        assertEquals(1821, d.test().size());
        assertEquals(List.of("0", "1"), d.labels().labels());
    }

    @Test
    void realTrec6AndMrHaveTheDocumentedCounts() throws IOException {
        Dataset trec = Dataset.load(shared("trec6"));
        assertEquals(List.of(4907, 545, 500), List.of(trec.train().size(), trec.dev().size(), trec.test().size()));
        assertEquals(List.of("ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"), trec.labels().labels());
        Dataset mr = Dataset.load(shared("mr"));
        assertEquals(List.of(8529, 1066, 1067), List.of(mr.train().size(), mr.dev().size(), mr.test().size()));
        assertEquals(List.of("0", "1"), mr.labels().labels());
    }
}
