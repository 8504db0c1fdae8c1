package dev.lore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, "first");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, "old");
        IOException boom = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, channel -> {
            channel.write(ByteBuffer.wrap(new byte[] {'n', 'e', 'w'}));
            throw boom;
        }));
        assertSame(boom, e.getCause());
        assertEquals(f.toAbsolutePath().toString(), ((java.nio.file.FileSystemException) e).getFile());
        assertEquals(f.toAbsolutePath() + ": write failed: disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), listing());
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, channel -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("no/such/dir/a.txt");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(missing, "x"));
        assertEquals(missing.getParent().toString(), e.getFile());
    }

    @Test
    void staleTemporaryFilesOfTheTargetAreRemovedByTheNextWrite() throws IOException {
        Path f = dir.resolve("m.lorem");
        Path stale = Files.writeString(dir.resolve(".m.lorem.0123abcd.tmp"), "partial");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        Path recent = Files.writeString(dir.resolve(".m.lorem.99.tmp"), "another process");
        Files.setLastModifiedTime(recent, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
        Path other = Files.writeString(dir.resolve(".n.lorem.0123abcd.tmp"), "another target");
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(0));
        AtomicFiles.write(f, "new");
        assertEquals(List.of(dir.resolve(".m.lorem.99.tmp"), dir.resolve(".n.lorem.0123abcd.tmp"), f), listing());
    }

    /** Writes slowly into its target, for the signal test. */
    static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), channel -> {
                channel.write(ByteBuffer.wrap(new byte[1 << 20]));
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        }
    }

    @Test
    void sigtermDuringAWriteLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("big.lore");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), f.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            String line;
            while ((line = r.readLine()) != null && !line.equals("writing")) {
                // skip logging
            }
            assertEquals("writing", line);
            assertEquals(1, listing().size()); // the temporary file
            p.destroy(); // SIGTERM
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of(), listing());
        } finally {
            p.destroyForcibly();
        }
    }
}
