package dev.lore.dl4j;

import dev.lore.compress.CompressedEmbedding;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The factorized embedding lookup in a SameDiff graph, built so that SameDiff's own
 * back-propagation gives correct gradients in ND4J 1.0.0-M2.1.
 *
 * <p>Why one-hot products: in M2.1 the gradient of {@code gather} on a variable is wrong (it reads
 * the upstream gradient by token id instead of by position, and overwrites repeated ids instead of
 * adding them) and throws once an id reaches the number of looked-up positions, and
 * {@code embeddingLookup} has no gradient at all (docs/design/dl4j.md has the measurements and a
 * minimal reproduction). The product of a one-hot encoding with the table differentiates
 * correctly, at a cost: {@code batch T V} values of memory and {@code batch T V r} multiply-adds
 * per lookup, so this is for small vocabularies (a few thousand words); for large ones use
 * DL4J's layers ({@link FactorizedEmbeddingSequenceLayer}) or lore's own {@code dev.lore.nn}.
 *
 * <p>Stateless; the methods add operations to the graph they are given, which must not be modified
 * concurrently.
 */
public final class SameDiffEmbeddings {

    private SameDiffEmbeddings() {}

    /**
     * Adds {@code out[n, t, :] = A[ids[n, t]] B}, computed as {@code (onehot(ids, V) A) B}.
     *
     * @param sd the graph, modified: the one-hot encoding, the products and the reshapes are added,
     *     under generated names except the output's
     * @param name the name of the output variable, not yet a variable of {@code sd}
     * @param ids integer token ids {@code [batch, T]}, each in {@code [0, V)} (an id outside gives a
     *     zero row, as SameDiff's one-hot does)
     * @param a {@code [V, r]}, a floating variable
     * @param b {@code [r, d]}, of the same type
     * @param vocabularySize {@code V}, {@code >= 1}
     * @return the output {@code [batch, T, d]}, of {@code a}'s type
     * @throws IllegalArgumentException if {@code vocabularySize < 1} or {@code sd} already has a
     *     variable {@code name}; the graph is then unchanged
     * @throws NullPointerException if an argument is null
     */
    public static SDVariable factorizedLookup(SameDiff sd, String name, SDVariable ids, SDVariable a, SDVariable b,
            int vocabularySize) {
        Objects.requireNonNull(sd, "sd");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("vocabularySize must be >= 1, got " + vocabularySize);
        }
        checkUnused(sd, name);
        // As 2-d products: tensorMmul's gradient fails in M2.1 ("the numbers of a axes and b axes ...").
        SDVariable oneHot = sd.oneHot(ids, vocabularySize, -1, 1.0, 0.0, a.dataType()); // [batch, T, V]
        SDVariable flat = oneHot.reshape(-1, vocabularySize); // [batch T, V]
        SDVariable projected = flat.mmul(a).mmul(b); // [batch T, d]
        SDVariable shape = sd.concat(0, ids.shape().castTo(DataType.LONG), b.shape().get(SDIndex.point(1)).reshape(1)
                .castTo(DataType.LONG));
        return sd.reshape(name, projected, shape); // [batch, T, d]
    }

    /**
     * Adds variables {@code prefix + "A"} and {@code prefix + "B"} holding the factors of a low-rank
     * {@code embedding} (dequantized if quantized, as {@code type}), and the lookup of
     * {@link #factorizedLookup} over them, named {@code prefix + "lookup"}.
     *
     * @param sd the graph the variables and operations are added to (modified)
     * @param prefix the prefix of the three names, none of which may be a variable of {@code sd} yet
     * @param ids integer token ids {@code [batch, T]}, each in {@code [0, V)} (an id outside gives a
     *     zero row)
     * @param embedding a low-rank embedding, not modified: the variables hold copies of its factors
     * @param type the floating-point type of the variables and of the output
     * @return the output {@code prefix + "lookup"}, {@code [batch, T, d]}, of type {@code type}
     * @throws IllegalArgumentException if the embedding is dense, {@code type} is not floating point
     *     or one of the three names is already a variable of {@code sd}; the graph is then unchanged
     * @throws NullPointerException if an argument is null
     */
    public static SDVariable factorizedLookup(SameDiff sd, String prefix, SDVariable ids, CompressedEmbedding embedding,
            DataType type) {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(sd, "sd");
        Objects.requireNonNull(ids, "ids");
        if (embedding.kind() != CompressedEmbedding.Kind.LOW_RANK) {
            throw new IllegalArgumentException("the embedding must be low-rank, got a dense [" + embedding.size() + ", "
                    + embedding.dimension() + "] table");
        }
        if (!type.isFPType()) {
            throw new IllegalArgumentException("type must be floating point, got " + type);
        }
        for (String suffix : new String[] {"A", "B", "lookup"}) {
            checkUnused(sd, prefix + suffix);
        }
        SDVariable a = sd.var(prefix + "A", embedding.a().toFloat().castTo(type));
        SDVariable b = sd.var(prefix + "B", embedding.b().orElseThrow().toFloat().castTo(type));
        return factorizedLookup(sd, prefix + "lookup", ids, a, b, embedding.size());
    }

    /** SameDiff would throw only once part of the lookup had been added. */
    private static void checkUnused(SameDiff sd, String name) {
        if (sd.hasVariable(name)) {
            throw new IllegalArgumentException("the graph already has a variable named \"" + name + "\"");
        }
    }
}
