package dev.lore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.FactorizedEmbedding;
import dev.lore.nn.FullEmbedding;
import dev.lore.nn.TextClassifier;
import dev.lore.train.CompressedModel;
import dev.lore.train.Evaluation;
import dev.lore.train.OnlineCompression;
import dev.lore.train.Trainer;
import dev.lore.train.TrainerConfig;
import dev.lore.train.TrainingDefaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java examples of README.md's section "Java" on the shipped data, line for line. */
class ReadmeExamplesTest {

    @TempDir
    Path dir;

    @Test
    void readmeCodeIsTheCodeTestedHere() throws Exception {
        Readme.assertCodeIn("## Java", Path.of("src/test/java/dev/lore/ReadmeExamplesTest.java"), 20);
    }

    @Test
    void compressPretrainedVectors() throws Exception {
        WordVectors glove = EmbeddingReader.read(Path.of("data/glove.6B.100d.15k.txt.gz"));
        CompressionResult result = EmbeddingCompressor.compress(glove, CompressionSpec.lowRank(RankRule.compression(0.9)));
        CompressedEmbedding small = result.embedding();          // A (V x r) and B (r x d)
        LoreFile.write(dir.resolve("glove-90.lore"), small);
        EmbeddingLayer layer = EmbeddingLayer.fromStored(small);  // two trainable layers, A then B

        assertEquals(9, small.rank());
        FactorizedEmbedding f = assertInstanceOf(FactorizedEmbedding.class, layer);
        assertEquals(15_000, f.vocabularySize());
        assertEquals(9, f.a().value().columns());
        assertEquals(100, f.dimension());
        // the factors are exact: the measured error is the Eckart-Young optimum of rank 9
        double measured = result.report().relativeError();
        double optimum = result.report().predictedError();
        assertTrue(Math.abs(measured - optimum) <= 1e-5 * optimum, measured + " vs " + optimum);
        assertTrue(optimum > 0.1 && optimum < 0.99, "rank 9 of 100 leaves most of GloVe out: " + optimum);
        assertEquals(small, LoreFile.read(dir.resolve("glove-90.lore")));
        assertArrayEquals(small.reconstruct().matrix().data().asFloat(), layer.toMatrix().data().asFloat());
    }

    @Test
    void onlineCompressionOfAClassifier() throws Exception {
        EncodedDataset data = EncodedDataset.prepare(Dataset.load(Path.of("data/uci-sentiment")),
                Tokenizer.kim(), EmbeddingReader.read(Path.of("data/glove.6B.100d.15k.txt.gz")),
                VocabularyConfig.defaults(), 40);
        Architecture dan = Architecture.named("dan");
        TextClassifier model = dan.create(FullEmbedding.of(data.vocabulary().initialVectors()), data.labels().size(), 1L);
        TrainerConfig pretraining = TrainingDefaults.pretraining(dan, 1L);
        Trainer.train(model, data.train(), data.dev(), pretraining);

        CompressedModel small = OnlineCompression.compress(model, 0.9);   // SVD swapped in
        TrainerConfig fineTuning = TrainingDefaults.fineTuning(dan, 1L);
        Trainer.train(small.model(), data.train(), data.dev(), fineTuning);
        double accuracy = Evaluation.accuracy(small.model(), data.test());
        TrainedModel trained = TrainedModel.of(small.model(), data, Map.of())
                .withTraining("pre-training", pretraining).withTraining("fine-tuning", fineTuning);
        ModelFile.write(dir.resolve("sentiment-dan-90.lorem"), trained);
        String label = ModelFile.read(dir.resolve("sentiment-dan-90.lorem")).predict("The food was wonderful.");

        assertTrue(accuracy > 0.7, "test accuracy " + accuracy);
        assertEquals(9, small.embedding().rank());
        assertEquals("1", label, "a plainly positive sentence is positive");
        TrainedModel back = ModelFile.read(dir.resolve("sentiment-dan-90.lorem"));
        List<String> texts = new ArrayList<>();
        for (var e : Dataset.load(Path.of("data/uci-sentiment")).test().examples()) {
            texts.add(e.text());
        }
        assertEquals(trained.predict(texts), back.predict(texts), "the saved model predicts as the trained one");
        assertEquals(accuracy, Evaluation.accuracy(back.network(), data.test()));
        assertEquals(trained.provenance(), back.provenance());
    }
}
