package dev.lore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.LoreFormatException;
import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.quant.PqRotation;
import dev.lore.quant.ProductQuantizationConfig;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingStoreTest {

    static final int V = 300;
    static final int D = 12;
    static final int R = 4;

    @TempDir
    Path dir;

    static INDArray gaussian(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    static Vocabulary words(int n) {
        return Vocabulary.of(IntStream.range(0, n).mapToObj(i -> "w" + i).toList());
    }

    static Provenance provenance() {
        return Provenance.of(Source.none(), "test", "", "", 0);
    }

    /** Every kind: dense float32, dense quantized (per row, per matrix), low-rank float32 and quantized A. */
    static Stream<CompressedEmbedding> kinds() {
        INDArray full = gaussian(V, D, 1);
        INDArray a = gaussian(V, R, 2);
        INDArray b = gaussian(R, D, 3);
        return Stream.of(
                CompressedEmbedding.dense(words(V), StoredMatrix.of(full), provenance()),
                CompressedEmbedding.dense(words(V), StoredMatrix.of(QuantizedMatrix.quantize(full,
                        QuantizationConfig.perRow(8))), provenance()),
                CompressedEmbedding.dense(words(V), StoredMatrix.of(QuantizedMatrix.quantize(full,
                        new QuantizationConfig(5, dev.lore.quant.QuantizationScope.MATRIX))), provenance()),
                CompressedEmbedding.lowRank(words(V), StoredMatrix.of(a), StoredMatrix.of(b), new double[0], provenance()),
                CompressedEmbedding.lowRank(words(V), StoredMatrix.of(QuantizedMatrix.quantize(a,
                        QuantizationConfig.perRow(6))), StoredMatrix.of(b), new double[0], provenance()),
                CompressedEmbedding.dense(words(V), StoredMatrix.of(ProductQuantizer.quantize(full,
                        ProductQuantizationConfig.of(4, 5))), provenance()),
                CompressedEmbedding.dense(words(V), StoredMatrix.of(ProductQuantizer.quantize(full,
                        ProductQuantizationConfig.of(3, 8).withRotation(PqRotation.PCA))), provenance()),
                CompressedEmbedding.lowRank(words(V), StoredMatrix.of(ProductQuantizer.quantize(a,
                        ProductQuantizationConfig.of(2, 3))), StoredMatrix.of(b), new double[0], provenance()));
    }

    /** Brute force in double over the decoded rows: the expected top k, ties by index. */
    static List<Integer> bruteForce(CompressedEmbedding e, double[] t, List<Integer> exclude, int k, int limit) {
        double tn = Math.sqrt(java.util.Arrays.stream(t).map(x -> x * x).sum());
        List<double[]> scored = new ArrayList<>();
        for (int j = 0; j < limit; j++) {
            if (exclude.contains(j)) {
                continue;
            }
            float[] x = e.vector(j);
            double dot = 0;
            double xx = 0;
            for (int c = 0; c < x.length; c++) {
                dot += t[c] * x[c];
                xx += (double) x[c] * x[c];
            }
            scored.add(new double[] {dot / (tn * Math.sqrt(xx)), j});
        }
        scored.sort(Comparator.<double[]>comparingDouble(s -> -s[0]).thenComparingDouble(s -> s[1]));
        return scored.stream().limit(k).map(s -> (int) s[1]).toList();
    }

    static double[] asDouble(float[] x) {
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = x[i];
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aMappedLoreFileDecodesEveryRowAsLoreFileReadDoes(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, e);
        EmbeddingStore s = EmbeddingStore.open(f);
        assertTrue(s.mapped());
        assertEquals(V, s.size());
        assertEquals(D, s.dimension());
        assertEquals(e.rank(), s.rank());
        CompressedEmbedding read = LoreFile.read(f);
        for (int i = 0; i < V; i++) {
            assertArrayEquals(read.vector(i), s.vector(i), "row " + i);
        }
        assertEquals(e.provenance().entries(), s.provenance());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void nearestIsTheExactTopKOfTheStoredRows(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, e);
        EmbeddingStore s = EmbeddingStore.open(f);
        for (int q : new int[] {0, 17, 299}) {
            List<Integer> want = bruteForce(e, asDouble(e.vector(q)), List.of(q), 10, V);
            List<Neighbour> got = s.nearest("w" + q, 10);
            assertEquals(want, got.stream().map(Neighbour::index).toList(), "query " + q);
            assertEquals(s.similarity(q, got.get(0).index()), got.get(0).similarity(), 1e-12);
            assertEquals("w" + got.get(0).index(), got.get(0).word());
        }
    }

    @Test
    void batchesGiveTheSingleResultsForEveryThreadCount() throws IOException {
        EmbeddingStore s = EmbeddingStore.of(kinds().toList().get(3));
        List<String> queries = IntStream.range(0, 70).mapToObj(i -> "w" + (i * 4)).toList();
        List<List<Neighbour>> one = new ArrayList<>();
        for (String q : queries) {
            one.add(s.nearest(q, 5));
        }
        assertEquals(one, s.nearest(queries, 5, 1));
        assertEquals(one, s.nearest(queries, 5, 3));
    }

    /** Blocks of 7 rows, slices of 50: block edges, slice edges and merged candidates, native and Java scans. */
    @ParameterizedTest
    @MethodSource("kinds")
    void smallBlocksAndRowSlicesGiveTheExactTopKForEveryThreadCount(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, e);
        for (EmbeddingStore s : List.of(EmbeddingStore.open(f).withBlocks(7, 50), EmbeddingStore.of(e).withBlocks(7, 50))) {
            List<String> queries = IntStream.range(0, 70).mapToObj(i -> "w" + (i * 4)).toList();
            List<List<Integer>> want = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                want.add(bruteForce(e, asDouble(e.vector(i * 4)), List.of(i * 4), 12, V));
            }
            for (int threads : new int[] {1, 2, 5, 16}) {
                List<List<Neighbour>> got = s.nearest(queries, 12, threads);
                for (int i = 0; i < queries.size(); i++) {
                    assertEquals(want.get(i), got.get(i).stream().map(Neighbour::index).toList(),
                            s + ", threads " + threads + ", query " + i);
                }
                assertEquals(want.get(3), s.nearest(List.of(queries.get(3)), 12, threads).get(0).stream()
                        .map(Neighbour::index).toList(), "one query over row slices, threads " + threads);
            }
        }
    }

    @Test
    void float32TablesAreScannedInNativeMemoryAndQuantizedOnesDecoded() throws IOException {
        List<CompressedEmbedding> all = kinds().toList();
        boolean[] nativeScan = {true, false, false, true, false, false, false, false};
        for (int i = 0; i < all.size(); i++) {
            Path f = dir.resolve("k" + i + ".lore");
            LoreFile.write(f, all.get(i));
            assertEquals(nativeScan[i], EmbeddingStore.open(f).nativeScan(), "mapped kind " + i);
            assertEquals(nativeScan[i], EmbeddingStore.of(all.get(i)).nativeScan(), "in-memory kind " + i);
        }
    }

    @Test
    void productQuantizedTablesAreScannedByDistanceTables() throws IOException {
        List<CompressedEmbedding> all = kinds().toList();
        for (int i = 5; i < all.size(); i++) {
            Path f = dir.resolve("pq" + i + ".lore");
            LoreFile.write(f, all.get(i));
            EmbeddingStore s = EmbeddingStore.open(f);
            assertTrue(s.mapped() && s.describe().contains("pq M="), s.describe());
            dev.lore.quant.ProductQuantizedMatrix pq = ((StoredMatrix.ProductQuantized) all.get(i).a()).matrix();
            long b = all.get(i).b().map(m -> 4L * m.rows() * m.columns()).orElse(0L);
            assertEquals(4L * (pq.codebooks().length + pq.rotation().map(r -> r.length).orElse(0)) + b, s.heapBytes(),
                    "the codes stay mapped, only codebooks, rotation and B are in the heap");
        }
    }

    @Test
    void candidatesKeepTheBestPairsWithTiesToTheLowerRow() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int capacity = 1 + rnd.nextInt(12);
            Candidates c = new Candidates(capacity, new int[] {3});
            List<float[]> offered = new ArrayList<>();
            for (int id = 0; id < 60; id++) {
                float score = rnd.nextInt(20) / 4f;
                offered.add(new float[] {score, id});
                c.offer(score, id);
            }
            List<Integer> want = offered.stream().filter(p -> p[1] != 3)
                    .sorted(Comparator.<float[]>comparingDouble(p -> -p[0]).thenComparingDouble(p -> p[1]))
                    .limit(capacity).map(p -> (int) p[1]).sorted().toList();
            List<Integer> got = java.util.Arrays.stream(c.ids()).boxed().sorted().toList();
            assertEquals(want, got, "trial " + trial);
        }
    }

    @Test
    void analogiesAre3CosAddWithoutTheQuestionWords() {
        CompressedEmbedding e = kinds().toList().get(0);
        EmbeddingStore s = EmbeddingStore.of(e);
        int a = 3;
        int b = 5;
        int c = 7;
        double[] t = new double[D];
        for (int[] p : new int[][] {{a, -1}, {b, 1}, {c, 1}}) {
            float[] x = e.vector(p[0]);
            double n = 0;
            for (float v : x) {
                n += (double) v * v;
            }
            for (int i = 0; i < D; i++) {
                t[i] += p[1] * x[i] / Math.sqrt(n);
            }
        }
        List<Integer> want = bruteForce(e, t, List.of(a, b, c), 4, V);
        assertEquals(want, s.analogy("w3", "w5", "w7", 4).stream().map(Neighbour::index).toList());
        List<String[]> qs = new ArrayList<>();
        qs.add(new String[] {"w3", "w5", "w7"});
        assertEquals(bruteForce(e, t, List.of(a, b, c), 1, 50),
                s.analogies(qs, 1, 50, 2).get(0).stream().map(Neighbour::index).toList());
    }

    @Test
    void aCorruptByteIsACheckedErrorOnOpen() throws IOException {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, kinds().toList().get(0));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 1;
        Files.write(f, bytes);
        EmbeddingStore s = EmbeddingStore.open(f); // the byte is in the table: opening does not read it
        java.io.UncheckedIOException u = assertThrows(java.io.UncheckedIOException.class, () -> s.nearest("w1", 3));
        assertTrue(u.getCause() instanceof LoreFormatException && u.getCause().getMessage().contains("checksum"),
                u.getMessage());
        LoreFormatException e = assertThrows(LoreFormatException.class, s::verify);
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> s.vector(0));
        assertThrows(LoreFormatException.class, () -> EmbeddingStore.open(f).verify());
    }

    /** A NaN with a valid checksum (as a crafted file would have) is named on open, in every block position. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 7 * D + 3, 16384 + 5, V * D - 1})
    void aNonFiniteValueWithAValidChecksumIsNamedOnOpen(int index) throws IOException {
        int rows = 16384 / D + 3;
        INDArray m = gaussian(rows, D, 9);
        float marker = 12345.678f;
        m.putScalar(index / D, index % D, marker);
        Path f = dir.resolve("nan.lore");
        LoreFile.write(f, CompressedEmbedding.dense(words(rows), StoredMatrix.of(m), provenance()));
        byte[] bytes = Files.readAllBytes(f);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = -1;
        for (int i = 0; i + 4 <= bytes.length - 4; i++) {
            if (bb.getFloat(i) == marker) {
                at = i;
            }
        }
        assertTrue(at > 0, "marker not found");
        bb.putInt(at, 0x7fc00000);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        bb.putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(f, bytes);
        LoreFormatException e = assertThrows(LoreFormatException.class, () -> EmbeddingStore.open(f).verify());
        assertTrue(e.getMessage().contains("matrix A[" + index / D + "][" + index % D + "] must be finite, got NaN"),
                e.getMessage());
    }

    @Test
    void aRawFileIsReadWithTheFirstOccurrenceOfARepeatedWord() throws IOException {
        Path f = dir.resolve("raw.txt");
        Files.writeString(f, "a 1 0\nb 0 1\na 0 -1\nc 1 1\n", StandardCharsets.UTF_8);
        EmbeddingStore s = EmbeddingStore.open(f);
        assertFalse(s.mapped());
        assertEquals(3, s.size());
        assertArrayEquals(new float[] {1, 0}, s.lookup("a").orElseThrow());
        assertEquals(List.of("c", "b"), s.nearest("a", 2).stream().map(Neighbour::word).toList());
        assertEquals(Math.sqrt(0.5), s.similarity("a", "c").getAsDouble(), 1e-12);
        assertTrue(s.similarity("a", "zzz").isEmpty());
    }

    @Test
    void unknownWordsFollowThePolicy() throws IOException {
        Path f = dir.resolve("raw.txt");
        Files.writeString(f, "a 1 2\nb 3 4\n", StandardCharsets.UTF_8);
        EmbeddingStore s = EmbeddingStore.open(f);
        assertThrows(IllegalArgumentException.class, () -> s.lookup(List.of("a", "A"), UnknownWords.REJECT));
        INDArray m = s.lookup(List.of("A", "x"), UnknownWords.LOWER_CASE_OR_ZERO);
        assertArrayEquals(new float[] {1, 2, 0, 0}, m.data().asFloat());
        assertArrayEquals(new float[] {0, 0, 3, 4}, s.lookup(List.of("x", "b"), UnknownWords.ZERO).data().asFloat());
        assertThrows(IllegalArgumentException.class, () -> s.indexOf("x", UnknownWords.LOWER_CASE_OR_REJECT));
        IllegalArgumentException noUnk = assertThrows(IllegalArgumentException.class,
                () -> s.indexOf("x", UnknownWords.UNKNOWN_ROW));
        assertTrue(noUnk.getMessage().contains("no unknown-word row '<unk>'"), noUnk.getMessage());
        EmbeddingStore u = s.withUnknownWord("b");
        assertEquals("b", u.unknownWord());
        assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4}, u.lookup(List.of("x", "a", "A"), UnknownWords.UNKNOWN_ROW)
                .data().asFloat());
        assertArrayEquals(new float[] {3, 4, 1, 2, 1, 2}, u.lookup(List.of("x", "a", "A"),
                UnknownWords.LOWER_CASE_OR_UNKNOWN_ROW).data().asFloat());
        assertEquals(s.nearest("a", 1), u.nearest("a", 1));
        assertThrows(IllegalArgumentException.class, () -> s.withUnknownWord("zz"));
        assertThrows(IllegalArgumentException.class, () -> s.nearest("x", 3));
        assertThrows(IllegalArgumentException.class, () -> s.nearest("a", 0));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 4, 6})
    void manyThreadsOnOneMappedStoreGetTheSingleThreadResults(int kind) throws Exception {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, kinds().toList().get(kind));
        EmbeddingStore s = EmbeddingStore.open(f);
        List<List<Neighbour>> want = new ArrayList<>();
        for (int q = 0; q < 40; q++) {
            want.add(s.nearest("w" + q, 5));
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int round = 0; round < 5; round++) {
                        for (int q = 0; q < 40; q++) {
                            assertEquals(want.get(q), s.nearest("w" + q, 5));
                        }
                    }
                } catch (Throwable x) {
                    failures.add(x);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(List.of(), failures);
    }
}
