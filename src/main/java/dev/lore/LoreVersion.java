package dev.lore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this library, as recorded in the files it writes. */
public final class LoreVersion {

    private static final String VERSION = load();

    private LoreVersion() {}

    /**
     * The Maven version of lore, read once from the class path. Thread-safe.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the jar holds no version
     */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LoreVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lore version.properties", e);
        }
    }
}
