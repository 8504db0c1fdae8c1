package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.io.WordVectors;
import dev.lore.linalg.ReconstructionError;
import dev.lore.quant.ProductQuantizedMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Format version 2 (product-quantized matrices) and the files of version 1 committed before it. */
class LoreEncodingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/dev/lore/compress");
    private static final Path GLOVE = Path.of("data/glove.6B.100d.15k.txt.gz");
    /** The relative errors the version-1 files record are Java {@code Double.toString} texts of the same computation. */
    private static final double ERROR_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private byte[] write(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("w.lore");
        LoreFile.write(f, e);
        return Files.readAllBytes(f);
    }

    @Test
    void productQuantizedEmbeddingsRoundTripAsVersion2() throws IOException {
        for (CompressedEmbedding e : List.of(Fixtures.densePq(false), Fixtures.densePq(true), Fixtures.lowRankPq())) {
            byte[] bytes = write(e);
            assertEquals(2, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
            CompressedEmbedding back = LoreFile.read(dir.resolve("w.lore"));
            assertEquals(e, back);
            assertEquals(e.scheme(), back.scheme());
            for (int i = 0; i < e.size(); i++) {
                assertArrayEquals(e.vector(i), back.vector(i));
            }
            assertEquals(bytes.length, LoreFile.imageLength(e));
        }
        assertEquals("pq", Fixtures.densePq(true).scheme());
        assertEquals("lowrank-pq", Fixtures.lowRankPq().scheme());
    }

    @Test
    void filesWithoutProductQuantizationStayVersion1() throws IOException {
        for (CompressedEmbedding e : List.of(Fixtures.lowRank(), Fixtures.dense())) {
            assertEquals(1, ByteBuffer.wrap(write(e)).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void productQuantizedLayoutMatchesTheSpecification(boolean rotated) throws IOException {
        CompressedEmbedding e = Fixtures.densePq(rotated);
        ProductQuantizedMatrix q = ((StoredMatrix.ProductQuantized) e.a()).matrix();
        byte[] bytes = write(e);
        // The matrix is last: 6 int32, 2^3 x 4 codebook floats, 4 x 4 rotation floats, ceil(20 x 2 x 3 / 8) = 15 code bytes.
        int rotationBytes = rotated ? 64 : 0;
        int matrixBytes = 24 + 128 + rotationBytes + 15;
        assertEquals(matrixBytes - 24, e.a().storageBytes());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(bytes.length - 4 - matrixBytes);
        assertEquals(2, b.getInt()); // encoding: product-quantized
        assertEquals(20, b.getInt());
        assertEquals(4, b.getInt());
        assertEquals(2, b.getInt()); // M
        assertEquals(3, b.getInt()); // b
        assertEquals(rotated ? 1 : 0, b.getInt());
        for (float v : q.codebooks()) {
            assertEquals(v, b.getFloat());
        }
        if (rotated) {
            for (float v : q.rotation().orElseThrow()) {
                assertEquals(v, b.getFloat());
            }
        }
        int[] codes = q.codes();
        byte[] packed = new byte[15];
        b.get(packed);
        for (int n = 0; n < codes.length; n++) {
            int code = 0;
            for (int u = 0; u < 3; u++) {
                int bit = 3 * n + u;
                code |= ((packed[bit / 8] >> (bit % 8)) & 1) << u;
            }
            assertEquals(codes[n], code, "code " + n);
        }
        assertEquals(bytes.length - 4, b.position());
    }

    @Test
    void everyFlippedByteOfAProductQuantizedFileIsRejected() throws IOException {
        byte[] bytes = write(Fixtures.lowRankPq());
        Path f = dir.resolve("f.lore");
        for (int pos = 0; pos < bytes.length; pos++) {
            byte[] copy = bytes.clone();
            copy[pos] ^= (byte) 0x10;
            Files.write(f, copy);
            assertThrows(LoreFormatException.class, () -> LoreFile.read(f), "byte " + pos);
        }
    }

    @Test
    void impossibleProductQuantizedValuesAreRejectedEvenWithAValidChecksum() throws IOException {
        byte[] good = write(Fixtures.densePq(true));
        int m = good.length - 4 - (24 + 128 + 64 + 15);
        assertRejected(good, m + 12, 3, "subspaces must be in [1, 4] and divide the 4 columns, got 3");
        assertRejected(good, m + 12, 0, "subspaces must be in [1, 4] and divide the 4 columns, got 0");
        assertRejected(good, m + 16, 0, "bits must be in [1, 8], got 0");
        assertRejected(good, m + 16, 9, "bits must be in [1, 8], got 9");
        assertRejected(good, m + 16, 8, "needs"); // 256 centroids do not fit in the bytes left
        assertRejected(good, m + 20, 2, "rotation flag must be 0 (none) or 1 (stored), got 2");
        assertRejected(good, m + 20, 0, "unexpected bytes"); // the rotation's bytes are left over
        assertRejected(good, m, 3, "encoding must be 0 (float32), 1 (quantized) or 2 (product-quantized), got 3");

        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(m + 24 + 8, Float.NaN);
        assertMessage(nan, "codebooks[2] must be finite");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putFloat(m + 24, 3e38f);
        assertMessage(huge, "overflow float");
        byte[] skew = good.clone();
        ByteBuffer.wrap(skew).order(ByteOrder.LITTLE_ENDIAN).putFloat(m + 24 + 128, 2f);
        assertMessage(skew, "rotation must be orthogonal");
        byte[] infRotation = good.clone();
        ByteBuffer.wrap(infRotation).order(ByteOrder.LITTLE_ENDIAN).putFloat(m + 24 + 128 + 4, Float.POSITIVE_INFINITY);
        assertMessage(infRotation, "rotation[0][1] must be finite");
    }

    @Test
    void paddingBitsAfterTheLastCodeMustBeZero() throws IOException {
        // 3 rows x 1 sub-space x 1 bit: codes 1, 0, 1 in the low 3 bits of one byte; centroids (0, 0) and (1, 1).
        CompressedEmbedding e = CompressedEmbedding.dense(Fixtures.words(3),
                StoredMatrix.of(ProductQuantizedMatrix.fromParts(3, 2, 1, 1, new float[] {0, 0, 1, 1},
                        new byte[] {0b101}, null)), Fixtures.provenance());
        byte[] good = write(e);
        assertArrayEquals(new float[] {1, 1}, LoreFile.read(dir.resolve("w.lore")).vector(0));
        assertArrayEquals(new float[] {0, 0}, LoreFile.read(dir.resolve("w.lore")).vector(1));
        byte[] bad = good.clone();
        bad[good.length - 5] |= 0b1000; // a fourth code bit, past the three rows
        assertMessage(bad, "bits after the last code must be zero");
    }

    @Test
    void productQuantizationNeedsVersion2() throws IOException {
        byte[] bytes = write(Fixtures.densePq(false));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
        assertMessage(bytes, "encoding must be 0 (float32), 1 (quantized) in format version 1, got 2");
    }

    @Test
    void versionsAboveTwoAreNamed() throws IOException {
        byte[] bytes = write(Fixtures.densePq(false));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        fixChecksum(bytes);
        Path f = dir.resolve("new.lore");
        Files.write(f, bytes);
        LoreVersionException e = assertThrows(LoreVersionException.class, () -> LoreFile.read(f));
        assertEquals("new.lore: offset 8: written by a newer lore (format version 3; this lore reads version 2):"
                + " upgrade lore to read it", e.getMessage());
    }

    /**
     * The committed files of format version 1 (src/test/resources/dev/lore/compress/README.md) still
     * read, match the GloVe rows they were made from within their recorded error, and are written
     * back byte for byte.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-lowrank.lore", "v1-dense-q4.lore", "v1-lowrank-q6.lore", "v1-dense.lore"})
    void version1FilesStillRead(String name) throws IOException {
        Path f = FIXTURES.resolve(name);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(1, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        CompressedEmbedding e = LoreFile.read(f);
        int rows = name.equals("v1-dense.lore") ? 50 : 200;
        WordVectors glove = EmbeddingReader.load(GLOVE, new ReadOptions(null, rows, null)).vectors();
        assertEquals(glove.vocabulary(), e.vocabulary());
        assertEquals(100, e.dimension());
        String scheme = switch (name) {
            case "v1-lowrank.lore" -> "lowrank";
            case "v1-dense-q4.lore" -> "scalar";
            case "v1-lowrank-q6.lore" -> "lowrank-quantized";
            default -> "float32";
        };
        assertEquals(scheme, e.scheme());
        double recorded = Double.parseDouble(e.provenance().extra().get("error.relative"));
        double measured = ReconstructionError.of(glove.matrix(), e.reconstruct().matrix()).relativeError();
        assertEquals(recorded, measured, ERROR_TOLERANCE);
        Path again = dir.resolve(name);
        LoreFile.write(again, e);
        assertArrayEquals(bytes, Files.readAllBytes(again));
    }

    private void assertRejected(byte[] good, int offset, int value, String expected) throws IOException {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        assertMessage(bad, expected);
    }

    private void assertMessage(byte[] bytes, String expected) throws IOException {
        fixChecksum(bytes);
        Path f = dir.resolve("bad.lore");
        Files.write(f, bytes);
        LoreFormatException e = assertThrows(LoreFormatException.class, () -> LoreFile.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain: " + expected);
    }

    private static void fixChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
