package dev.lore.compress;

import dev.lore.ProgressListener;
import dev.lore.io.EmbeddingReader;
import dev.lore.io.ReadOptions;
import dev.lore.linalg.GramAccumulator;
import dev.lore.linalg.GramPrecision;
import dev.lore.linalg.GramSpectrum;
import dev.lore.linalg.ReconstructionError;
import dev.lore.linalg.ReconstructionErrorAccumulator;
import dev.lore.linalg.RowProjector;
import dev.lore.linalg.SvdMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Compresses an embedding file that need not fit in memory, in two passes over the file
 * (docs/design/streaming.md):
 *
 * <ol>
 *   <li>the rows stream through a {@link GramAccumulator}, giving {@code G = E^T E} in double; its
 *       {@link GramSpectrum} gives the singular values, the rank and {@code V_r};
 *   <li>the rows stream again: each block becomes its rows of {@code A} ({@link GramFactors}),
 *       written at once to the output, and its error is measured
 *       ({@link ReconstructionErrorAccumulator}); {@code B} follows.
 * </ol>
 *
 * <p>The result is that of {@link EmbeddingCompressor} with the same spec on the same rows: the
 * same Gram matrix bit for bit (the blocks are the in-memory route's), hence the same rank and
 * {@code V_r}; {@code A} and {@code B} computed with the same roundings; the same error measure.
 * The one difference: the kept singular values (which scale {@code A} and {@code B}) are
 * {@code sqrt(lambda_j)} of the Gram matrix here, {@code ||E v_j||} in memory, which agree to
 * about {@code eps_G s_1^2 / s_j^2} (2-4e-8 on the GloVe slice).
 *
 * <p>Peak heap: the {@code d x d} Gram matrix, a block of rows per pass, the parser's chunks in
 * flight, and the distinct words of the file (to drop duplicates as the in-memory reader does);
 * never the vectors or {@code A}. The output is written by {@link StreamingLoreWriter}.
 *
 * <p>Supported: the Gram method ({@link GramPrecision#MIXED} or {@link GramPrecision#DOUBLE})
 * without quantization. Stateless: concurrent calls do not interfere.
 */
public final class StreamingCompressor {

    private StreamingCompressor() {}

    /**
     * What {@link #compress} cannot do, or null if it can: the reason, naming the option.
     *
     * @param spec the compression, not null
     * @return null, or why the streaming route refuses {@code spec}
     * @throws NullPointerException if {@code spec} is null
     */
    public static String unsupported(CompressionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.budget() != null) {
            return "the streaming route does not search a byte budget yet (--target-ratio, --max-bytes)";
        }
        if (spec.productQuantization() != null) {
            return "the streaming route does not product-quantize yet (--scheme pq, lowrank-pq)";
        }
        if (spec.isDense()) {
            return "the streaming route factorizes; keeping the full matrix (--full) is not supported";
        }
        if (spec.quantization() != null) {
            return "the streaming route does not quantize yet (--quantize-bits)";
        }
        if (!(spec.method() instanceof SvdMethod.Gram g) || g.precision() == GramPrecision.FLOAT) {
            return "the streaming route uses the Gram method with precision mixed or double, got "
                    + spec.method();
        }
        return null;
    }

    /**
     * Compresses {@code input} into the {@code .lore} file {@code output}, atomically.
     *
     * @param input the embedding file (GloVe or word2vec text, word2vec binary, gzip or not); read
     *     twice, so it must not change meanwhile
     * @param options how to read it (format, {@code maxWords}, {@code keepOnly}, threads)
     * @param spec the compression; see {@link #unsupported}
     * @param source recorded in provenance
     * @param output the {@code .lore} file, created or replaced; not {@code input}
     * @param progress receives both passes' progress
     * @return the report, as {@link EmbeddingCompressor} gives it
     * @throws IllegalArgumentException if {@link #unsupported} refuses {@code spec}, the rank rule
     *     gives no valid rank, a word cannot be stored, or the values overflow
     * @throws dev.lore.io.EmbeddingFileException if the file is malformed (file and line named)
     * @throws IOException if reading or writing fails, or the file changed between the passes; the
     *     output is then unchanged
     * @throws NullPointerException if an argument is null
     */
    public static CompressionReport compress(Path input, ReadOptions options, CompressionSpec spec, Source source,
            Path output, ProgressListener progress) throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(progress, "progress");
        String refused = unsupported(spec);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (Files.exists(output) && Files.isSameFile(input, output)) {
            throw new IllegalArgumentException("the output " + output + " is the input");
        }
        long start = System.nanoTime();
        GramPrecision precision = ((SvdMethod.Gram) spec.method()).precision();

        // Pass 1: the Gram matrix, the vocabulary's size.
        PassOne one = new PassOne(precision);
        EmbeddingReader.Streamed first = EmbeddingReader.stream(input, options, one, progress);
        if (first == null || first.rows() == 0) {
            throw new IllegalArgumentException(input + ": no words to compress");
        }
        int v = Math.toIntExact(first.rows());
        int d = first.dimension();
        GramSpectrum spectrum = GramSpectrum.of(one.gram);
        int r = spectrum.rank(spec.rank());
        GramFactors factors = GramFactors.of(spectrum, r, spec.placement());
        double factorSeconds = (System.nanoTime() - start) / 1e9;

        // Pass 2: A block by block into the output, and the error.
        float[] b = factors.b();
        ReconstructionErrorAccumulator error = ReconstructionErrorAccumulator.create(b, r, d);
        RowProjector projector = factors.projector();
        double[] s = spectrum.singularValues();
        String method = spec.method().algorithm().name();
        ReconstructionError[] measured = new ReconstructionError[1];
        try (StreamingLoreWriter writer = StreamingLoreWriter.create(output, v, d, r, one.vocabularyBytes)) {
            EmbeddingReader.Streamed second = EmbeddingReader.stream(input, options, new EmbeddingReader.RowConsumer() {
                private long rows;

                @Override
                public void accept(String[] words, float[] values, int count) throws IOException {
                    if (rows + count > v) {
                        throw new IOException(input + " changed between the two passes: more than " + v + " words");
                    }
                    float[] a = projector.project(values, 0, count);
                    for (int k = 0; k < a.length; k++) {
                        if (!Float.isFinite(a[k])) {
                            throw new IllegalArgumentException("A[" + (rows + k / r) + "][" + k % r
                                    + "] overflows float: the vectors are too large");
                        }
                    }
                    error.add(values, 0, a, 0, count);
                    writer.rows(words, a, count);
                    rows += count;
                }
            }, progress);
            if (second.rows() != v || second.dimension() != d) {
                throw new IOException(input + " changed between the two passes: " + v + " x " + d + " then "
                        + second.rows() + " x " + second.dimension());
            }
            measured[0] = error.result();
            Provenance p = Provenance.of(source, method, spec.rank().describe(), spec.placement().label(), spec.seed())
                    .withExtra("error.relative", Double.toString(measured[0].relativeError()))
                    .withExtra("error.predicted", Double.toString(spectrum.predictedRelativeError(r)))
                    .withExtra("energy.kept", Double.toString(spectrum.keptEnergy(r)))
                    .withExtra("route", "streaming");
            writer.finish(s, p, b);
        }
        long original = Math.multiplyExact((long) v, d);
        long stored = (long) r * (v + d);
        return new CompressionReport(v, d, r, s, true, spectrum.keptEnergy(r), measured[0].relativeError(),
                measured[0].maxAbsError(), spectrum.predictedRelativeError(r), original, stored, 4 * original,
                4 * stored, method, factorSeconds, (System.nanoTime() - start) / 1e9);
    }

    /** The first pass: the Gram matrix, and the bytes the vocabulary will take. */
    private static final class PassOne implements EmbeddingReader.RowConsumer {
        private final GramPrecision precision;
        GramAccumulator gram;
        long vocabularyBytes;

        PassOne(GramPrecision precision) {
            this.precision = precision;
        }

        @Override
        public void start(int dimension) {
            gram = GramAccumulator.create(dimension, precision);
        }

        @Override
        public void accept(String[] words, float[] values, int count) {
            for (int i = 0; i < count; i++) {
                vocabularyBytes += 4 + StreamingLoreWriter.utf8(words[i], gram.rows() + i).length;
            }
            gram.add(values, 0, count);
            sample(values, count);
        }

        /**
         * The hook where product quantization draws its seeded sample of rows for the codebooks,
         * during this pass (the rows are not kept otherwise); nothing is drawn yet.
         */
        private void sample(float[] values, int count) {
            // no quantization on the streaming route yet: nothing to sample
        }
    }
}
