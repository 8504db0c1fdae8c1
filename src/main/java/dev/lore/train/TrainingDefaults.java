package dev.lore.train;

import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.schedule.Calr;

/**
 * The default training hyper-parameters of each architecture, chosen on dev accuracy of SST-2,
 * TREC-6 and MR (docs/design/train.md has the grid, the commands and the figures).
 */
public final class TrainingDefaults {

    /** Examples per mini-batch (Kim, 2014; Acharya et al.). */
    public static final int BATCH_SIZE = 50;

    private TrainingDefaults() {}

    /** Adam's epsilon in pre-training (and offline training): 1e-8, Kingma and Ba's default. */
    public static final double PRETRAINING_EPSILON = 1e-8;

    /** Adam's epsilon in fine-tuning: 0.01, the authors' value. */
    public static final double FINE_TUNING_EPSILON = AdamConfig.PAPER_EPSILON;

    /**
     * Adam of pre-training: betas 0.9 and 0.999, ND4J form, epsilon {@link #PRETRAINING_EPSILON}.
     *
     * @param architecture the model's architecture; today every architecture gets the same
     * @return the configuration
     */
    public static AdamConfig pretrainingAdam(Architecture architecture) {
        return new AdamConfig(0.9, 0.999, PRETRAINING_EPSILON, AdamConfig.Form.ND4J);
    }

    /**
     * Adam of fine-tuning: betas 0.9 and 0.999, ND4J form, epsilon {@link #FINE_TUNING_EPSILON}.
     *
     * @param architecture the model's architecture; today every architecture gets the same
     * @return the configuration
     */
    public static AdamConfig fineTuningAdam(Architecture architecture) {
        return new AdamConfig(0.9, 0.999, FINE_TUNING_EPSILON, AdamConfig.Form.ND4J);
    }

    /**
     * The schedule of pre-training (and of offline training from scratch): CALR with UB 0.01
     * (ten times the authors' 1e-3, which under-trains at these data sizes), LB 1e-8 (the authors'
     * pre-training bound), a half-cycle of half an epoch, UB divided by 10 every epoch.
     *
     * @param architecture the model's architecture; today every architecture gets the same
     * @return the CALR family
     */
    public static ScheduleSpec.Family pretrainingSchedule(Architecture architecture) {
        return new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, 1e-2, Calr.DEFAULT_LB_PRE_TRAINING, 0.5,
                Calr.DEFAULT_DECAY, 1);
    }

    /** The upper bound of fine-tuning: {@value}. */
    public static final double FINE_TUNING_UB = 3e-4;

    /**
     * The schedule of fine-tuning: CALR with UB {@link #FINE_TUNING_UB} (the authors used 1e-3), the
     * authors' LB 1e-6, a half-cycle of half an epoch, UB divided by 10 every epoch.
     *
     * @param architecture the model's architecture; today every architecture gets the same
     * @return the CALR family
     */
    public static ScheduleSpec.Family fineTuningSchedule(Architecture architecture) {
        return new ScheduleSpec.Family(ScheduleSpec.Kind.CALR, FINE_TUNING_UB, Calr.DEFAULT_LB_FINE_TUNING, 0.5,
                Calr.DEFAULT_DECAY, 1);
    }

    /**
     * Pre-training of the full model: DAN 30 epochs, patience 10; LSTM 10 epochs, patience 5.
     *
     * @param architecture the model's architecture: an {@link Architecture.Lstm} gets the LSTM's
     *     figures, any other the DAN's
     * @param seed seed of the batch order
     * @return the configuration, batches of {@value #BATCH_SIZE}
     */
    public static TrainerConfig pretraining(Architecture architecture, long seed) {
        boolean lstm = architecture instanceof Architecture.Lstm;
        return new TrainerConfig(BATCH_SIZE, lstm ? 10 : 30, lstm ? 5 : 10, pretrainingSchedule(architecture),
                pretrainingAdam(architecture), seed);
    }

    /**
     * Fine-tuning after a compression (and the extra epochs of the uncompressed baseline): DAN 20
     * epochs, patience 10; LSTM 6 epochs, patience 3.
     *
     * @param architecture the model's architecture: an {@link Architecture.Lstm} gets the LSTM's
     *     figures, any other the DAN's
     * @param seed seed of the batch order
     * @return the configuration, batches of {@value #BATCH_SIZE}
     */
    public static TrainerConfig fineTuning(Architecture architecture, long seed) {
        boolean lstm = architecture instanceof Architecture.Lstm;
        return new TrainerConfig(BATCH_SIZE, lstm ? 6 : 20, lstm ? 3 : 10, fineTuningSchedule(architecture),
                fineTuningAdam(architecture), seed);
    }
}
