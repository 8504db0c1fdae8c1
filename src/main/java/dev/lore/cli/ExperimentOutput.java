package dev.lore.cli;

import dev.lore.experiment.Experiment;
import dev.lore.experiment.HistoryLog;
import dev.lore.experiment.ResultsCsv;
import dev.lore.experiment.ResultsMarkdown;
import dev.lore.experiment.RunResult;
import dev.lore.experiment.TrainingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of an experiment directory, rewritten (atomically) after every run so that an
 * interrupted experiment leaves valid files with the runs done so far: {@value #CSV},
 * {@value #MARKDOWN}, {@value #HISTORIES} and, at the end, {@value #PLOT}.
 */
final class ExperimentOutput implements Experiment.Listener {

    static final String CSV = "results.csv";
    static final String MARKDOWN = "results.md";
    static final String HISTORIES = "histories.jsonl";
    static final String PLOT = "accuracy-vs-compression.png";

    private final Path dir;
    private final List<RunResult> rows = new ArrayList<>();
    private final List<TrainingRecord> records = new ArrayList<>();

    ExperimentOutput(Path dir) {
        this.dir = dir;
    }

    List<RunResult> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void onRun(RunResult result) {
        rows.add(result);
        try {
            ResultsCsv.write(dir.resolve(CSV), rows);
            ResultsMarkdown.write(dir.resolve(MARKDOWN), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onTraining(TrainingRecord record) {
        records.add(record);
        try {
            HistoryLog.write(dir.resolve(HISTORIES), records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the plot of every row so far. */
    void finish() throws IOException {
        ResultPlots.write(rows, dir.resolve(PLOT));
    }
}
