package dev.lore.compress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where an embedding came from, as recorded in provenance.
 *
 * @param name file name (without directories), or empty when not read from a file
 * @param sha256 SHA-256 of the file's bytes as 64 lower-case hex digits, or empty when unknown
 */
public record Source(String name, String sha256) {

    /**
     * Validates the digest.
     *
     * @param name file name, or empty; not null
     * @param sha256 64 lower-case hex digits, or empty; not null
     * @throws IllegalArgumentException if {@code sha256} is neither empty nor 64 lower-case hex digits
     * @throws NullPointerException if a component is null
     */
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.isEmpty() && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be empty or 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }

    /**
     * No source file (e.g. an embedding layer of a model).
     *
     * @return a source with an empty name and an empty digest
     */
    public static Source none() {
        return new Source("", "");
    }

    /**
     * The file's name and the SHA-256 of its bytes (as stored, e.g. still gzipped).
     *
     * @param file the file, read once from start to end
     * @return its name without directories, and the digest of its bytes
     * @throws IOException if it cannot be read
     */
    public static Source of(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return new Source(file.getFileName().toString(), HexFormat.of().formatHex(digest.digest()));
    }
}
