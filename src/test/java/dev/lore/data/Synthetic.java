package dev.lore.data;

import dev.lore.io.WordVectors;
import dev.lore.io.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small labeled dataset whose class is decided by one word: every sentence holds a few of
 * {@code WORDS} filler words and exactly one cue, {@code good} (class {@code pos}) or {@code bad}
 * (class {@code neg}). "Pretrained" vectors are random, so a model must learn the cue.
 */
public final class Synthetic {

    public static final int FILLERS = 60;
    public static final int DIM = 16;

    private Synthetic() {}

    public static DatasetSplit split(String name, int n, long seed, boolean flipLabels) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = rng.nextBoolean();
            int len = 3 + rng.nextInt(6);
            int cueAt = rng.nextInt(len);
            StringBuilder text = new StringBuilder();
            for (int t = 0; t < len; t++) {
                text.append(t == 0 ? "" : " ");
                text.append(t == cueAt ? (positive ? "good" : "bad") : "w" + rng.nextInt(FILLERS));
            }
            examples.add(new Example(positive != flipLabels ? "pos" : "neg", text.toString()));
        }
        return DatasetSplit.of(name, examples);
    }

    public static Dataset dataset(long seed, int train, int dev, int test) {
        return Dataset.of(split("train", train, seed, false), split("dev", dev, seed + 1, false),
                split("test", test, seed + 2, false));
    }

    /** Random vectors for every filler and both cues. */
    public static WordVectors pretrained(long seed) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < FILLERS; i++) {
            words.add("w" + i);
        }
        words.add("good");
        words.add("bad");
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[words.size() * DIM];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (rng.nextDouble() * 2 - 1);
        }
        return new WordVectors(Vocabulary.of(words), Nd4j.create(v, new long[] {words.size(), DIM}, DataType.FLOAT));
    }

    public static EncodedDataset encoded(long seed, int train, int dev, int test) {
        return EncodedDataset.prepare(dataset(seed, train, dev, test), Tokenizer.kim(), pretrained(seed),
                VocabularyConfig.defaults(), 12);
    }
}
