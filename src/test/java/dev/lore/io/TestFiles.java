package dev.lore.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds embedding files and embeddings for the io tests, independently of the writer. */
final class TestFiles {

    private TestFiles() {}

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, name.endsWith(".gz") ? gzip(content) : content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A word2vec binary file's bytes: header, then per word its bytes, a space, LE floats, '\n'. */
    static byte[] word2vecBinary(List<String> words, float[][] vectors, boolean newlines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int d = vectors.length == 0 ? 1 : vectors[0].length;
        out.writeBytes((words.size() + " " + d + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < words.size(); i++) {
            out.writeBytes(words.get(i).getBytes(StandardCharsets.UTF_8));
            out.write(' ');
            ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : vectors[i]) {
                row.putFloat(v);
            }
            out.writeBytes(row.array());
            if (newlines) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** GloVe text with values printed by Float.toString (which round-trips). */
    static String gloveText(List<String> words, float[][] vectors) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            sb.append(words.get(i));
            for (float v : vectors[i]) {
                sb.append(' ').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static List<String> words(int n) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("w" + i);
        }
        return words;
    }

    static float[][] gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return m;
    }

    static WordVectors embeddings(List<String> words, float[][] vectors) {
        int d = vectors.length == 0 ? 1 : vectors[0].length;
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {words.size(), d}, 'c');
        for (int i = 0; i < vectors.length; i++) {
            for (int j = 0; j < d; j++) {
                m.putScalar(i, j, vectors[i][j]);
            }
        }
        return new WordVectors(Vocabulary.of(words), m);
    }

    /** The rows of an embedding matrix. */
    static float[][] rows(WordVectors e) {
        float[][] m = new float[e.size()][e.dimension()];
        for (int i = 0; i < e.size(); i++) {
            for (int j = 0; j < e.dimension(); j++) {
                m[i][j] = e.matrix().getFloat(i, j);
            }
        }
        return m;
    }
}
