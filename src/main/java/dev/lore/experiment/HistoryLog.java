package dev.lore.experiment;

import dev.lore.AtomicFiles;
import dev.lore.train.EpochRecord;
import dev.lore.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training histories as JSON lines: one object per training phase with its identification, the
 * resolved schedule, the dev accuracy before training, the kept epoch, and per epoch the mean
 * training loss, the last learning rate, the dev accuracy and the seconds.
 */
public final class HistoryLog {

    private HistoryLog() {}

    /**
     * The JSON lines of some training phases.
     *
     * @param records the phases, in the order of the lines
     * @return one line per record, each ending with a line feed; non-finite numbers as {@code null}
     */
    public static String format(List<TrainingRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (TrainingRecord t : records) {
            TrainingResult r = t.result();
            sb.append("{\"dataset\":").append(string(t.dataset()))
                    .append(",\"model\":").append(string(t.model()))
                    .append(",\"seed\":").append(t.seed())
                    .append(",\"phase\":").append(string(t.phase()))
                    .append(",\"compression\":").append(number(t.compression()))
                    .append(",\"schedule\":").append(string(t.schedule()))
                    .append(",\"initial_dev_accuracy\":").append(number(r.initialDevAccuracy()))
                    .append(",\"best_epoch\":").append(r.bestEpoch())
                    .append(",\"best_dev_accuracy\":").append(number(r.bestDevAccuracy()))
                    .append(",\"stopped_early\":").append(r.stoppedEarly())
                    .append(",\"iterations\":").append(r.iterations())
                    .append(",\"seconds\":").append(number(r.seconds()))
                    .append(",\"epochs\":[");
            for (int i = 0; i < r.history().size(); i++) {
                EpochRecord e = r.history().get(i);
                sb.append(i == 0 ? "" : ",").append("{\"epoch\":").append(e.epoch())
                        .append(",\"train_loss\":").append(number(e.trainLoss()))
                        .append(",\"learning_rate\":").append(number(e.learningRate()))
                        .append(",\"dev_accuracy\":").append(number(e.devAccuracy()))
                        .append(",\"seconds\":").append(number(e.seconds())).append('}');
            }
            sb.append("]}\n");
        }
        return sb.toString();
    }

    /**
     * Writes {@link #format} to {@code file} atomically.
     *
     * @param file the target, created or replaced; its directory must exist
     * @param records the phases
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public static void write(Path file, List<TrainingRecord> records) throws IOException {
        AtomicFiles.write(file, format(records));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
