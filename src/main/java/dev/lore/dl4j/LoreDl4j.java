package dev.lore.dl4j;

import dev.lore.ProgressListener;
import dev.lore.compress.BudgetSearch;
import dev.lore.compress.ByteBudget;
import dev.lore.compress.CompressedEmbedding;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.EmbeddingCompressor;
import dev.lore.compress.Provenance;
import dev.lore.compress.Scheme;
import dev.lore.compress.Source;
import dev.lore.compress.StoredMatrix;
import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import dev.lore.linalg.RankRule;
import dev.lore.quant.ProductQuantizedMatrix;
import dev.lore.quant.QuantizedMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lore's compression for DeepLearning4J networks: load lore's embeddings into a network's
 * embedding layer ({@link #setEmbedding}), compress a trained network's embedding online
 * ({@link #compressOnline}: the truncated SVD of the learned table swapped in as the two stacked
 * layers of Acharya et al., AAAI 2019), and save a network's embedding as lore's
 * {@link CompressedEmbedding} ({@link #toCompressedEmbedding}, then {@code LoreFile.write}).
 *
 * <p>Layers understood: DL4J's {@link EmbeddingSequenceLayer} and {@link EmbeddingLayer}
 * (parameter {@code W [V, d]}), lore's {@link FactorizedEmbeddingSequenceLayer} and
 * {@link FactorizedEmbeddingLayer} ({@code A [V, r]}, {@code B [r, d]}), and the code-reading
 * {@link ProductQuantizedEmbeddingSequenceLayer} (codes, codebooks {@code C}, optional {@code B})
 * and {@link QuantizedFactorEmbeddingSequenceLayer} (codes of {@code A}, scales, offsets,
 * {@code B}). {@link #compressOnline(MultiLayerNetwork, int, ByteBudget)} chooses among them for
 * a byte budget. Any other layer is an
 * {@link IllegalArgumentException} naming it. Every method checks every shape before it writes
 * anything, and reports a mismatch with the layer (index or name, class), the expected and the
 * found shapes. Networks must be initialized ({@code init()}); otherwise
 * {@link IllegalStateException}.
 *
 * <p>Threads: the methods hold no state; a network must not be used by another thread while one
 * of them reads or writes it. {@code setEmbedding} modifies the network it is given; the others do
 * not modify theirs.
 */
public final class LoreDl4j {

    private static final Logger LOG = LoggerFactory.getLogger(LoreDl4j.class);

    private LoreDl4j() {}

    /**
     * Loads {@code embedding} into the embedding layer {@code layerIndex} of {@code net}, in place:
     * <ul>
     *   <li>into a factorized layer, the factors {@code A} and {@code B} of a low-rank embedding, whose
     *       {@code V}, {@code r} and {@code d} must be the layer's; a dense embedding is rejected
     *       (factorize it first: {@link EmbeddingCompressor} or {@link #compressOnline});
     *   <li>into an {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer}, the dense table, or
     *       the product {@code A B} (float {@code gemm}) of a low-rank embedding; {@code V} and
     *       {@code d} must be the layer's;
     *   <li>into a {@link QuantizedFactorEmbeddingSequenceLayer}, a low-rank embedding whose
     *       {@code A} is quantized with the layer's bits and scope: its codes (into the layer's
     *       configuration), steps ({@code scale}), offsets and {@code B}; {@code V}, {@code r} and
     *       {@code d} must be the layer's;
     *   <li>into a {@link ProductQuantizedEmbeddingSequenceLayer}, a {@code pq} or {@code lowrank-pq}
     *       embedding, as {@link #setEmbedding(MultiLayerNetwork, int, ProductQuantizedMatrix, INDArray)}
     *       with its product-quantized matrix and {@code B}.
     * </ul>
     * Quantized matrices are loaded dequantized; values are cast to the network's data type. A
     * bias, if the layer has one, and the updater state are left as they are.
     *
     * @param net an initialized network; the parameters of layer {@code layerIndex} ({@code W}, or
     *     {@code A} and {@code B}) are overwritten, nothing else
     * @param layerIndex the index of the embedding layer, in {@code [0, net.getnLayers())}
     * @param embedding the values to load, not modified: low-rank for a factorized layer, dense or
     *     low-rank for a DL4J embedding layer
     * @throws IllegalArgumentException if the layer index is out of range, the layer is not an
     *     embedding layer, or a shape differs (naming the layer, the expected and the found shapes)
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static void setEmbedding(MultiLayerNetwork net, int layerIndex, CompressedEmbedding embedding) {
        Target t = Target.of(net, layerIndex);
        setEmbedding(t, Objects.requireNonNull(embedding, "embedding"));
    }

    /**
     * {@link #setEmbedding(MultiLayerNetwork, int, CompressedEmbedding)} for the layer vertex named
     * {@code layerName} of a graph.
     *
     * @param graph an initialized graph; the parameters of layer {@code layerName} are
     *     overwritten, nothing else
     * @param layerName the name of the embedding layer's vertex
     * @param embedding the values to load, not modified, as in the other form
     * @throws IllegalArgumentException if there is no layer of that name, or as the other form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static void setEmbedding(ComputationGraph graph, String layerName, CompressedEmbedding embedding) {
        Target t = Target.of(graph, layerName);
        setEmbedding(t, Objects.requireNonNull(embedding, "embedding"));
    }

    /**
     * Loads a product-quantized table or factor into the embedding layer {@code layerIndex} of
     * {@code net}, in place:
     * <ul>
     *   <li>into a {@link ProductQuantizedEmbeddingSequenceLayer}: the codes (into the layer's
     *       configuration), the codebooks and, if the layer has a projection, {@code B}: {@code R^T
     *       projection} for a matrix with a rotation {@code R} ({@code R^T} without a projection
     *       given), else {@code projection}. {@code V}, {@code r}, {@code M} and {@code b} must be
     *       the layer's;
     *   <li>into an {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer}: the decoded table
     *       (times the projection), {@code [V, d]} as the layer's.
     * </ul>
     *
     * @param net an initialized network; layer {@code layerIndex}'s parameters (and, for a
     *     product-quantized layer, the codes of its configuration) are overwritten, nothing else
     * @param layerIndex the index of the embedding layer, in {@code [0, net.getnLayers())}
     * @param matrix the codes and codebooks, not modified
     * @param projection {@code B [r, d]} for the low-rank form, or null
     * @throws IllegalArgumentException if the layer index is out of range, the layer is neither,
     *     or a shape, the number of sub-spaces or the bits differ (naming the layer, the expected and
     *     the found values)
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if {@code net} or {@code matrix} is null
     */
    public static void setEmbedding(MultiLayerNetwork net, int layerIndex, ProductQuantizedMatrix matrix,
            INDArray projection) {
        setProductQuantized(Target.of(net, layerIndex), Objects.requireNonNull(matrix, "matrix"), projection);
    }

    /**
     * {@link #setEmbedding(MultiLayerNetwork, int, ProductQuantizedMatrix, INDArray)} for the layer
     * vertex named {@code layerName} of a graph.
     *
     * @param graph an initialized graph; that layer's parameters (and codes) are overwritten
     * @param layerName the name of the embedding layer's vertex
     * @param matrix the codes and codebooks, not modified
     * @param projection {@code B [r, d]} for the low-rank form, or null
     * @throws IllegalArgumentException if there is no layer of that name, or as the other form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if {@code graph}, {@code layerName} or {@code matrix} is null
     */
    public static void setEmbedding(ComputationGraph graph, String layerName, ProductQuantizedMatrix matrix,
            INDArray projection) {
        setProductQuantized(Target.of(graph, layerName), Objects.requireNonNull(matrix, "matrix"), projection);
    }

    /**
     * Online compression to a byte budget: the trained {@code EmbeddingSequenceLayer} (or
     * {@code EmbeddingLayer}) at {@code layerIndex} replaced by the factorized or code-reading layer
     * whose table is closest to the learned {@code W} among those that fit {@code budget}, as
     * lore's {@link BudgetSearch} measures it (relative Frobenius error {@code ||W - W'|| / ||W||},
     * exact matrix bytes, no task data, default options, seed 0): a
     * {@link FactorizedEmbeddingSequenceLayer} ({@code lowrank}), a
     * {@link ProductQuantizedEmbeddingSequenceLayer} without ({@code pq}) or with a projection
     * ({@code lowrank-pq}, or {@code pq} with a rotation, {@code B = R^T}) or a
     * {@link QuantizedFactorEmbeddingSequenceLayer} ({@code lowrank-scalar}): the best candidate a
     * layer can read ({@code scalar}, a quantized full table, is skipped; for an
     * {@code EmbeddingLayer} only {@code lowrank} is taken). The chosen layer's codes are fixed,
     * its codebooks, scales, offsets or factors
     * trainable; everything else as {@link #compressOnline(MultiLayerNetwork, int, CompressionSpec)}:
     * other layers and the listeners copied, updater state and counters new, and before training
     * the output equals {@code net}'s with {@code W} replaced by the chosen {@code W'}. The choice
     * is logged at INFO.
     *
     * @param net an initialized network, not modified
     * @param layerIndex the index of a DL4J {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer}
     * @param budget a target byte ratio {@code V d 4 / embedding_bytes} or a number of bytes
     * @return a new initialized network, whose {@link #toCompressedEmbedding} takes at most the
     *     budget's bytes
     * @throws IllegalArgumentException if nothing a layer reads fits the budget, or as the spec form
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if {@code net} or {@code budget} is null
     */
    public static MultiLayerNetwork compressOnline(MultiLayerNetwork net, int layerIndex, ByteBudget budget) {
        Target t = Target.of(net, layerIndex);
        Plan plan = plan(t, budget);
        return rebuild(net, layerIndex, t, plan.layer, plan.load);
    }

    /**
     * {@link #compressOnline(MultiLayerNetwork, int, ByteBudget)} for the layer vertex named
     * {@code layerName} of a graph.
     *
     * @param graph an initialized graph, not modified
     * @param layerName the name of a layer vertex holding a DL4J {@code EmbeddingSequenceLayer} or
     *     {@code EmbeddingLayer}
     * @param budget the target byte ratio
     * @return a new initialized graph
     * @throws IllegalArgumentException if there is no layer of that name, or as the other form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static ComputationGraph compressOnline(ComputationGraph graph, String layerName, ByteBudget budget) {
        Target t = Target.of(graph, layerName);
        Plan plan = plan(t, budget);
        return rebuild(graph, layerName, t, plan.layer, plan.load);
    }

    /**
     * Online compression at parameter compression {@code p}: {@link #compressOnline(MultiLayerNetwork,
     * int, CompressionSpec)} with {@code CompressionSpec.lowRank(RankRule.compression(p))}, so
     * {@code r = floor((1 - p) V d / (V + d))} (see {@link RankRule.Compression} for the exact
     * rounding), exact SVD, singular values in {@code B}.
     *
     * @param net an initialized network, not modified
     * @param layerIndex the index of a DL4J {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer},
     *     in {@code [0, net.getnLayers())}
     * @param p the fraction of the embedding's {@code V d} parameters removed, in {@code [0, 1)}
     * @return a new initialized network, as the spec form returns
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)} or leaves rank 0, or as
     *     the spec form
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if {@code net} is null
     */
    public static MultiLayerNetwork compressOnline(MultiLayerNetwork net, int layerIndex, double p) {
        return compressOnline(net, layerIndex, RankRule.compression(p));
    }

    /**
     * {@link #compressOnline(MultiLayerNetwork, int, CompressionSpec)} with
     * {@code CompressionSpec.lowRank(rank)}: exact SVD, singular values in {@code B}.
     *
     * @param net an initialized network, not modified
     * @param layerIndex the index of a DL4J {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer},
     *     in {@code [0, net.getnLayers())}
     * @param rank the rule that chooses {@code r} for the layer's {@code [V, d]} table
     * @return a new initialized network, as the spec form returns
     * @throws IllegalArgumentException if the rule gives no valid rank for {@code [V, d]}, or as the
     *     spec form
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if {@code net} or {@code rank} is null
     */
    public static MultiLayerNetwork compressOnline(MultiLayerNetwork net, int layerIndex, RankRule rank) {
        return compressOnline(net, layerIndex, CompressionSpec.lowRank(Objects.requireNonNull(rank, "rank")));
    }

    /**
     * A new network in which the trained {@code EmbeddingSequenceLayer} (or {@code EmbeddingLayer})
     * at {@code layerIndex} is replaced by a {@link FactorizedEmbeddingSequenceLayer} (or
     * {@link FactorizedEmbeddingLayer}) holding the truncated SVD of its learned table {@code W},
     * {@code W ~ A B}, computed by {@link EmbeddingCompressor} as {@code spec} says.
     *
     * <p>The new layer keeps the old one's name, {@code nIn}, {@code nOut}, input length and format,
     * activation, bias (and its values), updater, bias updater, regularization, gradient
     * normalization and weight noise; both factors trainable. Every other layer's configuration
     * and parameters are copies of {@code net}'s, and so are the listeners. The updater state is
     * new (zero), and the network's iteration and epoch counters start again at 0, so Adam's bias
     * correction and any schedule start afresh. Before any training the new network's output
     * equals that of {@code net} with {@code W} replaced by {@code A B}, up to float rounding of the
     * product. {@code net} is not modified.
     *
     * @param net an initialized network, not modified
     * @param layerIndex the index of a DL4J {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer},
     *     in {@code [0, net.getnLayers())}
     * @param spec a low-rank, unquantized spec; its rank rule, SVD method and placement of the
     *     singular values are used as given
     * @return a new initialized network, sharing no parameters or updater state with {@code net}
     *     (the listener objects are shared)
     * @throws IllegalArgumentException if the spec is dense or quantized, the rank rule gives an
     *     invalid rank for {@code [V, d]}, the layer index is out of range, or the layer is not a
     *     DL4J {@code EmbeddingSequenceLayer} or {@code EmbeddingLayer} (naming it)
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if {@code net} or {@code spec} is null
     */
    public static MultiLayerNetwork compressOnline(MultiLayerNetwork net, int layerIndex, CompressionSpec spec) {
        Target t = Target.of(net, layerIndex);
        checkSpec(spec);
        CompressedEmbedding factors = factorize(t, spec);
        return rebuild(net, layerIndex, t, replacement(t, factors.rank()), r -> loadFactors(r, factors, t));
    }

    /**
     * {@link #compressOnline(ComputationGraph, String, CompressionSpec)} at compression {@code p},
     * as {@link #compressOnline(MultiLayerNetwork, int, double)}.
     *
     * @param graph an initialized graph, not modified
     * @param layerName the name of a layer vertex holding a DL4J {@code EmbeddingSequenceLayer} or
     *     {@code EmbeddingLayer}
     * @param p the fraction of the embedding's {@code V d} parameters removed, in {@code [0, 1)}
     * @return a new initialized graph, as the spec form returns
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)} or leaves rank 0, or as
     *     the spec form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if {@code graph} or {@code layerName} is null
     */
    public static ComputationGraph compressOnline(ComputationGraph graph, String layerName, double p) {
        return compressOnline(graph, layerName, RankRule.compression(p));
    }

    /**
     * {@link #compressOnline(ComputationGraph, String, CompressionSpec)} with
     * {@code CompressionSpec.lowRank(rank)}: exact SVD, singular values in {@code B}.
     *
     * @param graph an initialized graph, not modified
     * @param layerName the name of a layer vertex holding a DL4J {@code EmbeddingSequenceLayer} or
     *     {@code EmbeddingLayer}
     * @param rank the rule that chooses {@code r} for the layer's {@code [V, d]} table
     * @return a new initialized graph, as the spec form returns
     * @throws IllegalArgumentException if the rule gives no valid rank for {@code [V, d]}, or as the
     *     spec form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static ComputationGraph compressOnline(ComputationGraph graph, String layerName, RankRule rank) {
        return compressOnline(graph, layerName, CompressionSpec.lowRank(Objects.requireNonNull(rank, "rank")));
    }

    /**
     * {@link #compressOnline(MultiLayerNetwork, int, CompressionSpec)} for the layer vertex named
     * {@code layerName} of a graph: a new graph, every other vertex, its parameters and the listeners
     * copied, the updater state and the counters new. {@code graph} is not modified.
     *
     * @param graph an initialized graph, not modified
     * @param layerName the name of a layer vertex holding a DL4J {@code EmbeddingSequenceLayer} or
     *     {@code EmbeddingLayer}
     * @param spec a low-rank, unquantized spec, as in the other form
     * @return a new initialized graph, sharing no parameters or updater state with {@code graph}
     *     (the listener objects are shared)
     * @throws IllegalArgumentException if there is no layer of that name, or as the other form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static ComputationGraph compressOnline(ComputationGraph graph, String layerName, CompressionSpec spec) {
        Target t = Target.of(graph, layerName);
        checkSpec(spec);
        CompressedEmbedding factors = factorize(t, spec);
        return rebuild(graph, layerName, t, replacement(t, factors.rank()), r -> loadFactors(r, factors, t));
    }

    /**
     * The embedding of layer {@code layerIndex} as lore's {@link CompressedEmbedding}, copied:
     * dense float32 ({@code W}) for a DL4J embedding layer; low-rank float32 ({@code A}, {@code B},
     * no singular values: after fine-tuning they are not those of any SVD) for a factorized one;
     * low-rank with {@code A} quantized (the layer's codes, trained steps and offsets, a negative
     * step stored with mirrored codes) and {@code B} float32 for a
     * {@link QuantizedFactorEmbeddingSequenceLayer}; for a
     * {@link ProductQuantizedEmbeddingSequenceLayer} its codes and trained codebooks as a
     * product-quantized matrix ({@code pq}), with {@code B} float32 if it has a projection
     * ({@code lowrank-pq}). The
     * provenance has method {@code model}, no source, and the extra entries
     * {@code model.framework=deeplearning4j}, {@code model.layer} (the index) and
     * {@code model.layer.class}.
     *
     * @param net an initialized network, not modified
     * @param layerIndex the index of a DL4J or factorized embedding layer without bias, in
     *     {@code [0, net.getnLayers())}
     * @param vocabulary the word of each of the {@code V} rows, in row order
     * @return a new embedding whose matrices are float32 copies: later training of {@code net} does
     *     not change it
     * @throws IllegalArgumentException if the layer index is out of range, the vocabulary size is
     *     not {@code V}, the layer is not an embedding layer, or it has a bias (which a
     *     {@code CompressedEmbedding} cannot hold)
     * @throws IllegalStateException if the network is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static CompressedEmbedding toCompressedEmbedding(MultiLayerNetwork net, int layerIndex,
            Vocabulary vocabulary) {
        return toCompressedEmbedding(Target.of(net, layerIndex), Integer.toString(layerIndex), vocabulary);
    }

    /**
     * {@link #toCompressedEmbedding(MultiLayerNetwork, int, Vocabulary)} for a graph's layer
     * {@code layerName}; its provenance's {@code model.layer} is the name.
     *
     * @param graph an initialized graph, not modified
     * @param layerName the name of the vertex of a DL4J or factorized embedding layer without bias
     * @param vocabulary the word of each of the {@code V} rows, in row order
     * @return a new embedding whose matrices are float32 copies, as in the other form
     * @throws IllegalArgumentException if there is no layer of that name, or as the other form
     * @throws IllegalStateException if the graph is not initialized
     * @throws NullPointerException if an argument is null
     */
    public static CompressedEmbedding toCompressedEmbedding(ComputationGraph graph, String layerName,
            Vocabulary vocabulary) {
        return toCompressedEmbedding(Target.of(graph, layerName), layerName, vocabulary);
    }

    // ---------------------------------------------------------------------------------------------

    /** A layer to work on: its runtime layer, its configuration and how to name it in messages. */
    private record Target(Layer layer, org.deeplearning4j.nn.conf.layers.Layer conf, String label) {

        static Target of(MultiLayerNetwork net, int index) {
            Objects.requireNonNull(net, "net");
            if (net.getLayers() == null || net.params() == null) {
                throw new IllegalStateException("the network is not initialized: call init() first");
            }
            if (index < 0 || index >= net.getnLayers()) {
                throw new IllegalArgumentException("layerIndex must be in [0, " + (net.getnLayers() - 1) + "], got "
                        + index);
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(index).getLayer();
            String given = conf.getLayerName();
            // DL4J names unnamed layers "layer" + index: only a name of the user's own is shown.
            String name = given == null || given.equals("layer" + index) ? "" : " \"" + given + "\"";
            return new Target(net.getLayer(index), conf,
                    "layer " + index + name + " (" + conf.getClass().getSimpleName() + ")");
        }

        static Target of(ComputationGraph graph, String name) {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(name, "layerName");
            if (graph.getLayers() == null || graph.params() == null) {
                throw new IllegalStateException("the graph is not initialized: call init() first");
            }
            GraphVertex vertex = graph.getConfiguration().getVertices().get(name);
            if (!(vertex instanceof LayerVertex)) {
                List<String> names = new ArrayList<>();
                for (Layer l : graph.getLayers()) {
                    names.add(l.conf().getLayer().getLayerName());
                }
                throw new IllegalArgumentException("the graph has no layer named \"" + name + "\"; its layers are "
                        + names);
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = graph.getLayer(name).conf().getLayer();
            return new Target(graph.getLayer(name), conf,
                    "layer \"" + name + "\" (" + conf.getClass().getSimpleName() + ")");
        }

        boolean isFactorized() {
            return conf instanceof AbstractFactorizedEmbedding;
        }

        boolean isCoded() {
            return conf instanceof AbstractCodedEmbedding;
        }

        boolean isFull() {
            return conf instanceof EmbeddingSequenceLayer || conf instanceof EmbeddingLayer;
        }

        /** {@code [V, d]} of the layer's table. */
        long[] tableShape() {
            if (isFactorized() || isCoded()) {
                FeedForwardLayer f = (FeedForwardLayer) conf;
                return new long[] {f.getNIn(), f.getNOut()};
            }
            return layer.getParam(DefaultParamInitializer.WEIGHT_KEY).shape();
        }

        boolean hasBias() {
            if (isFactorized()) {
                return ((AbstractFactorizedEmbedding) conf).hasBias();
            }
            if (isCoded()) {
                return ((AbstractCodedEmbedding) conf).hasBias();
            }
            return conf instanceof EmbeddingSequenceLayer s ? s.hasBias() : ((EmbeddingLayer) conf).hasBias();
        }

        IllegalArgumentException notAnEmbedding() {
            return new IllegalArgumentException(label + " is not an embedding layer: expected a DL4J"
                    + " EmbeddingSequenceLayer or EmbeddingLayer, or one of lore's FactorizedEmbeddingSequenceLayer,"
                    + " FactorizedEmbeddingLayer, ProductQuantizedEmbeddingSequenceLayer or"
                    + " QuantizedFactorEmbeddingSequenceLayer");
        }
    }

    private static void setEmbedding(Target t, CompressedEmbedding e) {
        if (t.conf instanceof QuantizedFactorEmbeddingSequenceLayer) {
            StoredMatrix a = e.a();
            if (e.kind() != CompressedEmbedding.Kind.LOW_RANK || !(a instanceof StoredMatrix.Quantized q)) {
                throw new IllegalArgumentException(t.label + " reads a quantized factor A but the embedding is "
                        + (e.kind() == CompressedEmbedding.Kind.LOW_RANK ? "low-rank with A " + a.describe()
                                : "a dense [" + e.size() + ", " + e.dimension() + "] table")
                        + ": compress it with a quantized spec (CompressionSpec.withQuantization)");
            }
            CodedLoading.quantizedFactor(t.layer, t.label, q.matrix(), e.b().orElseThrow().toFloat());
            return;
        }
        if (t.conf instanceof ProductQuantizedEmbeddingSequenceLayer) {
            if (!(e.a() instanceof StoredMatrix.ProductQuantized pq)) {
                throw new IllegalArgumentException(t.label + " reads product-quantization codes but the embedding is "
                        + e.scheme() + ": compress it with a pq or lowrank-pq spec");
            }
            CodedLoading.productQuantized(t.layer, t.label, pq.matrix(), e.b().map(StoredMatrix::toFloat).orElse(null));
            return;
        }
        if (t.isFactorized()) {
            if (e.kind() != CompressedEmbedding.Kind.LOW_RANK) {
                throw new IllegalArgumentException(t.label + " holds factors A B but the embedding is a dense ["
                        + e.size() + ", " + e.dimension() + "] table: factorize it first (EmbeddingCompressor or"
                        + " LoreDl4j.compressOnline)");
            }
            loadFactors(t, e, t);
            return;
        }
        if (!t.isFull()) {
            throw t.notAnEmbedding();
        }
        long[] expected = t.tableShape();
        long[] found = {e.size(), e.dimension()};
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException(t.label + ": expected an embedding of [V, d] = " + Arrays.toString(expected)
                    + ", found " + Arrays.toString(found) + (e.kind() == CompressedEmbedding.Kind.LOW_RANK
                            ? " (A " + shape(e.a()) + ", B " + shape(e.b().orElseThrow()) + ")" : ""));
        }
        t.layer.setParam(DefaultParamInitializer.WEIGHT_KEY, e.reconstruct().matrix());
    }

    /** Loads the factors of {@code e} into the factorized layer {@code t}; {@code origin} names the source in messages. */
    private static void loadFactors(Target t, CompressedEmbedding e, Target origin) {
        AbstractFactorizedEmbedding f = (AbstractFactorizedEmbedding) t.conf;
        StoredMatrix a = e.a();
        StoredMatrix b = e.b().orElseThrow();
        long[] expectedA = {f.getNIn(), f.getRank()};
        long[] expectedB = {f.getRank(), f.getNOut()};
        long[] foundA = {a.rows(), a.columns()};
        long[] foundB = {b.rows(), b.columns()};
        if (!Arrays.equals(expectedA, foundA) || !Arrays.equals(expectedB, foundB)) {
            throw new IllegalArgumentException(origin.label + ": expected A " + Arrays.toString(expectedA) + " and B "
                    + Arrays.toString(expectedB) + ", found A " + Arrays.toString(foundA) + " and B "
                    + Arrays.toString(foundB));
        }
        t.layer.setParam(FactorizedEmbeddingParamInitializer.A_KEY, a.toFloat());
        t.layer.setParam(FactorizedEmbeddingParamInitializer.B_KEY, b.toFloat());
    }

    private static String shape(StoredMatrix m) {
        return "[" + m.rows() + ", " + m.columns() + "]";
    }

    private static void checkSpec(CompressionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.isDense() || spec.quantization() != null) {
            throw new IllegalArgumentException("spec must be low-rank and unquantized, got " + spec);
        }
    }

    /** The truncated SVD of the full layer's table, rows named {@code #0, #1, ...}. */
    private static CompressedEmbedding factorize(Target t, CompressionSpec spec) {
        if (!t.isFull()) {
            throw new IllegalArgumentException(t.label + " cannot be compressed online: expected a DL4J"
                    + " EmbeddingSequenceLayer or EmbeddingLayer");
        }
        INDArray w = t.layer.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.FLOAT).dup('c');
        WordVectors table = new WordVectors(Vocabulary.indexed(Math.toIntExact(w.rows())), w);
        return EmbeddingCompressor.compress(table, spec, ProgressListener.none()).embedding();
    }

    /** The layer that replaces an embedding layer, and how to fill it once its network exists. */
    private record Plan(FeedForwardLayer layer, Consumer<Target> load) {}

    private static Plan plan(Target t, ByteBudget budget) {
        Objects.requireNonNull(budget, "budget");
        if (!t.isFull()) {
            throw new IllegalArgumentException(t.label + " cannot be compressed online: expected a DL4J"
                    + " EmbeddingSequenceLayer or EmbeddingLayer");
        }
        INDArray w = t.layer.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.FLOAT).dup('c');
        WordVectors table = new WordVectors(Vocabulary.indexed(Math.toIntExact(w.rows())), w);
        BudgetSearch.Choice choice = BudgetSearch.of(table, BudgetSearch.Options.defaults(), ProgressListener.none())
                .choose(budget);
        boolean sequence = t.conf instanceof EmbeddingSequenceLayer;
        BudgetSearch.Candidate best = null;
        for (BudgetSearch.Candidate c : choice.considered()) {
            if (c.scheme() == Scheme.LOWRANK || (sequence && c.scheme() != Scheme.SCALAR)) {
                best = c;
                break;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(t.label + ": no candidate that a layer reads fits " + choice.budgetBytes()
                    + " bytes (" + (sequence ? "only scalar fits" : "an EmbeddingLayer takes lowrank only") + ")");
        }
        if (LOG.isInfoEnabled()) {
            LOG.info("{}: budget {} allows {} bytes; chosen {} ({} bytes, relative error {}); best of all {}", t.label,
                    budget, choice.budgetBytes(), best.label(), best.bytes(), best.error(), choice.best().label());
        }
        CompressedEmbedding e = EmbeddingCompressor.compress(table, best.spec(0L, 1), ProgressListener.none())
                .embedding();
        StoredMatrix a = e.a();
        long d = w.columns();
        return switch (best.scheme()) {
            case LOWRANK -> new Plan(replacement(t, e.rank()), r -> loadFactors(r, e, t));
            case LOWRANK_SCALAR -> {
                QuantizedMatrix q = ((StoredMatrix.Quantized) a).matrix();
                INDArray b = e.b().orElseThrow().toFloat();
                yield new Plan(carryOver(t, sequenceOf(t, new QuantizedFactorEmbeddingSequenceLayer.Builder().codes(q)
                        .nOut(d)).build()), r -> CodedLoading.quantizedFactor(r.layer, r.label, q, b));
            }
            case PQ, LOWRANK_PQ -> {
                ProductQuantizedMatrix pq = ((StoredMatrix.ProductQuantized) a).matrix();
                INDArray b = e.b().map(StoredMatrix::toFloat).orElse(null);
                boolean projection = b != null || pq.hasRotation();
                yield new Plan(carryOver(t, sequenceOf(t, new ProductQuantizedEmbeddingSequenceLayer.Builder().codes(pq)
                        .projection(projection).nOut(d)).build()),
                        r -> CodedLoading.productQuantized(r.layer, r.label, pq, b));
            }
            case SCALAR -> throw new IllegalStateException("scalar is never chosen");
        };
    }

    private static void setProductQuantized(Target t, ProductQuantizedMatrix pq, INDArray projection) {
        if (t.conf instanceof ProductQuantizedEmbeddingSequenceLayer) {
            CodedLoading.productQuantized(t.layer, t.label, pq, projection);
            return;
        }
        if (!t.isFull()) {
            throw new IllegalArgumentException(t.label + " cannot hold product-quantization codes: expected a"
                    + " ProductQuantizedEmbeddingSequenceLayer, or a DL4J EmbeddingSequenceLayer or EmbeddingLayer"
                    + " for the decoded table");
        }
        INDArray b = projection; // decode() applies the rotation itself
        long[] expected = t.tableShape();
        long[] found = {pq.rows(), b == null ? pq.columns() : b.columns()};
        if (b != null && b.rows() != pq.columns()) {
            throw new IllegalArgumentException(t.label + ": the projection must be [" + pq.columns() + ", d], got "
                    + Arrays.toString(b.shape()));
        }
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException(t.label + ": expected an embedding of [V, d] = "
                    + Arrays.toString(expected) + ", found " + Arrays.toString(found));
        }
        INDArray table = pq.decode();
        t.layer.setParam(DefaultParamInitializer.WEIGHT_KEY, b == null ? table : table.mmul(b.castTo(DataType.FLOAT)));
    }

    /** The factorized configuration that takes the place of {@code t}'s, at rank {@code rank}. */
    private static AbstractFactorizedEmbedding replacement(Target t, int rank) {
        long[] vd = t.tableShape();
        AbstractFactorizedEmbedding f;
        if (t.conf instanceof EmbeddingSequenceLayer s) {
            f = new FactorizedEmbeddingSequenceLayer.Builder().nIn(vd[0]).rank(rank).nOut(vd[1])
                    .inputLength(s.getInputLength()).inferInputLength(s.isInferInputLength())
                    .outputDataFormat(s.getOutputFormat()).hasBias(s.hasBias()).build();
        } else {
            f = new FactorizedEmbeddingLayer.Builder().nIn(vd[0]).rank(rank).nOut(vd[1]).hasBias(t.hasBias()).build();
        }
        return carryOver(t, f);
    }

    /** The sequence settings of {@code t}'s {@code EmbeddingSequenceLayer} on a code-reading builder. */
    private static <B extends AbstractCodedEmbedding.Builder<B>> B sequenceOf(Target t, B builder) {
        EmbeddingSequenceLayer s = (EmbeddingSequenceLayer) t.conf;
        return builder.inputLength(s.getInputLength()).inferInputLength(s.isInferInputLength())
                .outputDataFormat(s.getOutputFormat()).hasBias(s.hasBias());
    }

    /**
     * The old layer's name, activation, initializers, updaters, regularization, gradient
     * normalization and weight noise on {@code f}.
     */
    private static <L extends FeedForwardLayer> L carryOver(Target t, L f) {
        BaseLayer old = (BaseLayer) t.conf;
        f.setLayerName(old.getLayerName());
        f.setActivationFn(old.getActivationFn());
        f.setWeightInitFn(old.getWeightInitFn());
        f.setBiasInit(old.getBiasInit());
        f.setIUpdater(old.getIUpdater() == null ? null : old.getIUpdater().clone());
        f.setBiasUpdater(old.getBiasUpdater() == null ? null : old.getBiasUpdater().clone());
        f.setRegularization(old.getRegularization() == null ? null : new ArrayList<>(old.getRegularization()));
        f.setRegularizationBias(old.getRegularizationBias() == null ? null
                : new ArrayList<>(old.getRegularizationBias()));
        f.setGradientNormalization(old.getGradientNormalization());
        f.setGradientNormalizationThreshold(old.getGradientNormalizationThreshold());
        f.setWeightNoise(old.getWeightNoise());
        return f;
    }

    /**
     * A new network with layer {@code layerIndex}'s configuration replaced by {@code layer}, every
     * other layer's parameters copied, the new layer's values set by {@code load}, the bias and the
     * listeners copied, the counters at 0.
     */
    private static MultiLayerNetwork rebuild(MultiLayerNetwork net, int layerIndex, Target t, FeedForwardLayer layer,
            Consumer<Target> load) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        replaceLayer(conf.getConf(layerIndex), layer);
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        MultiLayerNetwork out = new MultiLayerNetwork(conf);
        out.init();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (i != layerIndex) {
                copyParams(net.getLayer(i), out.getLayer(i));
            }
        }
        Target replaced = Target.of(out, layerIndex);
        load.accept(replaced);
        copyBias(t, replaced);
        out.setListeners(new ArrayList<>(net.getListeners()));
        return out;
    }

    /** {@link #rebuild(MultiLayerNetwork, int, Target, FeedForwardLayer, Consumer)} for a graph. */
    private static ComputationGraph rebuild(ComputationGraph graph, String layerName, Target t, FeedForwardLayer layer,
            Consumer<Target> load) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        LayerVertex vertex = (LayerVertex) conf.getVertices().get(layerName);
        replaceLayer(vertex.getLayerConf(), layer);
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        for (Layer l : graph.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (!name.equals(layerName)) {
                copyParams(l, out.getLayer(name));
            }
        }
        Target replaced = Target.of(out, layerName);
        load.accept(replaced);
        copyBias(t, replaced);
        out.setListeners(new ArrayList<>(graph.getListeners()));
        return out;
    }

    private static void replaceLayer(NeuralNetConfiguration layerConf, FeedForwardLayer layer) {
        layerConf.setLayer(layer);
        layerConf.clearVariables(); // the old W (and b); init() registers the new layer's parameters
    }

    private static void copyBias(Target from, Target to) {
        if (from.hasBias()) {
            to.layer.setParam(AbstractLookup.BIAS_KEY,
                    from.layer.getParam(DefaultParamInitializer.BIAS_KEY));
        }
    }

    /** Copies the parameters of {@code from} into {@code to}, two layers of the same configuration. */
    private static void copyParams(Layer from, Layer to) {
        if (from.numParams() == 0) {
            return;
        }
        to.params().assign(from.params());
    }

    private static CompressedEmbedding toCompressedEmbedding(Target t, String layer, Vocabulary vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (!t.isFactorized() && !t.isFull() && !t.isCoded()) {
            throw t.notAnEmbedding();
        }
        long[] vd = t.tableShape();
        if (vocabulary.size() != vd[0]) {
            throw new IllegalArgumentException(t.label + " has " + vd[0] + " rows but the vocabulary has "
                    + vocabulary.size() + " words");
        }
        if (t.hasBias()) {
            throw new IllegalArgumentException(t.label + " has a bias, which a CompressedEmbedding cannot hold;"
                    + " build the layer with hasBias(false)");
        }
        Provenance provenance = Provenance.of(Source.none(), "model", "", "", 0)
                .withExtra("model.framework", "deeplearning4j")
                .withExtra("model.layer", layer)
                .withExtra("model.layer.class", t.conf.getClass().getName());
        if (t.conf instanceof QuantizedFactorEmbeddingSequenceLayer) {
            return CompressedEmbedding.lowRank(vocabulary, StoredMatrix.of(CodedLoading.quantizedFactorOf(t.layer)),
                    copyOf(t, AbstractLookup.B_KEY), new double[0], provenance);
        }
        if (t.conf instanceof ProductQuantizedEmbeddingSequenceLayer p) {
            StoredMatrix codes = StoredMatrix.of(CodedLoading.productQuantizedOf(t.layer));
            return p.isProjection()
                    ? CompressedEmbedding.lowRank(vocabulary, codes, copyOf(t, AbstractLookup.B_KEY), new double[0],
                            provenance)
                    : CompressedEmbedding.dense(vocabulary, codes, provenance);
        }
        if (t.isFactorized()) {
            return CompressedEmbedding.lowRank(vocabulary, copyOf(t, FactorizedEmbeddingParamInitializer.A_KEY),
                    copyOf(t, FactorizedEmbeddingParamInitializer.B_KEY), new double[0], provenance);
        }
        return CompressedEmbedding.dense(vocabulary, copyOf(t, DefaultParamInitializer.WEIGHT_KEY), provenance);
    }

    /**
     * Parameter {@code key} of {@code t} as a float32 copy: {@code StoredMatrix.of} would hold a
     * FLOAT parameter that is not a view as it is, and training would then change the embedding.
     */
    private static StoredMatrix copyOf(Target t, String key) {
        return StoredMatrix.of(t.layer.getParam(key).castTo(DataType.FLOAT).dup('c'));
    }
}
