package dev.lore.cli;

import dev.lore.compress.Placement;
import dev.lore.nn.AdamConfig;
import dev.lore.nn.Architecture;
import dev.lore.train.ScheduleSpec;
import dev.lore.train.TrainerConfig;
import dev.lore.train.TrainingDefaults;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Training hyper-parameters shared by {@code lore train}, {@code lore experiment} and
 * {@code lore demo}. Each option overrides the architecture's default
 * ({@link TrainingDefaults}); bad values are usage errors naming the option.
 */
final class TrainingOptions {

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per mini-batch (default 50).")
    Integer batchSize;

    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Most epochs of pre-training.")
    Integer pretrainEpochs;

    @Option(names = "--pretrain-patience", paramLabel = "N",
            description = "Stop pre-training after N epochs without a better dev accuracy.")
    Integer pretrainPatience;

    @Option(names = "--finetune-epochs", paramLabel = "N", description = "Most epochs of fine-tuning.")
    Integer finetuneEpochs;

    @Option(names = "--finetune-patience", paramLabel = "N",
            description = "Stop fine-tuning after N epochs without a better dev accuracy.")
    Integer finetunePatience;

    @Option(names = "--pretrain-ub", paramLabel = "X", description = "Upper learning-rate bound of pre-training.")
    Double pretrainUb;

    @Option(names = "--pretrain-lb", paramLabel = "X", description = "Lower learning-rate bound of pre-training.")
    Double pretrainLb;

    @Option(names = "--ub", paramLabel = "X", description = "Upper learning-rate bound of fine-tuning.")
    Double ub;

    @Option(names = "--lb", paramLabel = "X", description = "Lower learning-rate bound of fine-tuning.")
    Double lb;

    @Option(names = "--step-epochs", paramLabel = "X",
            description = "Half-cycle of the cyclical schedules in epochs (default 0.5: the authors' half epoch).")
    Double stepEpochs;

    @Option(names = "--decay", paramLabel = "X", description = "CALR's factor on the upper bound per anneal step.")
    Double decay;

    @Option(names = "--anneal-every", paramLabel = "N", description = "Epochs between CALR anneal steps.")
    Integer annealEvery;

    @Option(names = "--pretrain-adam-epsilon", paramLabel = "X", description = "Adam's epsilon in pre-training.")
    Double pretrainAdamEpsilon;

    @Option(names = "--adam-epsilon", paramLabel = "X", description = "Adam's epsilon in fine-tuning.")
    Double adamEpsilon;

    @Option(names = "--placement", paramLabel = "right|left|split",
            description = "Where the singular values go: right (B = S V^T, the paper), left (A = U S) or split.")
    String placement;

    @Option(names = "--word-dropout", paramLabel = "Q",
            description = "DAN only: probability of dropping each word of a sentence during training (default 0).")
    Double wordDropout;

    /**
     * {@code architecture} with the model options applied.
     *
     * @throws ParameterException if an option does not apply to it or is out of range
     */
    Architecture architecture(CommandSpec spec, Architecture architecture) {
        if (wordDropout == null) {
            return architecture;
        }
        if (!(architecture instanceof Architecture.Dan dan)) {
            throw new ParameterException(spec.commandLine(),
                    "--word-dropout applies to the dan model only, got --model " + architecture.name());
        }
        try {
            return new Architecture.Dan(dan.config().withWordDropout(wordDropout));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--word-dropout: " + e.getMessage());
        }
    }

    /** The pre-training configuration for {@code architecture}, seed 0 (replaced per run). */
    TrainerConfig pretraining(CommandSpec spec, Architecture architecture) {
        TrainerConfig d = TrainingDefaults.pretraining(architecture, 0);
        ScheduleSpec.Family s = TrainingDefaults.pretrainingSchedule(architecture);
        ScheduleSpec.Family schedule = family(spec, s, pretrainUb, pretrainLb, "--pretrain-");
        return config(spec, d, pretrainEpochs, pretrainPatience, schedule, pretrainAdamEpsilon, "--pretrain-");
    }

    /** The fine-tuning configuration for {@code architecture}, seed 0 (replaced per run). */
    TrainerConfig fineTuning(CommandSpec spec, Architecture architecture) {
        TrainerConfig d = TrainingDefaults.fineTuning(architecture, 0);
        ScheduleSpec.Family s = TrainingDefaults.fineTuningSchedule(architecture);
        ScheduleSpec.Family schedule = family(spec, s, ub, lb, "--");
        return config(spec, d, finetuneEpochs, finetunePatience, schedule, adamEpsilon, "--finetune-");
    }

    /** The singular-value placement, or {@code fallback} when the option is absent. */
    Placement placement(CommandSpec spec, Placement fallback) {
        if (placement == null) {
            return fallback;
        }
        try {
            return Placement.fromLabel(placement);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }

    /**
     * The default schedule {@code d} with the options that are set; an invalid value is a usage
     * error naming the option ({@code --ub}, or {@code --pretrain-ub} with {@code boundPrefix
     * "--pretrain-"}) instead of the schedule's parameter.
     */
    private ScheduleSpec.Family family(CommandSpec spec, ScheduleSpec.Family d, Double upper, Double lower,
            String boundPrefix) {
        double u = pick(upper, d.ub());
        double l = pick(lower, d.lb());
        try {
            return new ScheduleSpec.Family(d.kind(), u, l, pick(stepEpochs, d.stepEpochs()), pick(decay, d.decay()),
                    annealEvery == null ? d.every() : annealEvery);
        } catch (IllegalArgumentException e) {
            String ubOption = boundPrefix + "ub";
            String lbOption = boundPrefix + "lb";
            String message = e.getMessage();
            String parameter = message.substring(0, Math.max(0, message.indexOf(' ')));
            String option = switch (parameter) {
                case "ub" -> upper == null ? null : ubOption;
                case "lb" -> lower == null ? null : lbOption;
                case "stepEpochs" -> stepEpochs == null ? null : "--step-epochs";
                case "decay" -> decay == null ? null : "--decay";
                case "every" -> annealEvery == null ? null : "--anneal-every";
                default -> null;
            };
            if (option == null) {
                throw new ParameterException(spec.commandLine(), "invalid learning-rate schedule: " + message
                        + " (options " + ubOption + ", " + lbOption + ", --step-epochs, --decay, --anneal-every)");
            }
            if (parameter.equals("lb")) {
                throw new ParameterException(spec.commandLine(), option + " must be in [0, "
                        + (upper == null ? "the default " + ubOption + " " : ubOption + " ") + u + "], got " + l);
            }
            throw new ParameterException(spec.commandLine(), option + message.substring(parameter.length()));
        }
    }

    private TrainerConfig config(CommandSpec spec, TrainerConfig d, Integer epochs, Integer patience,
            ScheduleSpec.Family schedule, Double epsilon, String prefix) {
        int e = epochs == null ? d.maxEpochs() : epochs;
        int p = patience == null ? (epochs == null ? d.patience() : Math.min(d.patience(), e)) : patience;
        check(spec, prefix + "epochs", e);
        check(spec, prefix + "patience", p);
        if (batchSize != null && (batchSize < 1 || batchSize > 1_000_000)) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be in [1, 1000000], got " + batchSize);
        }
        AdamConfig adam = d.adam();
        if (epsilon != null) {
            try {
                adam = new AdamConfig(adam.beta1(), adam.beta2(), epsilon, adam.form());
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(),
                        (prefix.equals("--pretrain-") ? "--pretrain-adam-" : "--adam-") + ex.getMessage());
            }
        }
        return new TrainerConfig(batchSize == null ? d.batchSize() : batchSize, e, p, schedule, adam, 0);
    }

    private static void check(CommandSpec spec, String option, int value) {
        if (value < 1 || value > TrainerConfig.MAX_EPOCHS) {
            throw new ParameterException(spec.commandLine(), option + " must be in [1, " + TrainerConfig.MAX_EPOCHS
                    + "], got " + value);
        }
    }

    private static double pick(Double option, double fallback) {
        return option == null ? fallback : option;
    }
}
