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

    /**
     * Validates the texts and copies {@code extra} into an unmodifiable sorted map.
     *
     * @param source not null; its name at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @param method not null, at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @param rankRule not null, at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @param placement not null, at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @param seed any value
     * @param loreVersion not null, at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @param created not null
     * @param extra at most {@value #MAX_EXTRA} entries, keys non-empty and not in {@link
     *     #STANDARD_KEYS}, keys and values not null and at most {@value #MAX_TEXT_BYTES} UTF-8 bytes;
     *     copied
     * @throws IllegalArgumentException if a text is too long, there are too many extra entries, or
     *     an extra key is empty or standard
     * @throws NullPointerException if a component, an extra key or an extra value is null
     */
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

    /**
     * Provenance of work done now by this version of lore, with no extra entries.
     *
     * @param source the source file, or {@link Source#none()}
     * @param method the factorization, or {@code none}
     * @param rankRule the rank rule's {@link dev.lore.linalg.RankRule#describe()}, or empty
     * @param placement the placement's {@link Placement#label()}, or empty
     * @param seed the random seed used (0 when nothing was random)
     * @return provenance with {@link LoreVersion#get()} and {@link CreationTime#now()}
     * @throws IllegalArgumentException if a text is too long
     * @throws IllegalStateException if {@code SOURCE_DATE_EPOCH} is set to an invalid value
     */
    public static Provenance of(Source source, String method, String rankRule, String placement, long seed) {
        return new Provenance(source, method, rankRule, placement, seed, LoreVersion.get(), CreationTime.now(), Map.of());
    }

    /**
     * A copy with one more (or a replaced) extra entry; this instance is unchanged.
     *
     * @param key non-empty, not in {@link #STANDARD_KEYS}, at most {@value #MAX_TEXT_BYTES} UTF-8
     *     bytes
     * @param value not null, at most {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @return the new provenance
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Provenance withExtra(String key, String value) {
        Map<String, String> m = new TreeMap<>(extra);
        m.put(key, value);
        return new Provenance(source, method, rankRule, placement, seed, loreVersion, created, m);
    }

    /**
     * All entries, standard and extra, as written to a file.
     *
     * @return a new, modifiable map sorted by key: the {@link #STANDARD_KEYS} ({@code created} in
     *     ISO-8601, {@code seed} in decimal) and every extra entry
     */
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
