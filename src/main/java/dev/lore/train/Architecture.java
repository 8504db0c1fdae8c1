package dev.lore.train;

import dev.lore.nn.DanConfig;
import dev.lore.nn.DeepAveragingNetwork;
import dev.lore.nn.EmbeddingLayer;
import dev.lore.nn.LstmClassifier;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.TextClassifier;
import java.util.Locale;
import java.util.Objects;

/** A kind of sentence classifier with its shape: what is needed to build one over any embedding. */
public sealed interface Architecture permits Architecture.Dan, Architecture.Lstm {

    /** The name used on the command line and in files: {@code dan} or {@code lstm}. */
    String name();

    /**
     * A new model over {@code embedding}, its other weights drawn from {@code seed}.
     *
     * @throws IllegalArgumentException if {@code classes < 2}
     */
    TextClassifier create(EmbeddingLayer embedding, int classes, long seed);

    /**
     * The architecture of an existing model.
     *
     * @throws IllegalArgumentException if the model is neither a {@link DeepAveragingNetwork} nor an
     *     {@link LstmClassifier}
     */
    static Architecture of(TextClassifier model) {
        Objects.requireNonNull(model, "model");
        if (model instanceof DeepAveragingNetwork dan) {
            return new Dan(dan.config());
        }
        if (model instanceof LstmClassifier lstm) {
            return new Lstm(lstm.config());
        }
        throw new IllegalArgumentException("unknown model class " + model.getClass().getName());
    }

    /**
     * The default shape of a named architecture: {@code dan} ({@link DanConfig#DEFAULT}, hidden
     * layers 30 and 25) or {@code lstm} ({@link LstmConfig#DEFAULT}, 150 units, dropout 0.5).
     *
     * @throws IllegalArgumentException for any other name
     */
    static Architecture named(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "dan" -> new Dan(DanConfig.DEFAULT);
            case "lstm" -> new Lstm(LstmConfig.DEFAULT);
            default -> throw new IllegalArgumentException("model must be dan or lstm, got '" + name + "'");
        };
    }

    /** A deep averaging network (Iyyer et al., 2015). */
    record Dan(DanConfig config) implements Architecture {
        public Dan {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String name() {
            return "dan";
        }

        @Override
        public TextClassifier create(EmbeddingLayer embedding, int classes, long seed) {
            return DeepAveragingNetwork.create(embedding, classes, config, seed);
        }
    }

    /** A one-layer LSTM with mean pooling. */
    record Lstm(LstmConfig config) implements Architecture {
        public Lstm {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String name() {
            return "lstm";
        }

        @Override
        public TextClassifier create(EmbeddingLayer embedding, int classes, long seed) {
            return LstmClassifier.create(embedding, classes, config, seed);
        }
    }
}
