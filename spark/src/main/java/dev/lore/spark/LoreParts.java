package dev.lore.spark;

import dev.lore.AtomicFiles;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.LoreFile;
import dev.lore.compress.Provenance;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A compressed table stored as a directory of part files: {@code part-NNNNN.lore}, each a valid
 * low-rank {@code .lore} file of consecutive rows with the table's shared factor {@code B} and
 * singular values, and a {@value #MANIFEST} listing them.
 *
 * <p><b>Manifest</b> (UTF-8 text, one record a line, fields separated by a tab):
 * <pre>
 * lore-parts  1                       format name and version
 * rows        V                       rows of the table
 * dimension   d
 * rank        r
 * error       relative  maxAbs        the table's measured error, as Double.toString
 * parts       N
 * part        file  firstRow  rows  bytes  crc32c      N lines, in row order
 * end         crc32c                  CRC32C of every byte before this line, 8 hex digits
 * </pre>
 * A part's {@code crc32c} is that of the whole file, 8 lower-case hex digits. The rows of part
 * {@code k} are rows {@code [firstRow, firstRow + rows)} of the table; the parts cover
 * {@code [0, V)} in order. Reading checks the manifest's own checksum, then each part's size,
 * checksum, shape and first row, and that every part has the same {@code B} and singular values.
 *
 * <p>Stateless: every method may be called from any thread.
 */
public final class LoreParts {

    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.tsv";
    /** The manifest format this code writes and reads. */
    public static final int VERSION = 1;
    private static final String MAGIC = "lore-parts";

    private LoreParts() {}

    /**
     * One part file.
     *
     * @param file its name in the directory
     * @param firstRow its first row in the table, {@code >= 0}
     * @param rows its rows, {@code >= 1}
     * @param bytes its size
     * @param crc32c the CRC32C of its bytes
     */
    public record Part(String file, long firstRow, long rows, long bytes, long crc32c) {
        /**
         * Validates.
         *
         * @param file a plain file name (no directory), not null
         * @param firstRow {@code >= 0}
         * @param rows {@code >= 1}
         * @param bytes {@code >= 1}
         * @param crc32c in {@code [0, 2^32)}
         */
        public Part {
            Objects.requireNonNull(file, "file");
            if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")
                    || file.contains("\t") || file.contains("\n")) {
                throw new IllegalArgumentException("a part's file must be a plain name, got '" + file + "'");
            }
            if (firstRow < 0 || rows < 1 || bytes < 1 || crc32c < 0 || crc32c > 0xffffffffL) {
                throw new IllegalArgumentException("invalid part " + file + ": first row " + firstRow + ", rows "
                        + rows + ", bytes " + bytes + ", crc " + crc32c);
            }
        }
    }

    /**
     * The manifest of a parts directory.
     *
     * @param rows {@code V >= 1}
     * @param dimension {@code d >= 1}
     * @param rank {@code r} in {@code [1, min(V, d)]}
     * @param relativeError the table's measured relative error, finite, {@code >= 0}
     * @param maxAbsError the table's largest absolute error, finite, {@code >= 0}
     * @param parts the parts, covering rows {@code [0, V)} in order
     */
    public record Manifest(long rows, int dimension, int rank, double relativeError, double maxAbsError,
            List<Part> parts) {
        /**
         * Validates and copies.
         *
         * @param rows as above
         * @param dimension as above
         * @param rank as above
         * @param relativeError as above
         * @param maxAbsError as above
         * @param parts as above
         * @throws IllegalArgumentException if a value is out of range or the parts do not cover the
         *     rows in order
         */
        public Manifest {
            parts = List.copyOf(parts);
            if (rows < 1 || dimension < 1 || rank < 1 || rank > Math.min(rows, dimension)) {
                throw new IllegalArgumentException("invalid shape " + rows + " x " + dimension + " rank " + rank);
            }
            if (!(relativeError >= 0) || !(maxAbsError >= 0) || Double.isInfinite(relativeError + maxAbsError)) {
                throw new IllegalArgumentException("errors must be finite and >= 0, got " + relativeError + " and "
                        + maxAbsError);
            }
            long next = 0;
            for (Part p : parts) {
                if (p.firstRow() != next) {
                    throw new IllegalArgumentException("part " + p.file() + " starts at row " + p.firstRow()
                            + ", expected " + next);
                }
                next += p.rows();
            }
            if (next != rows) {
                throw new IllegalArgumentException("the parts hold " + next + " rows, the table " + rows);
            }
        }
    }

    /**
     * The name of partition {@code index}'s part file.
     *
     * @param index {@code >= 0}
     * @return {@code part-NNNNN.lore}
     */
    static String partName(int index) {
        return String.format(Locale.ROOT, "part-%05d.lore", index);
    }

    /**
     * Writes the manifest into {@code dir}, atomically.
     *
     * @param dir the parts directory, existing
     * @param manifest the manifest
     * @throws IOException if writing fails
     */
    public static void writeManifest(Path dir, Manifest manifest) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(MAGIC).append('\t').append(VERSION).append('\n');
        s.append("rows\t").append(manifest.rows()).append('\n');
        s.append("dimension\t").append(manifest.dimension()).append('\n');
        s.append("rank\t").append(manifest.rank()).append('\n');
        s.append("error\t").append(manifest.relativeError()).append('\t').append(manifest.maxAbsError()).append('\n');
        s.append("parts\t").append(manifest.parts().size()).append('\n');
        for (Part p : manifest.parts()) {
            s.append("part\t").append(p.file()).append('\t').append(p.firstRow()).append('\t').append(p.rows())
                    .append('\t').append(p.bytes()).append('\t').append(hex(p.crc32c())).append('\n');
        }
        CRC32C crc = new CRC32C();
        crc.update(s.toString().getBytes(StandardCharsets.UTF_8));
        s.append("end\t").append(hex(crc.getValue())).append('\n');
        AtomicFiles.write(dir.resolve(MANIFEST), s.toString());
    }

    /**
     * Reads and checks a manifest.
     *
     * @param dir the parts directory
     * @return the manifest
     * @throws PartsFormatException if it is malformed, naming the manifest and line
     * @throws IOException if it cannot be read
     */
    public static Manifest readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new PartsFormatException(file + ": no manifest; " + dir + " is not a lore parts directory");
        }
        byte[] all = Files.readAllBytes(file);
        String text = new String(all, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int at = 0;
        try {
            String[] head = field(file, lines, at++, MAGIC, 2);
            if (!head[1].equals(Integer.toString(VERSION))) {
                throw new PartsFormatException(file + ":1: manifest version " + head[1] + ", this lore reads "
                        + VERSION);
            }
            long rows = Long.parseLong(field(file, lines, at++, "rows", 2)[1]);
            int d = Integer.parseInt(field(file, lines, at++, "dimension", 2)[1]);
            int r = Integer.parseInt(field(file, lines, at++, "rank", 2)[1]);
            String[] e = field(file, lines, at++, "error", 3);
            int n = Integer.parseInt(field(file, lines, at++, "parts", 2)[1]);
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String[] p = field(file, lines, at++, "part", 6);
                parts.add(new Part(p[1], Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]),
                        Long.parseLong(p[5], 16)));
            }
            int endStart = 0;
            for (int i = 0; i < at; i++) {
                endStart += lines[i].getBytes(StandardCharsets.UTF_8).length + 1;
            }
            String[] end = field(file, lines, at++, "end", 2);
            CRC32C crc = new CRC32C();
            crc.update(all, 0, endStart);
            if (Long.parseLong(end[1], 16) != crc.getValue()) {
                throw new PartsFormatException(file + ":" + at + ": checksum mismatch: the manifest is corrupt");
            }
            return new Manifest(rows, d, r, Double.parseDouble(e[1]), Double.parseDouble(e[2]), parts);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException ex) {
            throw new PartsFormatException(file + ":" + at + ": malformed line: " + ex.getMessage());
        } catch (IllegalArgumentException ex) {
            throw new PartsFormatException(file + ": " + ex.getMessage());
        }
    }

    private static String[] field(Path file, String[] lines, int at, String key, int count)
            throws PartsFormatException {
        if (at >= lines.length) {
            throw new PartsFormatException(file + ":" + (at + 1) + ": the manifest ends early, expected '" + key + "'");
        }
        String[] f = lines[at].split("\t", -1);
        if (!f[0].equals(key) || f.length != count) {
            throw new PartsFormatException(file + ":" + (at + 1) + ": expected '" + key + "' with " + (count - 1)
                    + " value(s), got '" + lines[at] + "'");
        }
        return f;
    }

    /**
     * Opens a {@code .lore} file, or a parts directory as one embedding.
     *
     * @param path a {@code .lore} file, or a directory written by {@link SparkCompressor}
     * @return the embedding: for a directory, every part's rows in order, the shared {@code B} and
     *     singular values, and the first part's provenance with the table's error
     * @throws PartsFormatException if the manifest or a part disagrees with the other
     * @throws IOException if a file cannot be read or is not a valid {@code .lore} file
     */
    public static CompressedEmbedding read(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return LoreFile.read(path);
        }
        Manifest m = readManifest(path);
        int v = Math.toIntExact(m.rows());
        int r = m.rank();
        float[] a = new float[Math.multiplyExact(v, r)];
        List<String> words = new ArrayList<>(v);
        CompressedEmbedding first = null;
        float[] b = null;
        for (Part p : m.parts()) {
            Path f = path.resolve(p.file());
            checkFile(f, p);
            CompressedEmbedding e = LoreFile.read(f);
            if (e.kind() != CompressedEmbedding.Kind.LOW_RANK || e.size() != p.rows() || e.dimension() != m.dimension()
                    || e.rank() != r) {
                throw new PartsFormatException(f + ": a " + e.kind() + " " + e.size() + " x " + e.dimension()
                        + " rank " + e.rank() + " embedding, the manifest says low rank " + p.rows() + " x "
                        + m.dimension() + " rank " + r);
            }
            float[] pb = e.b().orElseThrow().toFloat().data().asFloat();
            if (first == null) {
                first = e;
                b = pb;
            } else if (!Arrays.equals(b, pb) || !Arrays.equals(first.singularValues(), e.singularValues())) {
                throw new PartsFormatException(f + ": its factor B or singular values differ from "
                        + m.parts().get(0).file() + "'s");
            }
            StoredMatrix pa = e.a();
            int base = Math.toIntExact(p.firstRow());
            for (int i = 0; i < e.size(); i++) {
                pa.row(i, a, (base + i) * r);
                words.add(e.vocabulary().word(i));
            }
        }
        Provenance prov = first.provenance();
        prov = new Provenance(prov.source(), prov.method(), prov.rankRule(), prov.placement(), prov.seed(),
                prov.loreVersion(), prov.created(), withoutPartKeys(prov))
                .withExtra("error.relative", Double.toString(m.relativeError()));
        return CompressedEmbedding.lowRank(Vocabulary.of(words),
                StoredMatrix.of(Nd4j.create(a, new long[] {v, r}, 'c').castTo(DataType.FLOAT)),
                first.b().orElseThrow(), first.singularValues(), prov);
    }

    private static java.util.Map<String, String> withoutPartKeys(Provenance p) {
        java.util.Map<String, String> m = new java.util.TreeMap<>(p.extra());
        m.keySet().removeIf(k -> k.startsWith("part."));
        return m;
    }

    /** Checks a part's size and checksum against the manifest. */
    private static void checkFile(Path f, Part p) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new PartsFormatException(f + ": missing part file");
        }
        long size = Files.size(f);
        if (size != p.bytes()) {
            throw new PartsFormatException(f + ": " + size + " bytes, the manifest says " + p.bytes());
        }
        long crc = crc32c(f);
        if (crc != p.crc32c()) {
            throw new PartsFormatException(f + ": checksum " + hex(crc) + ", the manifest says " + hex(p.crc32c()));
        }
    }

    /**
     * The CRC32C of a file's bytes.
     *
     * @param f the file
     * @return the checksum, in {@code [0, 2^32)}
     * @throws IOException if it cannot be read
     */
    static long crc32c(Path f) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }
}
