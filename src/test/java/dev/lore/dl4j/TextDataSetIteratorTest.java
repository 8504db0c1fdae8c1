package dev.lore.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.data.DatasetSplit;
import dev.lore.data.EncodedSplit;
import dev.lore.data.Example;
import dev.lore.data.LabelSet;
import dev.lore.data.MiniBatches;
import dev.lore.data.SequenceEncoder;
import dev.lore.data.Tokenizer;
import dev.lore.io.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

class TextDataSetIteratorTest {

    private static final int MAX_LEN = 4;
    private static final List<String> WORDS = List.of("<pad>", "<unk>", "the", "cat", "sat", "on", "a", "mat", "dog");
    private static final Vocabulary VOCABULARY = Vocabulary.of(WORDS);
    private static final SequenceEncoder ENCODER = new SequenceEncoder(VOCABULARY, Tokenizer.whitespace(true), MAX_LEN);

    private static DatasetSplit split(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Example> examples = new ArrayList<>();
        String[] labels = {"x", "y", "z"};
        for (int i = 0; i < n; i++) {
            int len = 1 + r.nextInt(6); // some longer than MAX_LEN, to be cut
            StringBuilder text = new StringBuilder();
            for (int t = 0; t < len; t++) {
                text.append(t == 0 ? "" : " ").append(t == 0 ? "w" + i : WORDS.get(2 + r.nextInt(WORDS.size() - 2)));
            }
            examples.add(new Example(labels[i % 3], text.toString()));
        }
        return DatasetSplit.of("train", examples);
    }

    private static final DatasetSplit SPLIT = split(5, 1);
    private static final LabelSet LABELS = LabelSet.fromTraining(SPLIT);

    private static EncodedSplit encoded(DatasetSplit s) throws Exception {
        return ENCODER.encode(s, LABELS);
    }

    @Test
    void dataSetsHoldIdsMasksAndOneHotLabels() throws Exception {
        EncodedSplit e = encoded(SPLIT);
        TextDataSetIterator it = TextDataSetIterator.inOrder(e, LABELS, 2);
        assertEquals(List.of("x", "y", "z"), it.getLabels());
        assertEquals(MAX_LEN, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertEquals(2, it.batch());
        assertTrue(it.resetSupported() && it.asyncSupported());
        int example = 0;
        int[] sizes = {2, 2, 1};
        for (int size : sizes) {
            assertTrue(it.hasNext());
            DataSet ds = it.next();
            assertArrayEquals(new long[] {size, MAX_LEN}, ds.getFeatures().shape());
            assertArrayEquals(new long[] {size, MAX_LEN}, ds.getFeaturesMaskArray().shape());
            assertArrayEquals(new long[] {size, 3}, ds.getLabels().shape());
            assertNull(ds.getLabelsMaskArray());
            for (int r = 0; r < size; r++, example++) {
                int[] ids = ENCODER.encode(SPLIT.example(example).text());
                int length = e.length(example);
                for (int t = 0; t < MAX_LEN; t++) {
                    assertEquals(ids[t], ds.getFeatures().getInt(r, t));
                    assertEquals(t < length ? 1 : 0, ds.getFeaturesMaskArray().getInt(r, t));
                }
                for (int c = 0; c < 3; c++) {
                    assertEquals(c == example % 3 ? 1 : 0, ds.getLabels().getInt(r, c));
                }
            }
        }
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    /** Each example's features row, keyed by its first id (unique per example): identifies the order. */
    private static List<Integer> firstIds(TextDataSetIterator it) {
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures();
            for (int r = 0; r < f.rows(); r++) {
                out.add(f.getInt(r, 0));
            }
        }
        return out;
    }

    @Test
    void shufflingFollowsLoresEpochOrderAndIsDeterministic() throws Exception {
        DatasetSplit big = split(30, 2);
        List<String> words = new ArrayList<>(WORDS);
        for (int i = 0; i < 30; i++) {
            words.add("w" + i);
        }
        SequenceEncoder encoder = new SequenceEncoder(Vocabulary.of(words), Tokenizer.whitespace(true), MAX_LEN);
        EncodedSplit e = encoder.encode(big, LabelSet.fromTraining(big));
        LabelSet labels = LabelSet.fromTraining(big);
        TextDataSetIterator one = TextDataSetIterator.shuffled(e, labels, 7, 42);
        TextDataSetIterator two = TextDataSetIterator.shuffled(e, labels, 7, 42);
        List<List<Integer>> passes = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            List<Integer> a = firstIds(one);
            assertEquals(a, firstIds(two), "pass " + pass);
            int[] order = MiniBatches.epochOrder(30, 42, pass);
            for (int i = 0; i < 30; i++) {
                assertEquals(words.indexOf("w" + order[i]), a.get(i));
            }
            passes.add(a);
            one.reset();
            two.reset();
        }
        assertEquals(3, one.epoch());
        assertNotEquals(passes.get(0), passes.get(1));
        assertNotEquals(firstIds(TextDataSetIterator.shuffled(e, labels, 7, 43)), passes.get(0));
    }

    @Test
    void nextTakesAnyCountAndResetStartsAFullPass() throws Exception {
        TextDataSetIterator it = TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 2);
        assertEquals(3, it.next(3).numExamples());
        assertEquals(2, it.next(9).numExamples());
        assertFalse(it.hasNext());
        it.reset();
        assertEquals(5, it.next(5).numExamples());
        assertThrows(IllegalArgumentException.class, () -> it.next(0));
    }

    @Test
    void appliesThePreProcessor() throws Exception {
        TextDataSetIterator it = TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 5);
        it.setPreProcessor(ds -> ds.getLabels().muli(2));
        assertEquals(2.0, it.next().getLabels().sumNumber().doubleValue() / 5);
    }

    @Test
    void encodesTextDirectlyAndChecksItsArguments() throws Exception {
        Map<Integer, Integer> seen = new HashMap<>();
        TextDataSetIterator it = TextDataSetIterator.shuffled(SPLIT, ENCODER, LABELS, 2, 1);
        while (it.hasNext()) {
            DataSet ds = it.next();
            for (int r = 0; r < ds.numExamples(); r++) {
                seen.merge(ds.getLabels().getRow(r).argMax().getInt(0), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(0, 2, 1, 2, 2, 1), seen);
        assertThrows(IllegalArgumentException.class, () -> TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 0));
        LabelSet two = LabelSet.of(List.of("x", "y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextDataSetIterator.inOrder(encoded(SPLIT), two, 2));
        assertTrue(e.getMessage().contains("has class 2 but the label set has 2 classes"), e.getMessage());
    }

    @Test
    void refusesJavaSerialization() throws Exception {
        TextDataSetIterator it = TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 2);
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            NotSerializableException e = assertThrows(NotSerializableException.class, () -> out.writeObject(it));
            assertTrue(e.getMessage().contains("TextDataSetIterator is not serializable"), e.getMessage());
        }
    }

    @Test
    void trainsADl4jNetworkOverSeveralEpochs() throws Exception {
        TextDataSetIterator it = TextDataSetIterator.shuffled(encoded(SPLIT), LABELS, 2, 3);
        MultiLayerNetwork net = Networks.pooled(new EmbeddingSequenceLayer.Builder().nIn(WORDS.size()).nOut(5)
                .inputLength(MAX_LEN).build(), 5, 3, new Adam(1e-2), DataType.FLOAT, 1);
        TextDataSetIterator eval = TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 5);
        double before = net.score(eval.next());
        for (int epoch = 0; epoch < 20; epoch++) {
            net.fit(it);
        }
        eval.reset();
        assertEquals(19, it.epoch());
        assertTrue(net.score(eval.next()) < before);
        assertEquals(5, net.evaluate(TextDataSetIterator.inOrder(encoded(SPLIT), LABELS, 2)).getNumRowCounter());
    }
}
