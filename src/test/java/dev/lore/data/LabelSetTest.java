package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSetTest {

    @TempDir
    Path dir;

    @Test
    void stringLabelsSortLexicographically() {
        LabelSet l = LabelSet.of(List.of("LOC", "HUM", "ABBR", "LOC", "NUM", "DESC", "ENTY"));
        assertEquals(List.of("ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"), l.labels());
        assertEquals(0, l.classOf("ABBR"));
        assertEquals(4, l.classOf("LOC"));
        assertEquals(-1, l.classOf("loc"));
        assertEquals("NUM", l.label(5));
    }

    @Test
    void integerLabelsSortNumerically() {
        assertEquals(List.of("0", "1"), LabelSet.of(List.of("1", "0", "1")).labels());
        assertEquals(List.of("-1", "2", "9", "10"), LabelSet.of(List.of("10", "9", "2", "-1")).labels());
        // Same value, different spelling: distinct labels, string order between them.
        assertEquals(List.of("01", "1", "2"), LabelSet.of(List.of("2", "1", "01")).labels());
        // One non-integer label: string order for all.
        assertEquals(List.of("10", "9", "x"), LabelSet.of(List.of("9", "10", "x")).labels());
    }

    @Test
    void fromTrainingAndClassesOf() throws DatasetFileException {
        DatasetSplit train = DatasetSplit.of("train",
                List.of(new Example("pos", "a"), new Example("neg", "b"), new Example("pos", "c")));
        LabelSet l = LabelSet.fromTraining(train);
        assertEquals(List.of("neg", "pos"), l.labels());
        assertArrayEquals(new int[] {1, 0, 1}, l.classesOf(train));
    }

    @Test
    void unseenLabelInFileNamesFileLineAndLabel() throws IOException {
        LabelSet l = LabelSet.of(List.of("0", "1"));
        Path f = dir.resolve("toy.dev.tsv");
        Files.writeString(f, "0\ta\n1\tb\n2\tc\n");
        DatasetSplit dev = DatasetSplit.read(f);
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> l.classesOf(dev));
        assertEquals("toy.dev.tsv:3: label '2' does not occur in the training split (labels: 0, 1)",
                e.getMessage());
    }

    @Test
    void unseenLabelInMemoryIsAnArgumentError() {
        LabelSet l = LabelSet.of(List.of("a"));
        DatasetSplit s = DatasetSplit.of("dev", List.of(new Example("a", "x"), new Example("b", "y")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.classesOf(s));
        assertEquals("dev[1]: label 'b' does not occur in the training split (labels: a)", e.getMessage());
    }

    @Test
    void rejectsEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of("")));
        assertThrows(IndexOutOfBoundsException.class, () -> LabelSet.of(List.of("a")).label(1));
    }
}
