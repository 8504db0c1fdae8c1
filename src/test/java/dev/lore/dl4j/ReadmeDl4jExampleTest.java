package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.Readme;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.data.Dataset;
import dev.lore.data.EncodedDataset;
import dev.lore.data.Tokenizer;
import dev.lore.data.VocabularyConfig;
import dev.lore.io.EmbeddingReader;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** Runs the DeepLearning4J example of README.md on the shipped data, line for line. */
class ReadmeDl4jExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeCodeIsTheCodeTestedHere() throws Exception {
        Readme.assertCodeIn("## DeepLearning4J", Path.of("src/test/java/dev/lore/dl4j/ReadmeDl4jExampleTest.java"), 9);
    }

    @Test
    void compressTheEmbeddingOfAnExistingDl4jModel() throws Exception {
        EncodedDataset data = EncodedDataset.prepare(Dataset.load(Path.of("data/uci-sentiment")), Tokenizer.kim(),
                EmbeddingReader.read(Path.of("data/glove.6B.100d.15k.txt.gz")), VocabularyConfig.defaults(), 40);
        // an existing model: an EmbeddingSequenceLayer first, trained, saved
        int d = data.vocabulary().initialVectors().dimension();
        MultiLayerNetwork trained = Networks.pooled(new EmbeddingSequenceLayer.Builder()
                .nIn(data.vocabulary().size()).nOut(d).inputLength(40).build(), d, data.labels().size(),
                new Adam(1e-2), DataType.FLOAT, 1);
        trained.getLayer(0).setParam("W", data.vocabulary().initialVectors().matrix());
        TextDataSetIterator warmup = TextDataSetIterator.shuffled(data.train(), data.labels(), 50, 1L);
        for (int epoch = 0; epoch < 2; epoch++) {
            trained.fit(warmup);
        }
        ModelSerializer.writeModel(trained, dir.resolve("classifier.zip").toFile(), true);
        File classifier = dir.resolve("classifier.zip").toFile();
        File classifier90 = dir.resolve("classifier-90.zip").toFile();
        Path embedding90 = dir.resolve("embedding-90.lore");

        // README: "DeepLearning4J: compress the embedding of an existing model"
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(classifier);  // layer 0: EmbeddingSequenceLayer
        MultiLayerNetwork small = LoreDl4j.compressOnline(net, 0, 0.9);  // A B from the SVD of its W, rank 9
        TextDataSetIterator train = TextDataSetIterator.shuffled(data.train(), data.labels(), 50, 1L);
        for (int epoch = 0; epoch < 2; epoch++) {
            small.fit(train);                                            // fine-tune everything
        }
        double accuracy = small.evaluate(TextDataSetIterator.inOrder(data.test(), data.labels(), 500)).accuracy();
        ModelSerializer.writeModel(small, classifier90, true);
        LoreFile.write(embedding90, LoreDl4j.toCompressedEmbedding(small, 0, data.vocabulary().words()));

        FactorizedEmbeddingSequenceLayer layer = assertInstanceOf(FactorizedEmbeddingSequenceLayer.class,
                small.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(9, layer.getRank());
        double before = net.evaluate(TextDataSetIterator.inOrder(data.test(), data.labels(), 500)).accuracy();
        assertTrue(accuracy > 0.7 && before > 0.7, "test accuracy " + before + " -> " + accuracy);
        assertEquals(small.params(), ModelSerializer.restoreMultiLayerNetwork(classifier90).params());
        CompressedEmbedding read = LoreFile.read(embedding90);
        assertEquals(9, read.rank());
        assertEquals(small.getLayer(0).getParam("A"), read.a().toFloat());
    }
}
