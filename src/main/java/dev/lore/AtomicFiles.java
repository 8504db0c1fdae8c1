package dev.lore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic file replacement, the one way lore writes a file: the content goes to a temporary file
 * {@code .NAME.HEX.tmp} next to the target, is forced to disk, and the temporary file is renamed
 * over the target. The target then holds either its old content or all of the new, never a part,
 * and a failed write leaves no temporary file behind.
 *
 * <p>Interrupted writes: a shutdown hook removes the temporary files of writes in progress when the
 * JVM exits on SIGTERM or SIGINT (Ctrl-C) or through {@code System.exit}. A {@code kill -9} (or a
 * crash) runs no hook; the next write to the same target then removes the stale temporary files
 * of that target ({@code .NAME.HEX.tmp}) last modified before the current process started, and
 * logs each one. A temporary file of another process that started earlier and is still writing
 * the same target would be removed too: that write then fails, and its target is unchanged.
 * Thread-safe.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    /** Temporary files being written, removed by the shutdown hook. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::removeInProgress, "lore-temporary-files"));
    }

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
     * @throws IOException if writing fails (the target is then unchanged); an error of the channel
     *     that names no file (a full disk) becomes a {@link FileSystemException} naming the target
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
        removeStale(dir, target.getFileName().toString());
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        IN_PROGRESS.add(tmp);
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
            if (e.getClass() == IOException.class) {
                // e.g. "No space left on device" from the channel, which names no file
                FileSystemException named = new FileSystemException(target.toString(), null,
                        "write failed: " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            throw e;
        } finally {
            IN_PROGRESS.remove(tmp);
        }
    }

    private static void removeInProgress() {
        for (Path p : IN_PROGRESS) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing more can be done while the JVM exits
            }
        }
    }

    /**
     * Removes the temporary files {@code .NAME.HEX.tmp} of target {@code name} in {@code dir} last
     * modified before this process started: left by a write that was killed. Failures to list or
     * delete are logged, never thrown: they do not stop the write.
     *
     * @return the number of files removed
     */
    static int removeStale(Path dir, String name) {
        Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        if (started == null) {
            return 0;
        }
        Pattern tmp = Pattern.compile("\\." + Pattern.quote(name) + "\\.[0-9a-f]{1,16}\\.tmp");
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + globQuote(name) + ".*.tmp")) {
            for (Path f : files) {
                if (!tmp.matcher(f.getFileName().toString()).matches() || IN_PROGRESS.contains(f)) {
                    continue;
                }
                FileTime modified = Files.getLastModifiedTime(f);
                if (modified.toInstant().isBefore(started) && Files.deleteIfExists(f)) {
                    removed++;
                    LOG.warn("removed {}, a temporary file left by an interrupted write of {} ({})", f, name, modified);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not check {} for temporary files left by interrupted writes: {}", dir, e.toString());
        }
        return removed;
    }

    private static String globQuote(String s) {
        return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
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
