package dev.lore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoreCommandTest {

    @Test
    void fileSystemErrorsShowThePathAndTheReason() {
        assertEquals("/data/g.txt: no such file", LoreCommand.describe(new NoSuchFileException("/data/g.txt")));
        assertEquals("/out/m.lorem: permission denied",
                LoreCommand.describe(new AccessDeniedException("/out/m.lorem")));
        assertEquals("res.md: file exists", LoreCommand.describe(new FileAlreadyExistsException("res.md")));
        assertEquals("/out: read-only file system",
                LoreCommand.describe(new FileSystemException("/out", null, "Read-only file system")));
        assertEquals("/out: output directory does not exist",
                LoreCommand.describe(new NoSuchFileException("/out", null, "output directory does not exist")));
        assertEquals("g.txt: no such file",
                LoreCommand.describe(new UncheckedIOException(new NoSuchFileException("g.txt"))));
    }

    @Test
    void temporaryFilesOfAtomicWritesAreNamedByTheirTarget() {
        assertEquals("/out/e.lore: permission denied",
                LoreCommand.describe(new AccessDeniedException("/out/.e.lore.3f9a0c1d2b4e5f60.tmp")));
        assertEquals("/out/e.lore: is a directory", LoreCommand.describe(
                new FileSystemException("/out/.e.lore.3f9a.tmp", "/out/e.lore", "Is a directory")));
        assertEquals("/out/plot.png: no such file",
                LoreCommand.describe(new NoSuchFileException("/out/.plot.png.42a7.tmp")));
        assertEquals("no space left writing /d/x.txt.gz (disk full)",
                LoreCommand.describe(new IOException("no space left writing /d/.x.txt.gz.ab12.tmp (disk full)")));
        assertEquals("a.b.c: no such file", LoreCommand.describe(new NoSuchFileException(".a.b.c.1234.tmp")));
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        assertEquals("glove.txt:3: not a number: 'x'", LoreCommand.describe(new IOException("glove.txt:3: not a number: 'x'")));
        assertEquals("IllegalStateException", LoreCommand.describe(new IllegalStateException()));
        assertEquals("/tmp/.hidden: x", LoreCommand.describe(new IOException("/tmp/.hidden: x")));
    }

    @Test
    void aFailedAtomicWriteNamesTheTargetNotItsTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("results.md"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, "table"));
        String message = LoreCommand.describe(e);
        assertTrue(message.startsWith(target + ": "), message);
        assertFalse(message.contains(".tmp"), message);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temporary file is removed");
        }
    }

    @Test
    void runtimeFailuresExitWithCode1AndOneLine(@TempDir Path dir) {
        CliRun run = CliRun.of("inspect", dir.resolve("none.lore").toString());
        assertEquals(LoreCommand.EXIT_FAILURE, run.exitCode());
        assertEquals("lore inspect: error: input file not found: " + dir.resolve("none.lore") + System.lineSeparator(),
                run.err());
    }
}
