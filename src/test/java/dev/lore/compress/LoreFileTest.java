package dev.lore.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.quant.QuantizationConfig;
import dev.lore.quant.QuantizedMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LoreFileTest {

    @TempDir
    Path dir;

    static Stream<CompressedEmbedding> embeddings() {
        return Stream.of(Fixtures.lowRank(), Fixtures.lowRankQuantized(QuantizationConfig.perRow(5)),
                Fixtures.lowRankQuantized(QuantizationConfig.perMatrix(16)), Fixtures.dense(),
                Fixtures.denseQuantized(QuantizationConfig.perRow(3)),
                Fixtures.denseQuantized(QuantizationConfig.perMatrix(1)));
    }

    @ParameterizedTest
    @MethodSource("embeddings")
    void roundTripsExactly(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("e.lore");
        LoreFile.write(f, e);
        CompressedEmbedding back = LoreFile.read(f);
        assertEquals(e, back);
        assertEquals(e.provenance(), back.provenance());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.vector(i), back.vector(i));
        }
        assertEquals(List.of(), leftovers());
    }

    private static final byte[] OUTER_MAGIC = {(byte) 0x89, 'T', 'E', 'S', 'T', '\r', '\n', 0x1A};

    /** A framed file whose body is an int32 7, {@code image} (as given) and an int32 9. */
    private Path outer(byte[] image) throws IOException {
        Path f = dir.resolve("outer.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            LoreOutput out = LoreOutput.framed(ch, OUTER_MAGIC, 1, 20 + 4 + image.length + 4 + 4);
            out.putInt(7);
            out.putBytes(image);
            out.putInt(9);
            out.finish();
        }
        return f;
    }

    /** Reads {@link #outer}'s image, announced as {@code length} bytes long. */
    private static CompressedEmbedding readOuter(Path f, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            LoreInput in = LoreInput.open(f, ch, OUTER_MAGIC, 1, "test");
            assertEquals(7, in.readInt("head"));
            CompressedEmbedding e = LoreFile.read(in, length);
            assertEquals(9, in.readInt("tail"));
            in.finish();
            return e;
        }
    }

    @ParameterizedTest
    @MethodSource("embeddings")
    void nestedImagesAreTheFileBytes(CompressedEmbedding e) throws IOException {
        byte[] file = write(e);
        assertEquals(file.length, LoreFile.imageLength(e));
        Path f = dir.resolve("nested.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            LoreOutput out = LoreOutput.framed(ch, OUTER_MAGIC, 1, 20 + 4 + file.length + 4 + 4);
            out.putInt(7);
            LoreFile.write(out, e);
            out.putInt(9);
            out.finish();
        }
        byte[] written = Files.readAllBytes(f);
        assertArrayEquals(file, java.util.Arrays.copyOfRange(written, 24, 24 + file.length));
        CompressedEmbedding back = readOuter(f, file.length);
        assertEquals(e, back);
        assertEquals(e.provenance(), back.provenance());
    }

    @Test
    void nestedImagesGetEveryCheck() throws IOException {
        byte[] file = write(Fixtures.lowRank());

        byte[] shifted = java.util.Arrays.copyOf(new byte[] {0}, file.length + 1);
        System.arraycopy(file, 0, shifted, 1, file.length);
        LoreFormatException early = assertThrows(LoreFormatException.class,
                () -> readOuter(outer(shifted), file.length + 1));
        assertEquals("not a lore file (no lore magic at its start)", early.problem());
        assertEquals(24, early.offset(), "offset counted from the outer file's start");

        byte[] longer = java.util.Arrays.copyOf(file, file.length + 1);
        LoreFormatException tooLong = assertThrows(LoreFormatException.class,
                () -> readOuter(outer(longer), file.length + 1));
        assertEquals("the header says " + file.length + " bytes but the file has " + (file.length + 1),
                tooLong.problem());

        byte[] shorter = java.util.Arrays.copyOf(file, file.length - 1);
        LoreFormatException tooShort = assertThrows(LoreFormatException.class,
                () -> readOuter(outer(shorter), file.length - 1));
        assertEquals("truncated: the header says " + file.length + " bytes, the file has " + (file.length - 1),
                tooShort.problem());

        LoreFormatException beyond = assertThrows(LoreFormatException.class,
                () -> readOuter(outer(file), file.length + 5));
        assertTrue(beyond.problem().startsWith("the embedding image needs " + (file.length + 5) + " bytes"),
                beyond.problem());

        byte[] corrupt = file.clone();
        corrupt[file.length - 10] ^= 1;
        LoreFormatException bad = assertThrows(LoreFormatException.class,
                () -> readOuter(outer(corrupt), file.length));
        assertEquals(24 + file.length - 4, bad.offset(), "offset counted from the outer file's start");
        assertTrue(bad.problem().startsWith("checksum mismatch"), bad.problem());
    }

    @Test
    void largeMatricesCrossBufferBoundaries() throws IOException {
        CompressedEmbedding e = CompressedEmbedding.dense(Fixtures.words(700),
                StoredMatrix.of(Fixtures.random(700, 50, 9)), Fixtures.provenance());
        Path f = dir.resolve("big.lore");
        LoreFile.write(f, e);
        assertEquals(e, LoreFile.read(f));
    }

    @Test
    void layoutMatchesTheSpecification() throws IOException {
        Path f = dir.resolve("e.lore");
        CompressedEmbedding e = Fixtures.lowRank();
        LoreFile.write(f, e);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x89, 0x4C, 0x4F, 0x52, 0x45, 0x0D, 0x0A, 0x1A}, magic);
        assertEquals(1, b.getInt()); // version
        assertEquals(bytes.length, b.getLong()); // file length
        assertEquals(1, b.getInt()); // kind: low-rank
        assertEquals(5, b.getInt()); // V
        assertEquals(4, b.getInt()); // d
        assertEquals(2, b.getInt()); // r
        assertEquals(4, b.getInt()); // singular values
        assertEquals(3.0, b.getDouble());
        assertEquals(2.0, b.getDouble());
        assertEquals(0.5, b.getDouble());
        assertEquals(0.25, b.getDouble());
        int entries = b.getInt();
        assertEquals(9, entries); // 8 standard + "note"
        String firstKey = text(b);
        assertEquals("created", firstKey); // sorted by key
        assertEquals(Fixtures.CREATED.toString(), text(b));
        for (int i = 1; i < entries; i++) {
            text(b);
            text(b);
        }
        assertEquals("w0", text(b));
        assertEquals("café", text(b));
        assertEquals("日本", text(b));
        assertEquals("w3", text(b));
        assertEquals("w4", text(b));
        assertEquals(0, b.getInt()); // A: float32
        assertEquals(5, b.getInt());
        assertEquals(2, b.getInt());
        float[] a = ((StoredMatrix.Float32) e.a()).values().data().asFloat();
        for (float v : a) {
            assertEquals(v, b.getFloat());
        }
        assertEquals(0, b.getInt()); // B: float32
        assertEquals(2, b.getInt());
        assertEquals(4, b.getInt());
        b.position(b.position() + 4 * 8);
        assertEquals(bytes.length - 4, b.position());
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), b.getInt());
    }

    @Test
    void quantizedLayoutMatchesTheSpecification() throws IOException {
        Path f = dir.resolve("q.lore");
        CompressedEmbedding e = Fixtures.denseQuantized(QuantizationConfig.perRow(3));
        LoreFile.write(f, e);
        byte[] bytes = Files.readAllBytes(f);
        QuantizedMatrix q = ((StoredMatrix.Quantized) e.a()).matrix();
        // The matrix is the last thing before the checksum: 5 ints, 3 offsets, 3 steps, 1 long (36 bits).
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(bytes.length - 4 - (5 * 4 + 3 * 4 + 3 * 4 + 8));
        assertEquals(1, b.getInt()); // quantized
        assertEquals(3, b.getInt());
        assertEquals(4, b.getInt());
        assertEquals(3, b.getInt()); // bits
        assertEquals(1, b.getInt()); // scope: row
        for (float o : q.offsets()) {
            assertEquals(o, b.getFloat());
        }
        for (float s : q.steps()) {
            assertEquals(s, b.getFloat());
        }
        assertEquals(q.packedCodes()[0], b.getLong());
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] bytes = write(Fixtures.lowRankQuantized(QuantizationConfig.perRow(5)));
        Path f = dir.resolve("t.lore");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(f, java.util.Arrays.copyOf(bytes, len));
            LoreFormatException e = assertThrows(LoreFormatException.class, () -> LoreFile.read(f), "length " + len);
            assertTrue(e.getMessage().startsWith("t.lore: "), e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsRejected() throws IOException {
        for (CompressedEmbedding e : List.of(Fixtures.lowRank(), Fixtures.denseQuantized(QuantizationConfig.perRow(3)))) {
            byte[] bytes = write(e);
            Path f = dir.resolve("f.lore");
            for (int pos = 0; pos < bytes.length; pos++) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] copy = bytes.clone();
                    copy[pos] ^= (byte) mask;
                    Files.write(f, copy);
                    assertThrows(LoreFormatException.class, () -> LoreFile.read(f), "byte " + pos + " mask " + mask);
                }
            }
        }
    }

    @Test
    void aFlipInTheDataIsReportedAsCorruption() throws IOException {
        byte[] bytes = write(Fixtures.lowRank());
        bytes[bytes.length - 10] ^= 1; // inside B's floats
        Path f = dir.resolve("c.lore");
        Files.write(f, bytes);
        LoreFormatException e = assertThrows(LoreFormatException.class, () -> LoreFile.read(f));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is corrupt"), e.getMessage());
    }

    @Test
    void truncationIsNamedAsSuch() throws IOException {
        byte[] bytes = write(Fixtures.lowRank());
        Path f = dir.resolve("short.lore");
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        LoreFormatException e = assertThrows(LoreFormatException.class, () -> LoreFile.read(f));
        assertEquals("short.lore: truncated: the header says " + bytes.length + " bytes, the file has "
                + (bytes.length - 7), e.getMessage());
    }

    @Test
    void newerVersionsAreNamed() throws IOException {
        byte[] bytes = write(Fixtures.lowRank());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        fixChecksum(bytes);
        Path f = dir.resolve("new.lore");
        Files.write(f, bytes);
        LoreVersionException e = assertThrows(LoreVersionException.class, () -> LoreFile.read(f));
        assertEquals(3, e.version());
        assertEquals("new.lore: offset 8: written by a newer lore (format version 3; this lore reads version 2):"
                + " upgrade lore to read it", e.getMessage());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0);
        fixChecksum(bytes);
        Files.write(f, bytes);
        assertThrows(LoreVersionException.class, () -> LoreFile.read(f));
    }

    @Test
    void otherFilesAreNotLoreFiles() throws IOException {
        Path f = dir.resolve("glove.txt");
        Files.writeString(f, "the 0.1 0.2 0.3\nof 0.4 0.5 0.6\n");
        LoreFormatException e = assertThrows(LoreFormatException.class, () -> LoreFile.read(f));
        assertEquals("glove.txt: not a lore file (no lore magic at its start)", e.getMessage());
        Files.write(f, new byte[0]);
        assertThrows(LoreFormatException.class, () -> LoreFile.read(f));
        assertThrows(NoSuchFileException.class, () -> LoreFile.read(dir.resolve("missing.lore")));
    }

    @Test
    void impossibleHeaderValuesAreRejectedEvenWithAValidChecksum() throws IOException {
        byte[] good = write(Fixtures.lowRank());
        assertRejected(good, 24, -5, "rows and cols must be >= 1");
        assertRejected(good, 24, Integer.MAX_VALUE, "needs");
        assertRejected(good, 20, 3, "kind must be");
        assertRejected(good, 32, 5, "rank must be in [1, 4]");
        assertRejected(good, 32, 0, "rank must be in [1, 4]");
        assertRejected(good, 36, 5, "singular value count must be in [0, 4]");
        assertRejected(good, 36, -1, "singular value count must be in [0, 4]");
        assertRejected(good, 28, 100000, "matrix B must be 2 x 100000, got 2 x 4");
        // the provenance entry count follows 4 singular values
        assertRejected(good, 40 + 32, 1 << 30, "provenance entry count");
        assertRejected(good, 40 + 32, 3, "provenance"); // too few entries: a standard one is missing
        byte[] dense = write(Fixtures.dense());
        assertRejected(dense, 36, 1, "singular value count must be in [0, 0] for a dense matrix, got 1");
    }

    @Test
    void impossiblePayloadValuesAreRejectedEvenWithAValidChecksum() throws IOException {
        byte[] good = write(Fixtures.lowRank());
        int w0 = indexOf(good, "w0".getBytes(StandardCharsets.UTF_8)) - 4; // length of the first word
        assertRejected(good, w0, -1, "word 0 length must be in [1, 65535]");
        assertRejected(good, w0, 0, "word 0 length must be in [1, 65535]");
        assertRejected(good, w0, 1 << 20, "word 0 length must be in [1, 65535]");
        assertRejected(good, w0, 60000, "needs");
        int aStart = indexOf(good, "w4".getBytes(StandardCharsets.UTF_8)) + 2;
        assertRejected(good, aStart, 7, "matrix A encoding must be");
        assertRejected(good, aStart + 4, 6, "matrix A must be 5 x 2");

        byte[] dup = good.clone();
        dup[indexOf(dup, "w3".getBytes(StandardCharsets.UTF_8)) + 1] = '4'; // w3 -> w4: a duplicate
        assertMessage(dup, "duplicate word 'w4'");

        byte[] utf = good.clone();
        utf[indexOf(utf, "w3".getBytes(StandardCharsets.UTF_8))] = (byte) 0xC3; // a lone lead byte
        assertMessage(utf, "word 3 is not valid UTF-8");

        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(aStart + 12, Float.NaN);
        assertMessage(nan, "must be finite");

        byte[] negativeSingular = good.clone();
        ByteBuffer.wrap(negativeSingular).order(ByteOrder.LITTLE_ENDIAN).putDouble(40, -1.0);
        assertMessage(negativeSingular, "singular value 0 must be finite and >= 0");
    }

    @Test
    void impossibleQuantizedValuesAreRejectedEvenWithAValidChecksum() throws IOException {
        byte[] good = write(Fixtures.denseQuantized(QuantizationConfig.perRow(3)));
        int m = good.length - 4 - (5 * 4 + 3 * 4 + 3 * 4 + 8);
        assertRejected(good, m + 12, 0, "bits in [1, 16]");
        assertRejected(good, m + 12, 17, "bits in [1, 16]");
        assertRejected(good, m + 16, 2, "scope 0 or 1");
        byte[] negativeStep = good.clone();
        ByteBuffer.wrap(negativeStep).order(ByteOrder.LITTLE_ENDIAN).putFloat(m + 20 + 12, -1f);
        assertMessage(negativeStep, "invalid offset");
        assertRejected(good, m + 12, 16, "needs"); // 16 bits need 3 longs where 1 is stored
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] good = write(Fixtures.lowRank());
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putLong(12, longer.length);
        System.arraycopy(good, good.length - 4, longer, longer.length - 4, 4);
        fixChecksum(longer);
        assertMessage(longer, "3 unexpected bytes before the checksum");
        byte[] appended = java.util.Arrays.copyOf(good, good.length + 1);
        assertMessage(appended, "the header says " + good.length + " bytes but the file has " + (good.length + 1));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.lore");
        LoreFile.write(f, Fixtures.dense());
        byte[] before = Files.readAllBytes(f);
        for (long failAfter : new long[] {0, 10, 100, 300}) {
            IOException e = assertThrows(IOException.class,
                    () -> LoreFile.write(f, Fixtures.lowRank(), ch -> failingAfter(ch, failAfter)));
            assertEquals(f + ": write failed: disk full (simulated)", e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(f));
            assertEquals(List.of(), leftovers());
        }
        assertEquals(Fixtures.dense(), LoreFile.read(f));
    }

    @Test
    void overwritingReplacesTheFile() throws IOException {
        Path f = dir.resolve("x.lore");
        LoreFile.write(f, Fixtures.dense());
        LoreFile.write(f, Fixtures.lowRank());
        assertEquals(Fixtures.lowRank(), LoreFile.read(f));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        Path f = dir.resolve("no/such/dir/x.lore");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> LoreFile.write(f, Fixtures.dense()));
        assertTrue(e.getMessage().endsWith("output directory does not exist"), e.getMessage());
    }

    @Test
    void invalidWordsAreRejectedBeforeAnythingIsWritten() {
        CompressedEmbedding e = CompressedEmbedding.dense(dev.lore.io.Vocabulary.of("ok", "bad\uD800"),
                StoredMatrix.of(Fixtures.random(2, 3, 1)), Fixtures.provenance());
        Path f = dir.resolve("w.lore");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> LoreFile.write(f, e));
        assertEquals("word 1 is not valid Unicode text", ex.getMessage());
        assertTrue(Files.notExists(f));
    }

    // ------------------------------------------------------------------ helpers

    private byte[] write(CompressedEmbedding e) throws IOException {
        Path f = dir.resolve("src.lore");
        LoreFile.write(f, e);
        return Files.readAllBytes(f);
    }

    /** Files other than the .lore files the tests meant to leave. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".lore")).toList();
        }
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

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static String text(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static WritableByteChannel failingAfter(WritableByteChannel ch, long limit) {
        return new WritableByteChannel() {
            long written;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (written + src.remaining() > limit) {
                    throw new IOException("disk full (simulated)");
                }
                int n = ch.write(src);
                written += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
