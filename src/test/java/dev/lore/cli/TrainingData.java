package dev.lore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** A tiny labeled dataset (the class is given by a cue word) and GloVe-format vectors for it, as files. */
final class TrainingData {

    static final int WORDS = 40;
    static final int DIM = 12;

    private TrainingData() {}

    /** Writes {@code dir/NAME.{train,dev,test}.tsv} and returns the prefix. */
    static Path dataset(Path dir, String name, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] splits = {"train", "dev", "test"};
        int[] sizes = {200, 60, 60};
        for (int s = 0; s < 3; s++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sizes[s]; i++) {
                boolean pos = rng.nextBoolean();
                sb.append(pos ? "pos" : "neg").append('\t');
                int len = 3 + rng.nextInt(5);
                int cue = rng.nextInt(len);
                for (int t = 0; t < len; t++) {
                    sb.append(t == 0 ? "" : " ").append(t == cue ? (pos ? "good" : "bad") : "w" + rng.nextInt(WORDS));
                }
                sb.append('\n');
            }
            Files.writeString(dir.resolve(name + "." + splits[s] + ".tsv"), sb.toString());
        }
        return dir.resolve(name);
    }

    /** Writes random GloVe-format vectors for every word of {@link #dataset} (and a few others). */
    static Path glove(Path dir, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < WORDS + 3; i++) {
            String w = i < WORDS ? "w" + i : i == WORDS ? "good" : i == WORDS + 1 ? "bad" : "unused";
            sb.append(w);
            for (int k = 0; k < DIM; k++) {
                sb.append(' ').append(String.format(Locale.ROOT, "%.5f", rng.nextDouble() * 2 - 1));
            }
            sb.append('\n');
        }
        Path f = dir.resolve("vectors.txt");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }
}
