package dev.lore.model;

import dev.lore.CreationTime;
import dev.lore.LoreVersion;
import dev.lore.QuotedText;
import dev.lore.data.LabelSet;
import dev.lore.data.Tokenizer;
import dev.lore.nn.Architecture;
import dev.lore.nn.DanConfig;
import dev.lore.nn.DeepAveragingNetwork;
import dev.lore.nn.LstmClassifier;
import dev.lore.nn.LstmConfig;
import dev.lore.nn.Parameter;
import dev.lore.nn.TextClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text entries of a model file (docs/format.md, "Model files"): the model description, its
 * provenance, its frozen parameters and its metadata. Every size is checked when parsed, with a
 * message naming the entry and its value, so nothing is allocated from an impossible one.
 */
record ModelEntries(Architecture architecture, int classes, long seed, Tokenizer tokenizer, int maxLen,
        List<String> frozen, SortedMap<String, String> provenance, SortedMap<String, String> metadata,
        String shape) {

    static final String META = "meta.";
    static final String FROZEN = "frozen";

    /** The entries that describe {@code model}, sorted by key. */
    static SortedMap<String, String> of(TrainedModel model) {
        SortedMap<String, String> m = new TreeMap<>();
        TextClassifier net = model.network();
        Architecture a = model.architecture();
        m.put("architecture", a.name());
        if (a instanceof Architecture.Dan dan) {
            m.put("dan.hidden1", Integer.toString(dan.config().hidden1()));
            m.put("dan.hidden2", Integer.toString(dan.config().hidden2()));
            m.put("dan.word_dropout", Double.toString(dan.config().wordDropout()));
        } else if (a instanceof Architecture.Lstm lstm) {
            m.put("lstm.hidden", Integer.toString(lstm.config().hiddenSize()));
            m.put("lstm.dropout", Double.toString(lstm.config().dropout()));
            m.put("lstm.forget_bias", Double.toString(lstm.config().forgetBias()));
        }
        m.put("classes", Integer.toString(net.numClasses()));
        m.put("tokenizer", model.tokenizer().name());
        m.put("max_length", Integer.toString(model.maxLen()));
        m.put("seed", Long.toString(net instanceof DeepAveragingNetwork d ? d.seed() : ((LstmClassifier) net).seed()));
        m.put("lore.version", LoreVersion.get());
        m.put("created", CreationTime.now().toString());
        List<String> frozen = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            if (!p.isTrainable()) {
                frozen.add(p.name());
            }
        }
        m.put(FROZEN, String.join(",", frozen));
        m.putAll(model.provenance());
        for (Map.Entry<String, String> e : model.metadata().entrySet()) {
            m.put(META + e.getKey(), e.getValue());
        }
        return m;
    }

    /**
     * Parses the entries of a file of format {@code version}.
     *
     * @throws ModelFileException naming the entry and its value if one is missing or out of range
     */
    static ModelEntries parse(Path file, SortedMap<String, String> e, List<String> labels, int version)
            throws ModelFileException {
        String arch = need(file, e, "architecture");
        List<String> shapeKeys = switch (arch) {
            case "dan" -> List.of("dan.hidden1", "dan.hidden2", "classes");
            case "lstm" -> List.of("lstm.hidden", "lstm.dropout", "lstm.forget_bias", "classes");
            default -> throw new ModelFileException(file, -1, "entry architecture must be dan or lstm, got '"
                    + QuotedText.of(arch) + "'");
        };
        Architecture a = switch (arch) {
            case "dan" -> new Architecture.Dan(new DanConfig(size(file, e, "dan.hidden1", Integer.MAX_VALUE),
                    size(file, e, "dan.hidden2", Integer.MAX_VALUE),
                    e.containsKey("dan.word_dropout") ? real(file, e, "dan.word_dropout", 0.0, true) : 0.0));
            default -> new Architecture.Lstm(new LstmConfig(size(file, e, "lstm.hidden", LstmConfig.MAX_HIDDEN),
                    real(file, e, "lstm.dropout", 0.0, true), real(file, e, "lstm.forget_bias",
                    Double.NEGATIVE_INFINITY, false)));
        };
        int classes = size(file, e, "classes", Integer.MAX_VALUE);
        if (classes < 2 || classes != labels.size()) {
            throw new ModelFileException(file, -1, "entry classes must be >= 2 and equal the " + labels.size()
                    + " labels stored, got " + classes);
        }
        try {
            if (!LabelSet.of(labels).labels().equals(labels)) {
                throw new ModelFileException(file, -1, "labels " + labels + " are not distinct or not in class order");
            }
        } catch (IllegalArgumentException ex) {
            throw new ModelFileException(file, -1, "invalid labels: " + ex.getMessage(), ex);
        }
        Tokenizer t;
        try {
            t = Tokenizer.named(need(file, e, "tokenizer"));
        } catch (IllegalArgumentException ex) {
            throw new ModelFileException(file, -1, "entry tokenizer: " + ex.getMessage(), ex);
        }
        long seed;
        try {
            seed = Long.parseLong(need(file, e, "seed"));
        } catch (NumberFormatException ex) {
            throw new ModelFileException(file, -1, "entry seed must be a decimal int64, got '"
                    + QuotedText.of(e.get("seed")) + "'", ex);
        }
        int maxLen = size(file, e, "max_length", TrainedModel.MAX_LENGTH);
        // version 1 files did not record frozen parameters: everything was trainable
        String frozen = version == 1 ? e.getOrDefault(FROZEN, "") : need(file, e, FROZEN);
        SortedMap<String, String> meta = new TreeMap<>();
        SortedMap<String, String> provenance = new TreeMap<>();
        for (Map.Entry<String, String> x : e.entrySet()) {
            if (x.getKey().startsWith(META)) {
                meta.put(x.getKey().substring(META.length()), x.getValue());
            } else if (x.getKey().startsWith("data.") || x.getKey().startsWith("training.")) {
                provenance.put(x.getKey(), x.getValue());
            }
        }
        StringBuilder shape = new StringBuilder();
        for (String k : shapeKeys) {
            shape.append(shape.isEmpty() ? "" : ", ").append(k).append('=').append(e.get(k));
        }
        return new ModelEntries(a, classes, seed, t, maxLen, frozen.isEmpty() ? List.of() : List.of(frozen.split(",")),
                provenance, meta, shape.toString());
    }

    /**
     * Throws unless the network's own parameters for embedding dimension {@code dimension}, at 4
     * bytes a value, fit in the {@code left} bytes that remain for them.
     */
    void checkFits(Path file, long offset, int dimension, long left) throws ModelFileException {
        long values;
        try {
            values = architecture.parameterCount(dimension, classes);
        } catch (ArithmeticException ex) {
            values = Long.MAX_VALUE;
        }
        if (values > left / Float.BYTES) {
            throw new ModelFileException(file, offset, shape + " with embedding dimension " + dimension
                    + " need " + (values == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : values)
                    + " parameter values, more than the " + left + " bytes left can hold");
        }
    }

    /** Freezes the parameters named by the {@value #FROZEN} entry. */
    void freeze(Path file, TextClassifier network) throws ModelFileException {
        List<String> left = new ArrayList<>(frozen);
        for (Parameter p : network.parameters()) {
            if (left.remove(p.name())) {
                p.setTrainable(false);
            }
        }
        if (!left.isEmpty()) {
            throw new ModelFileException(file, -1, "entry frozen names parameters the model does not have: " + left);
        }
    }

    private static String need(Path file, SortedMap<String, String> e, String key) throws ModelFileException {
        String v = e.get(key);
        if (v == null) {
            throw new ModelFileException(file, -1, "missing entry '" + key + "'");
        }
        return v;
    }

    /** A size entry: a decimal integer in {@code [1, max]}. */
    private static int size(Path file, SortedMap<String, String> e, String key, int max) throws ModelFileException {
        String v = need(file, e, key);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException ex) {
            n = Long.MIN_VALUE;
        }
        if (n < 1 || n > max) {
            throw new ModelFileException(file, -1, "entry " + key + " must be an integer in [1, " + max
                    + "], got '" + QuotedText.of(v) + "'");
        }
        return (int) n;
    }

    /** A real entry: finite, {@code >= min}, and below 1 if {@code belowOne}. */
    private static double real(Path file, SortedMap<String, String> e, String key, double min, boolean belowOne)
            throws ModelFileException {
        String v = need(file, e, key);
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            x = Double.NaN;
        }
        if (!Double.isFinite(x) || x < min || (belowOne && x >= 1.0)) {
            throw new ModelFileException(file, -1, "entry " + key + " must be a finite number"
                    + (belowOne ? " in [0, 1)" : "") + ", got '" + QuotedText.of(v) + "'");
        }
        return x;
    }
}
