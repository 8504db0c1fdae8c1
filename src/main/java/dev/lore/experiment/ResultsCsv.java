package dev.lore.experiment;

import dev.lore.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Experiment rows as CSV (RFC 4180: comma-separated, fields holding a comma, quote or line break
 * quoted with quotes doubled, CRLF-free: lines end with LF). One header line, then one line per
 * {@link RunResult}. Numbers: integers in decimal, reals as {@link Double#toString} (they read
 * back to the same double), {@code NaN} as an empty field.
 */
public final class ResultsCsv {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("dataset", "model", "method", "compression", "rank", "bits",
            "seed", "schedule", "vocabulary_size", "dimension", "embedding_params", "embedding_bytes",
            "byte_compression", "compression_error", "dev_accuracy", "test_accuracy", "pretrain_dev_accuracy",
            "pretrain_epochs", "epochs", "best_epoch", "train_seconds", "ratio", "target_ratio", "recipe");

    private ResultsCsv() {}

    /**
     * The CSV text of some rows.
     *
     * @param rows the rows, in the order of the lines
     * @return the header line ({@link #COLUMNS}) and one line per row, each ending with a line feed
     */
    public static String format(List<RunResult> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", COLUMNS)).append('\n');
        for (RunResult r : rows) {
            List<String> fields = List.of(r.dataset(), r.model(), r.method().label(), real(r.compression()),
                    Integer.toString(r.rank()), Integer.toString(r.bits()), Long.toString(r.seed()), r.schedule(),
                    Integer.toString(r.vocabularySize()), Integer.toString(r.dimension()),
                    Long.toString(r.embeddingParameters()), Long.toString(r.embeddingBytes()),
                    real(r.byteCompression()), real(r.compressionError()), real(r.devAccuracy()),
                    real(r.testAccuracy()), real(r.pretrainDevAccuracy()), Integer.toString(r.pretrainEpochs()),
                    Integer.toString(r.epochs()), Integer.toString(r.bestEpoch()), real(r.trainSeconds()),
                    real(r.ratio()), real(r.targetRatio()), r.recipe());
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(fields.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #format} to {@code file} atomically.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param rows the rows, one line each, in order
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public static void write(Path file, List<RunResult> rows) throws IOException {
        AtomicFiles.write(file, format(rows));
    }

    static String real(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
