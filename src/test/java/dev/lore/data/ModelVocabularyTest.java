package dev.lore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModelVocabularyTest {

    /** Relative tolerance of sample moments over 100,000 uniform draws (standard error about 0.3%). */
    private static final double MOMENT_TOLERANCE = 0.02;

    static WordVectors embeddings(List<String> words, float[][] vectors) {
        return new WordVectors(Vocabulary.of(words), Nd4j.createFromArray(vectors));
    }

    /** the, film, good, is, bad, rare have vectors; extra is never used. */
    static final WordVectors PRETRAINED = embeddings(
            List.of("the", "film", "is", "good", "bad", "rare", "extra"),
            new float[][] {{1, 2}, {3, -1}, {0, 0.5f}, {2, 2}, {-1, -3}, {0.5f, 0.25f}, {9, 9}});

    /** Counts: the 3; film, is, good, zorp 2; bad, qux, Rare, {@code <pad>} 1. */
    static final List<List<String>> CORPUS = List.of(
            List.of("the", "film", "is", "good"),
            List.of("the", "film", "is", "bad"),
            List.of("zorp", "zorp", "the", "qux"),
            List.of("<pad>", "good", "Rare"));

    private static float[] row(ModelVocabulary v, String word) {
        return v.initialVectors().matrix().getRow(v.words().indexOf(word)).toFloatVector();
    }

    @Test
    void layoutOrderAndStatsOnATinyCorpus() {
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults());
        // PAD, UNK, then by count (the 3; film good is zorp 2; Rare bad 1), ties by String order.
        assertEquals(List.of("<pad>", "<unk>", "the", "film", "good", "is", "zorp", "Rare", "bad"),
                v.words().words());
        assertEquals(ModelVocabulary.PAD, v.words().indexOf(ModelVocabulary.PAD_WORD));
        assertEquals(ModelVocabulary.UNK, v.words().indexOf(ModelVocabulary.UNK_WORD));
        VocabularyStats s = v.stats();
        assertEquals(9, s.trainTypes());
        assertEquals(15, s.trainTokens());
        assertEquals(6, s.pretrainedTypes()); // the film good is Rare bad
        assertEquals(1, s.lowerCaseMatches()); // Rare -> rare
        assertEquals(11, s.pretrainedTokens());
        assertEquals(1, s.randomTypes()); // zorp
        assertEquals(2, s.unkTypes()); // qux (count 1), the literal token <pad>
        assertEquals(2, s.unkTokens());
        assertEquals(9, s.size());
        assertEquals(2, s.dimension());
        assertEquals(DataType.FLOAT, v.initialVectors().matrix().dataType());
        assertEquals('c', v.initialVectors().matrix().ordering());
    }

    @Test
    void pretrainedVectorsAreCopiedExactlyAndPadIsZero() {
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults());
        assertArrayEquals(new float[] {1, 2}, row(v, "the"));
        assertArrayEquals(new float[] {3, -1}, row(v, "film"));
        assertArrayEquals(new float[] {2, 2}, row(v, "good"));
        assertArrayEquals(new float[] {0, 0.5f}, row(v, "is"));
        assertArrayEquals(new float[] {0.5f, 0.25f}, row(v, "Rare"));
        assertArrayEquals(new float[] {-1, -3}, row(v, "bad"));
        assertArrayEquals(new float[] {0, 0}, row(v, "<pad>"));
    }

    @Test
    void randomVectorsMatchThePretrainedVariance() {
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults());
        // Pretrained rows used: the film good is rare bad. Column 0: 1 3 2 0 0.5 -1, column 1:
        // 2 -1 2 0.5 0.25 -3. Population variance = mean of squares - square of mean.
        double var0 = (1 + 9 + 4 + 0 + 0.25 + 1) / 6.0 - Math.pow(5.5 / 6, 2);
        double var1 = (4 + 1 + 4 + 0.25 + 0.0625 + 9) / 6.0 - Math.pow(0.75 / 6, 2);
        double a = Math.sqrt(3 * (var0 + var1) / 2);
        assertEquals(a, v.stats().oovScale(), 1e-12);
        for (String w : List.of("<unk>", "zorp")) {
            float[] x = row(v, w);
            for (float c : x) {
                assertTrue(Math.abs(c) <= a, w + " component " + c + " outside [-a, a], a = " + a);
            }
            assertFalse(x[0] == 0 && x[1] == 0, w + " vector is zero");
        }
        assertFalse(Arrays.equals(row(v, "<unk>"), row(v, "zorp")));
    }

    @Test
    void randomVectorsAreSeededAndDependOnTheWordOnly() {
        VocabularyConfig c = VocabularyConfig.defaults();
        ModelVocabulary v1 = ModelVocabulary.build(CORPUS, PRETRAINED, c);
        ModelVocabulary v2 = ModelVocabulary.build(CORPUS, PRETRAINED, c);
        assertEquals(v1.initialVectors().matrix(), v2.initialVectors().matrix());
        ModelVocabulary other = ModelVocabulary.build(CORPUS, PRETRAINED, c.withSeed(2));
        assertFalse(Arrays.equals(row(v1, "zorp"), row(other, "zorp")));
        // minCount 1 adds qux, which shifts zorp's row; zorp's vector stays the same.
        ModelVocabulary all = ModelVocabulary.build(CORPUS, PRETRAINED, c.withMinCount(1));
        assertTrue(all.words().contains("qux"));
        assertNotEquals(v1.words().words(), all.words().words());
        assertArrayEquals(row(v1, "zorp"), row(all, "zorp"));
        assertArrayEquals(row(v1, "<unk>"), row(all, "<unk>"));
    }

    @Test
    void rareWordsAndSpecialSpellingsMapToUnk() {
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults());
        assertFalse(v.words().contains("qux"));
        assertEquals(ModelVocabulary.UNK, v.id("qux"));
        assertEquals(ModelVocabulary.UNK, v.id("never-seen"));
        assertEquals(ModelVocabulary.UNK, v.id("<pad>")); // never PAD
        assertEquals(ModelVocabulary.UNK, v.id("<unk>"));
        assertEquals(2, v.id("the"));
        // A pretrained word absent from training stays out.
        assertEquals(ModelVocabulary.UNK, v.id("extra"));
    }

    @Test
    void fixedScaleAndNoLowerCaseFallback() {
        VocabularyConfig c = new VocabularyConfig(2, OovInit.uniform(0.25), 7, false);
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, c);
        assertEquals(0.25, v.stats().oovScale());
        assertFalse(v.words().contains("Rare")); // count 1, not pretrained without the fallback
        assertEquals(0, v.stats().lowerCaseMatches());
        for (float x : row(v, "zorp")) {
            assertTrue(Math.abs(x) <= 0.25f);
        }
    }

    @Test
    void uniformMomentsOverManyRandomWords() {
        int d = 50;
        int n = 2000;
        List<String> words = new ArrayList<>(List.of("a", "b"));
        List<List<String>> corpus = new ArrayList<>();
        corpus.add(List.of("a", "b"));
        for (int i = 0; i < n; i++) {
            corpus.add(List.of("w" + i, "w" + i));
        }
        WordVectors pre = embeddings(words, new float[][] {new float[d], new float[d]});
        double a = 0.4;
        ModelVocabulary v = ModelVocabulary.build(corpus, pre,
                VocabularyConfig.defaults().withOovInit(OovInit.uniform(a)));
        float[] all = v.initialVectors().matrix().data().asFloat();
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int i = 0; i < v.size(); i++) {
            String w = v.words().word(i);
            if (w.startsWith("w")) {
                for (int j = 0; j < d; j++) {
                    double x = all[i * d + j];
                    sum += x;
                    sumSq += x * x;
                    count++;
                }
            }
        }
        assertEquals((long) n * d, count);
        double mean = sum / count;
        double var = sumSq / count - mean * mean;
        assertEquals(0, mean, MOMENT_TOLERANCE * a);
        assertEquals(a * a / 3, var, MOMENT_TOLERANCE * a * a / 3);
    }

    @Test
    void matchedVarianceEqualsPretrainedVarianceOnRandomData() {
        int d = 20;
        int n = 3000;
        Random rnd = new Random(11);
        List<String> words = new ArrayList<>();
        float[][] vec = new float[n][d];
        List<List<String>> corpus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("p" + i);
            for (int j = 0; j < d; j++) {
                vec[i][j] = (float) (0.7 * rnd.nextGaussian() + j * 0.1); // column means differ
            }
            corpus.add(List.of("p" + i, "q" + i, "q" + i));
        }
        ModelVocabulary v = ModelVocabulary.build(corpus, embeddings(words, vec), VocabularyConfig.defaults());
        assertEquals(2 + 2 * n, v.size());
        assertEquals(Math.sqrt(3 * 0.49), v.stats().oovScale(), 0.05);
        double sumSq = 0;
        long count = 0;
        float[] all = v.initialVectors().matrix().data().asFloat();
        for (int i = 0; i < v.size(); i++) {
            if (v.words().word(i).startsWith("q")) {
                for (int j = 0; j < d; j++) {
                    sumSq += all[i * d + j] * (double) all[i * d + j];
                    count++;
                }
            }
        }
        assertEquals(0.49, sumSq / count, MOMENT_TOLERANCE * 0.49 * 3);
    }

    @Test
    void rejectsWhatItCannotBuild() {
        WordVectors one = embeddings(List.of("the"), new float[][] {{1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelVocabulary.build(CORPUS, one, VocabularyConfig.defaults()));
        assertTrue(e.getMessage().contains("found 1"), e.getMessage());
        // With a fixed scale one pretrained word (or none) is fine.
        assertEquals(0, ModelVocabulary.build(List.of(List.of("x", "x")),
                embeddings(List.of("y"), new float[][] {{1}}),
                VocabularyConfig.defaults().withOovInit(OovInit.uniform(0.1))).stats().pretrainedTypes());
        WordVectors nan = embeddings(List.of("the", "film"), new float[][] {{1, Float.NaN}, {0, 0}});
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelVocabulary.build(CORPUS, nan, VocabularyConfig.defaults()));
        assertTrue(e.getMessage().contains("'the'"), e.getMessage());
        WordVectors constant = embeddings(List.of("the", "film"), new float[][] {{1, 1}, {1, 1}});
        assertThrows(IllegalArgumentException.class,
                () -> ModelVocabulary.build(CORPUS, constant, VocabularyConfig.defaults()));
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> VocabularyConfig.defaults().withMinCount(0));
        assertThrows(IllegalArgumentException.class, () -> OovInit.uniform(0));
        assertThrows(IllegalArgumentException.class, () -> OovInit.uniform(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OovInit.uniform(Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> VocabularyConfig.defaults().withOovInit(null));
    }

    @Test
    void recordRejectsAMatrixWithoutPadAndUnk() {
        ModelVocabulary v = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> new ModelVocabulary(PRETRAINED, v.stats()));
        WordVectors nonZeroPad = new WordVectors(v.words(), v.initialVectors().matrix().dup().addi(1));
        assertThrows(IllegalArgumentException.class, () -> new ModelVocabulary(nonZeroPad, v.stats()));
    }

    @Test
    void statsSummaryAndRates() {
        VocabularyStats s = ModelVocabulary.build(CORPUS, PRETRAINED, VocabularyConfig.defaults()).stats();
        assertEquals(6 / 9.0, s.pretrainedTypeRate(), 1e-15);
        assertEquals(2 / 15.0, s.unkTokenRate(), 1e-15);
        assertTrue(s.summary().startsWith("vocabulary 9 x 2: train types 9, tokens 15; pretrained 6 types"),
                s.summary());
        assertThrows(IllegalArgumentException.class, () -> new VocabularyStats(9, 15, 6, 1, 11, 1, 1, 2, 9, 2, 1.0));
    }
}
