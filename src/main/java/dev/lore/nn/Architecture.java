package dev.lore.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * A kind of sentence classifier with its shape: what is needed to build one over any embedding.
 * Immutable and thread-safe; each {@link #create} builds a new model (see {@link TextClassifier}
 * for what the model's own methods allow).
 */
public sealed interface Architecture permits Architecture.Dan, Architecture.Lstm {

    /**
     * The name used on the command line and in files.
     *
     * @return {@code dan} or {@code lstm}
     */
    String name();

    /**
     * A new model over {@code embedding}, its other weights drawn from {@code seed}.
     *
     * @param embedding the embedding layer the model reads, used as is (not copied)
     * @param classes number of classes, {@code >= 2}
     * @param seed seed of the weights and of the dropout masks
     * @return a new model in training mode
     * @throws IllegalArgumentException if {@code classes < 2}
     * @throws NullPointerException if {@code embedding} is null
     */
    TextClassifier create(EmbeddingLayer embedding, int classes, long seed);

    /**
     * The number of values the network's own parameters (every parameter after the embedding's)
     * hold for embedding dimension {@code d} and {@code C} classes, computed without building it:
     * for a DAN with widths {@code h1, h2}, {@code d h1 + h1 + h1 h2 + h2 + h2 C + C}; for an LSTM
     * with {@code h} units, {@code 4h d + 4h h + 4h + h C + C}. Lets a reader check a size read
     * from a file before anything is allocated.
     *
     * @param dimension embedding dimension {@code d}, {@code >= 1}
     * @param classes number of classes {@code C}, {@code >= 1}
     * @return the number of values of the network's own parameters
     * @throws IllegalArgumentException if {@code dimension} or {@code classes} is below 1
     * @throws ArithmeticException if the count exceeds {@link Long#MAX_VALUE}
     */
    long parameterCount(int dimension, int classes);

    private static void checkCountArguments(int dimension, int classes) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
    }

    /** {@code in * out + out}: a dense layer's weights and bias, or the exact overflow error. */
    private static long dense(long in, long out) {
        return Math.addExact(Math.multiplyExact(in, out), out);
    }

    /**
     * The architecture of an existing model.
     *
     * @param model the model, not null
     * @return its kind with the configuration it was created with
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
     * @param name {@code dan} or {@code lstm}, in any case, surrounding spaces ignored
     * @return the architecture with its default shape
     * @throws IllegalArgumentException for any other name
     * @throws NullPointerException if {@code name} is null
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
        /**
         * Checks the configuration.
         *
         * @param config the network's shape, not null
         * @throws NullPointerException if {@code config} is null
         */
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

        @Override
        public long parameterCount(int dimension, int classes) {
            checkCountArguments(dimension, classes);
            return Math.addExact(Math.addExact(dense(dimension, config.hidden1()),
                    dense(config.hidden1(), config.hidden2())), dense(config.hidden2(), classes));
        }
    }

    /** A one-layer LSTM with mean pooling. */
    record Lstm(LstmConfig config) implements Architecture {
        /**
         * Checks the configuration.
         *
         * @param config the network's shape, not null
         * @throws NullPointerException if {@code config} is null
         */
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

        @Override
        public long parameterCount(int dimension, int classes) {
            checkCountArguments(dimension, classes);
            long h = config.hiddenSize();
            long gates = 4 * h;
            return Math.addExact(Math.addExact(Math.multiplyExact(gates, (long) dimension), dense(h, gates)),
                    dense(h, classes));
        }
    }
}
