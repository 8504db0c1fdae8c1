package dev.lore.train;

import dev.lore.nn.AdamConfig;

/**
 * The default training hyper-parameters of each architecture, chosen on dev accuracy of SST-2,
 * TREC-6 and MR (docs/design/train.md has the grid, the commands and the figures).
 */
public final class TrainingDefaults {

    /** Examples per mini-batch (Kim, 2014; Acharya et al.). */
    public static final int BATCH_SIZE = 50;

    private TrainingDefaults() {}

    /** Adam for every phase: betas 0.9 and 0.999, ND4J form, epsilon {@link #adamEpsilon}. */
    public static AdamConfig adam(Architecture architecture) {
        return new AdamConfig(0.9, 0.999, adamEpsilon(architecture), AdamConfig.Form.ND4J);
    }

    /** Adam's epsilon. */
    public static double adamEpsilon(Architecture architecture) {
        return 1e-8;
    }

    /** The schedule of pre-training (and of offline training from scratch). */
    public static ScheduleSpec.Family pretrainingSchedule(Architecture architecture) {
        return new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 1e-2, 1e-8, 0.5, 0.1, 1);
    }

    /** The schedule of fine-tuning. */
    public static ScheduleSpec.Family fineTuningSchedule(Architecture architecture) {
        return new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 1e-2, 1e-6, 0.5, 0.1, 1);
    }

    /** Pre-training: the full model from its initial embedding. */
    public static TrainerConfig pretraining(Architecture architecture, long seed) {
        boolean lstm = architecture instanceof Architecture.Lstm;
        return new TrainerConfig(BATCH_SIZE, lstm ? 10 : 20, lstm ? 5 : 10, pretrainingSchedule(architecture),
                adam(architecture), seed);
    }

    /** Fine-tuning after a compression (and the extra epochs of the uncompressed baseline). */
    public static TrainerConfig fineTuning(Architecture architecture, long seed) {
        boolean lstm = architecture instanceof Architecture.Lstm;
        return new TrainerConfig(BATCH_SIZE, lstm ? 5 : 10, lstm ? 5 : 10, fineTuningSchedule(architecture),
                adam(architecture), seed);
    }
}
