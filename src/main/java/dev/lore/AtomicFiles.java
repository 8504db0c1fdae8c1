package dev.lore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Atomic file replacement, the one way lore writes a file: the content goes to a temporary file
 * {@code .NAME.HEX.tmp} next to the target, is forced to disk, and the temporary file is renamed
 * over the target. The target then holds either its old content or all of the new, never a part,
 * and a failed write leaves no temporary file behind.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes a file's content to a fresh channel positioned at 0; it must not close it. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param channel a channel open for writing on the temporary file, positioned at 0; the
         *     content is written from the current position on, and the channel is left open
         * @throws IOException if writing fails
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code content} to {@code file} atomically.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param content writes the new content to the temporary file; called once
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException if writing fails (the target is then unchanged)
     * @throws NullPointerException if an argument is null
     */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = Objects.requireNonNull(file, "file").toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        // Not Files.createTempFile: its owner-only permissions would carry over to the target.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * {@link #write(Path, Content)} of {@code bytes}.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param bytes the whole new content, not modified
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException if writing fails (the target is then unchanged)
     * @throws NullPointerException if an argument is null
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(file, channel -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        });
    }

    /**
     * {@link #write(Path, Content)} of UTF-8 text.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param text the whole new content, written as UTF-8 without a byte-order mark
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException if writing fails (the target is then unchanged)
     * @throws NullPointerException if an argument is null
     */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
