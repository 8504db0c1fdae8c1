package dev.lore.spark;

import dev.lore.compress.Provenance;
import dev.lore.compress.Source;
import dev.lore.compress.StreamingLoreWriter;
import dev.lore.linalg.ReconstructionErrorAccumulator;
import dev.lore.linalg.RowProjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The second pass over one partition: every block's rows of {@code A = E V_r} (with the
 * placement's scaling), their error against {@code E}, and either the words and {@code A} for the
 * driver or a part file in a directory (written atomically, with the table's {@code B} and
 * singular values).
 */
final class PassTwo {

    private PassTwo() {}

    /**
     * Runs over one partition.
     *
     * @param partition the partition's index
     * @param blocks its rows
     * @param f the broadcast factors
     * @param b the factor {@code B}, as the driver computed it
     * @param rows the rows pass one counted in it
     * @param vocabularyBytes the bytes its words take, as pass one counted them
     * @param firstRow its first row in the table
     * @param dir where to write its part file, or null to return its rows
     */
    static Iterator<PartOut> run(int partition, Iterator<RowBlock> blocks, FactorParts f, float[] b, long rows,
            long vocabularyBytes, long firstRow, long tableRows, String dir) throws IOException {
        RowProjector p = f.projector();
        int r = f.rank();
        int d = f.dimension();
        ReconstructionErrorAccumulator err = ReconstructionErrorAccumulator.create(b, r, d);
        List<String> words = dir == null ? new ArrayList<>() : null;
        float[] a = dir == null ? new float[Math.toIntExact(Math.multiplyExact(rows, (long) r))] : null;
        StreamingLoreWriter writer = null;
        Path target = null;
        long seen = 0;
        try {
            if (dir != null && rows > 0) {
                target = Paths.get(dir).resolve(LoreParts.partName(partition));
                writer = StreamingLoreWriter.create(target, Math.toIntExact(rows), d, r, vocabularyBytes);
            }
            while (blocks.hasNext()) {
                RowBlock block = blocks.next();
                int n = block.count();
                if (seen + n > rows) {
                    throw new IllegalStateException("partition " + partition + " has more than the " + rows
                            + " rows the first pass counted: the input changed between the passes");
                }
                float[] e = block.values();
                float[] out = p.project(e, 0, n);
                for (int k = 0; k < out.length; k++) {
                    if (!Float.isFinite(out[k])) {
                        throw new BadRowException(block.where(k / r) + ": its row of A overflows float:"
                                + " the vectors are too large");
                    }
                }
                err.add(e, 0, out, 0, n);
                if (writer != null) {
                    writer.rows(block.words(), out, n);
                } else {
                    System.arraycopy(out, 0, a, Math.toIntExact(seen * r), n * r);
                    words.addAll(Arrays.asList(block.words()).subList(0, n));
                }
                seen += n;
            }
            if (seen != rows) {
                throw new IllegalStateException("partition " + partition + " has " + seen + " rows, the first pass"
                        + " counted " + rows + ": the input changed between the passes");
            }
            if (writer == null) {
                return List.of(new PartOut(partition, seen, err.squaredResidual(), err.squaredNorm(),
                        err.maxAbsError(), dir == null ? words.toArray(new String[0]) : null, a, null, 0, 0))
                        .iterator();
            }
            Provenance prov = Provenance.of(new Source(f.sourceName(), f.sourceSha256()), f.method(), f.rankRule(),
                            f.placement().label(), f.seed())
                    .withExtra("route", "spark")
                    .withExtra("part.index", Integer.toString(partition))
                    .withExtra("part.first_row", Long.toString(firstRow))
                    .withExtra("part.table_rows", Long.toString(tableRows))
                    .withExtra("part.error.relative", Double.toString(err.result().relativeError()));
            writer.finish(f.singularValues(), prov, b);
            writer.close();
            writer = null;
            return List.of(new PartOut(partition, seen, err.squaredResidual(), err.squaredNorm(), err.maxAbsError(),
                    null, null, target.getFileName().toString(), Files.size(target), LoreParts.crc32c(target)))
                    .iterator();
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
