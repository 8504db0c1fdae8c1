package dev.lore.compress;

import dev.lore.CreationTime;
import dev.lore.LoreVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a compressed embedding was made. Stored in the {@code .lore} file as text entries.
 *
 * @param source the source file, or {@link Source#none()}
 * @param method the factorization, e.g. {@code gram-mixed}, or {@code none} for a dense matrix
 * @param rankRule the rank rule, e.g. {@code compression 0.9}, or empty
 * @param placement where the singular values went ({@link Placement#label()}), or empty
 * @param seed the random seed used (0 when nothing was random)
 * @param loreVersion version of lore that wrote it
 * @param created when it was made
 * @param extra further entries (e.g. figures of the compression report), keys not among
 *     {@link #STANDARD_KEYS}; kept sorted by key
 */
public record Provenance(Source source, String method, String rankRule, String placement, long seed,
        String loreVersion, Instant created, Map<String, String> extra) {

    /** Longest text, in UTF-8 bytes, of any key or value. */
    public static final int MAX_TEXT_BYTES = 65535;
    /** Most {@link #extra} entries. */
    public static final int MAX_EXTRA = 256;
    /** Keys of the standard entries. */
    public static final Set<String> STANDARD_KEYS = Set.of("source", "source.sha256", "method",
            "rank.rule", "placement", "seed", "lore.version", "created");

    /** @throws IllegalArgumentException if a text is too long or an extra key is empty or standard */
    public Provenance {
        Objects.requireNonNull(source, "source");
        checkText("method", method);
        checkText("rankRule", rankRule);
        checkText("placement", placement);
        checkText("loreVersion", loreVersion);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(extra, "extra");
        if (extra.size() > MAX_EXTRA) {
            throw new IllegalArgumentException("at most " + MAX_EXTRA + " extra entries, got " + extra.size());
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : extra.entrySet()) {
            checkText("extra key", e.getKey());
            checkText("extra value", e.getValue());
            if (e.getKey().isEmpty() || STANDARD_KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("extra key must be non-empty and not a standard key, got '"
                        + e.getKey() + "'");
            }
            copy.put(e.getKey(), e.getValue());
        }
        extra = Collections.unmodifiableSortedMap(copy);
        checkText("source name", source.name());
    }

    /** Provenance of work done now by this version of lore, with no extra entries. */
    public static Provenance of(Source source, String method, String rankRule, String placement, long seed) {
        return new Provenance(source, method, rankRule, placement, seed, LoreVersion.get(), CreationTime.now(), Map.of());
    }

    /** A copy with one more (or a replaced) extra entry. */
    public Provenance withExtra(String key, String value) {
        Map<String, String> m = new TreeMap<>(extra);
        m.put(key, value);
        return new Provenance(source, method, rankRule, placement, seed, loreVersion, created, m);
    }

    /** All entries, standard and extra, as written to a file: sorted by key. */
    public SortedMap<String, String> entries() {
        SortedMap<String, String> m = new TreeMap<>(extra);
        m.put("source", source.name());
        m.put("source.sha256", source.sha256());
        m.put("method", method);
        m.put("rank.rule", rankRule);
        m.put("placement", placement);
        m.put("seed", Long.toString(seed));
        m.put("lore.version", loreVersion);
        m.put("created", created.toString());
        return m;
    }

    private static void checkText(String what, String s) {
        Objects.requireNonNull(s, what);
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_TEXT_BYTES + " UTF-8 bytes");
        }
    }
}
