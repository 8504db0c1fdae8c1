package dev.lore.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The frame shared by lore's binary files, the {@code .lore} compressed embedding and the
 * {@code .lorem} model (docs/format.md). All little-endian:
 *
 * <pre>
 * offset 0      8 bytes   magic, naming the format
 * offset 8      int32     format version, {@code >= 1}
 * offset 12     int64     file length L in bytes, checksum included
 * offset 20     L - 24    body, defined by the format
 * offset L - 4  uint32    CRC32C of bytes [0, L - 4)
 * </pre>
 *
 * {@link #check} verifies all of it before a format interprets its body; {@link LoreOutput} writes
 * it and {@link LoreInput} reads the body it frames.
 */
final class FileFrame {

    /** The magic's length. */
    static final int MAGIC_BYTES = 8;
    /** Magic, version and length: the body starts here. */
    static final int PREAMBLE_BYTES = 20;
    /** The trailing CRC32C. */
    static final int CHECKSUM_BYTES = 4;

    private FileFrame() {}

    /** Reads bytes at absolute positions, as {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}. */
    @FunctionalInterface
    interface Source {
        /**
         * Reads up to {@code dst.remaining()} bytes from {@code position} into {@code dst}, advancing
         * its position; returns the count, or -1 at the end.
         */
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** A source over {@code image}'s bytes from index 0 to its limit; {@code image} is not modified. */
    static Source source(ByteBuffer image) {
        ByteBuffer view = image.duplicate();
        return (dst, position) -> {
            if (position >= view.limit()) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), view.limit() - position);
            dst.put(dst.position(), view, (int) position, n);
            dst.position(dst.position() + n);
            return n;
        };
    }

    /**
     * Checks, in this order, the magic, the version, the length field against {@code size}, and the
     * checksum of the {@code size} bytes of {@code source}. Errors name {@code name}.
     *
     * @param magic the format's 8 magic bytes
     * @param newestVersion the newest version the caller reads, {@code >= 1}
     * @param kind the format's name in messages: {@code "lore"} gives "not a lore file (no lore
     *     magic at its start)"
     * @throws LoreVersionException if the version is above {@code newestVersion} ("written by a
     *     newer lore") or below 1
     * @throws LoreFormatException if the file does not start with {@code magic} (a file shorter than
     *     the magic whose bytes begin it is "truncated"), is shorter than a frame, its length field
     *     differs from {@code size}, or the checksum does not match
     * @return the version
     * @throws IOException if {@code source} fails
     */
    static int check(Path name, Source source, long size, byte[] magic, int newestVersion, String kind)
            throws IOException {
        Objects.requireNonNull(name, "name");
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, PREAMBLE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        while (head.hasRemaining() && source.read(head, head.position()) >= 0) {
            // read until full
        }
        head.flip();
        byte[] found = new byte[Math.min(head.remaining(), magic.length)];
        head.get(found);
        if (!Arrays.equals(found, Arrays.copyOf(magic, found.length)) || size == 0) {
            throw new LoreFormatException(name, -1, "not a " + kind + " file (no " + kind + " magic at its start)");
        }
        if (size < PREAMBLE_BYTES + CHECKSUM_BYTES) {
            throw new LoreFormatException(name, -1, "truncated: only " + size + " bytes");
        }
        int version = head.getInt();
        if (version > newestVersion) {
            throw new LoreVersionException(name, version, "written by a newer lore (format version " + version
                    + "; this lore reads version " + newestVersion + "): upgrade lore to read it");
        }
        if (version < 1) {
            throw new LoreVersionException(name, version, "unknown format version " + version);
        }
        long length = head.getLong();
        if (length != size) {
            throw new LoreFormatException(name, -1, size < length
                    ? "truncated: the header says " + length + " bytes, the file has " + size
                    : "the header says " + length + " bytes but the file has " + size);
        }
        checkChecksum(name, source, size);
        return version;
    }

    private static void checkChecksum(Path name, Source source, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(1, size)));
        long end = size - CHECKSUM_BYTES;
        for (long pos = 0; pos < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = source.read(buf, pos);
            if (n < 0) {
                throw new LoreFormatException(name, pos, "the file ended early (it changed while being read?)");
            }
            buf.flip();
            crc.update(buf);
            pos += n;
        }
        ByteBuffer stored = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (stored.hasRemaining() && source.read(stored, end + stored.position()) >= 0) {
            // read until full
        }
        int expected = stored.flip().getInt();
        int actual = (int) crc.getValue();
        if (expected != actual) {
            throw new LoreFormatException(name, end, "checksum mismatch (stored " + hex(expected) + ", computed "
                    + hex(actual) + "): the file is corrupt");
        }
    }

    private static String hex(int v) {
        return "0x" + HexFormat.of().toHexDigits(v);
    }
}
