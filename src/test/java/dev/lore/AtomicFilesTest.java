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
        assertSame(boom, e);
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
}
