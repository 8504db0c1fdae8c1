package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lore.io.WordVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedDatasetTest {

    @Test
    void vocabularyComesFromTrainingOnly() {
        Dataset data = Dataset.of(
                DatasetSplit.of("train", List.of(new Example("1", "A good film."), new Example("0", "A bad film!"))),
                DatasetSplit.of("dev", List.of(new Example("1", "a great film"))),
                DatasetSplit.of("test", List.of(new Example("0", "bad, bad"))));
        WordVectors glove = ModelVocabularyTest.embeddings(List.of("a", "good", "bad", "film", "great", "!"),
                new float[][] {{1, 0}, {0, 1}, {0, -1}, {2, 2}, {0, 3}, {1, 1}});
        EncodedDataset e = EncodedDataset.prepare(data, Tokenizer.kim(), glove, VocabularyConfig.defaults(), 4);
        // Train tokens: a good film | a bad film ! -> a 2, film 2, ! 1, bad 1, good 1.
        assertEquals(List.of("<pad>", "<unk>", "a", "film", "!", "bad", "good"), e.vocabulary().words().words());
        // "great" has a pretrained vector but occurs only in dev: UNK.
        assertFalse(e.vocabulary().words().contains("great"));
        assertArrayEquals(new int[] {2, 1, 3, 0}, e.dev().ids(0));
        assertEquals(1, e.dev().stats().unkTokens());
        assertArrayEquals(new int[] {5, 1, 5, 0}, e.test().ids(0)); // "," is not in the vocabulary
        assertArrayEquals(new int[] {2, 6, 3, 0}, e.train().ids(0));
        assertArrayEquals(new int[] {1, 0}, e.train().labels());
        assertEquals(4, e.train().maxLen());
        assertEquals(List.of("0", "1"), e.labels().labels());
    }
}
