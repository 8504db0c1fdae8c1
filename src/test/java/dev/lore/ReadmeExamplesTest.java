package dev.lore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionResult;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.LoreFile;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.model.ModelFile;
import dev.lore.model.TrainedModel;
import dev.lore.nn.Architecture;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.train.CompressedModel;
import dev.lore.train.Evaluation;
import dev.lore.train.OnlineCompression;
import dev.lore.train.Trainer;
import dev.lore.train.TrainingDefaults;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java examples of README.md (kept in step with it by hand) on the shipped data. */
class ReadmeExamplesTest {

    private static final Path GLOVE = Path.of("data/glove.6B.100d.15k.txt.gz");
    private static final Path SENTIMENT = Path.of("data/uci-sentiment");

    @TempDir
    Path dir;

    @Test
    void compressPretrainedVectors() throws Exception {
        // README: "Compress pretrained vectors"
        WordVectors glove = EmbeddingReader.read(GLOVE);
        CompressionResult result = EmbeddingCompressor.compress(
                glove, CompressionSpec.lowRank(RankRule.compression(0.9)), ProgressListener.none());
        CompressedEmbedding small = result.embedding();          // A (V x r) and B (r x d)
        LoreFile.write(dir.resolve("glove-90.lore"), small);
        FactorizedEmbedding layer = FactorizedEmbedding.of(
                small.a().toFloat(), small.b().orElseThrow().toFloat());  // two trainable layers

        assertEquals(9, small.rank());
        assertEquals(15_000, layer.vocabularySize());
        assertEquals(100, layer.dimension());
        assertTrue(result.report().relativeError() < 1.0);
        assertEquals(small, LoreFile.read(dir.resolve("glove-90.lore")));
    }

    @Test
    void onlineCompressionOfAClassifier() throws Exception {
        // README: "Online compression of a classifier"
        EncodedDataset data = EncodedDataset.prepare(Dataset.load(SENTIMENT), Tokenizer.kim(),
                EmbeddingReader.read(GLOVE), VocabularyConfig.defaults(), 40);
        Architecture dan = Architecture.named("dan");
        TextClassifier model = dan.create(FullEmbedding.of(data.vocabulary().initialVectors()),
                data.labels().size(), 1L);
        Trainer.train(model, data.train(), data.dev(), TrainingDefaults.pretraining(dan, 1L),
                ProgressListener.none());

        CompressedModel small = OnlineCompression.compress(model, 0.9);   // SVD swapped in
        Trainer.train(small.model(), data.train(), data.dev(), TrainingDefaults.fineTuning(dan, 1L),
                ProgressListener.none());
        double accuracy = Evaluation.accuracy(small.model(), data.test());

        Path file = dir.resolve("sentiment-dan-90.lorem");
        ModelFile.write(file, TrainedModel.of(small.model(), data, Map.of()));
        TrainedModel back = ModelFile.read(file);

        assertTrue(accuracy > 0.7, "test accuracy " + accuracy);
        assertEquals(9, small.embedding().rank());
        assertEquals(back.predict("The food was wonderful."), back.predict("The food was wonderful."));
        assertEquals(Evaluation.accuracy(small.model(), data.test()),
                Evaluation.accuracy(back.network(), data.test()));
    }
}
