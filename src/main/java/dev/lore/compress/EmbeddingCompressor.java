package dev.lore.compress;

import dev.lore.ProgressListener;
import dev.lore.io.WordVectors;
import dev.lore.linalg.ReconstructionError;
import dev.lore.linalg.SvdResult;
import dev.lore.quant.ProductQuantizer;
import dev.lore.quant.QuantizedMatrix;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compresses an embedding matrix {@code E} ({@code [V, d]}): truncated SVD
 * {@code E ~ U_r S_r V_r^T} split into {@code A} and {@code B} by the {@link Placement}, then
 * optional fixed-point quantization of each stored matrix; or, for a dense spec, quantization of
 * {@code E} alone. The result's error is measured on the stored matrices, in double.
 */
public final class EmbeddingCompressor {

    private EmbeddingCompressor() {}

    /**
     * {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)} with no source file and no progress.
     *
     * @param embeddings the vectors {@code E [V, d]}, not modified
     * @param spec what to do
     * @return the compressed embedding and its report
     * @throws IllegalArgumentException as {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)}
     */
    public static CompressionResult compress(WordVectors embeddings, CompressionSpec spec) {
        return compress(embeddings, spec, Source.none(), ProgressListener.none());
    }

    /**
     * {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)} with no source file.
     *
     * @param embeddings the vectors {@code E [V, d]}, not modified
     * @param spec what to do
     * @param progress receives progress of the factorization and of measuring the error
     * @return the compressed embedding and its report
     * @throws IllegalArgumentException as {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)}
     */
    public static CompressionResult compress(WordVectors embeddings, CompressionSpec spec, ProgressListener progress) {
        return compress(embeddings, spec, Source.none(), progress);
    }

    /**
     * {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)} with no progress.
     *
     * @param embeddings the vectors {@code E [V, d]}, not modified
     * @param spec what to do
     * @param source recorded in provenance
     * @return the compressed embedding and its report
     * @throws IllegalArgumentException as {@link #compress(WordVectors, CompressionSpec, Source, ProgressListener)}
     */
    public static CompressionResult compress(WordVectors embeddings, CompressionSpec spec, Source source) {
        return compress(embeddings, spec, source, ProgressListener.none());
    }

    /**
     * Compresses {@code embeddings} (not modified). Stateless: concurrent calls do not interfere.
     *
     * @param embeddings the vectors {@code E [V, d]}, not modified
     * @param spec what to do
     * @param source recorded in provenance
     * @param progress receives progress of the factorization and of measuring the error
     * @return the compressed embedding (vocabulary shared with {@code embeddings}, matrices its own)
     *     and the report; provenance records the errors and, when factorized, the kept energy
     * @throws IllegalArgumentException if the vectors hold NaN or infinity, the rank rule gives a
     *     rank outside {@code [1, min(V, d)]}, the method cannot factorize a matrix of this size
     *     (see {@link dev.lore.linalg.TruncatedSvd#compute}), or a quantized range overflows float
     * @throws NullPointerException if an argument is null
     */
    public static CompressionResult compress(WordVectors embeddings, CompressionSpec spec, Source source,
            ProgressListener progress) {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        if (spec.budget() != null) {
            return compressToBudget(embeddings, spec, source, progress);
        }
        long start = System.nanoTime();
        INDArray e = embeddings.matrix();
        int v = embeddings.size();
        int d = embeddings.dimension();
        long originalParameters = Math.multiplyExact((long) v, d);
        if (spec.isDense()) {
            StoredMatrix m;
            double relativeError = 0.0; // an exact copy unless quantized
            double maxAbsError = 0.0;
            if (spec.quantization() == null && spec.productQuantization() == null) {
                m = StoredMatrix.of(e.dup('c'));
            } else {
                m = spec.quantization() != null ? StoredMatrix.of(QuantizedMatrix.quantize(e, spec.quantization()))
                        : productQuantize(e, spec.productQuantization(), spec.trainingHead(), progress);
                ReconstructionError err = ReconstructionError.of(e, m.toFloat());
                relativeError = err.relativeError();
                maxAbsError = err.maxAbsError();
            }
            Provenance p = withScheme(Provenance.of(source, "none", "", "", spec.seed()), spec)
                    .withExtra("error.relative", Double.toString(relativeError));
            double seconds = seconds(start);
            CompressionReport report = new CompressionReport(v, d, 0, new double[0], false, 1.0,
                    relativeError, maxAbsError, 0.0, originalParameters, originalParameters,
                    4 * originalParameters, m.storageBytes(), "none", 0.0, seconds);
            return new CompressionResult(CompressedEmbedding.dense(embeddings.vocabulary(), m, p), report);
        }
        SvdResult svd = spec.method().algorithm().compute(e, spec.rank(), progress);
        double factorSeconds = seconds(start);
        int r = svd.rank();
        INDArray a = svd.u(); // owned here: scaled in place
        INDArray b = svd.vt();
        scale(a, svd.keptSingularValues(), spec.placement(), true);
        scale(b, svd.keptSingularValues(), spec.placement(), false);
        StoredMatrix sa;
        StoredMatrix sb;
        if (spec.productQuantization() != null) {
            sa = productQuantize(a, spec.productQuantization(), spec.trainingHead(), progress);
            sb = StoredMatrix.of(b);
        } else if (spec.quantization() == null) {
            sa = StoredMatrix.of(a);
            sb = StoredMatrix.of(b);
        } else {
            sa = StoredMatrix.of(QuantizedMatrix.quantize(a, spec.quantization()));
            sb = spec.floatB() ? StoredMatrix.of(b) : StoredMatrix.of(QuantizedMatrix.quantize(b, spec.quantization()));
        }
        progress.start("measuring the error", -1, "");
        ReconstructionError err;
        try {
            err = ReconstructionError.of(e, sa.toFloat(), sb.toFloat());
        } finally {
            progress.finish();
        }
        Provenance p = withScheme(Provenance.of(source, svd.method(), spec.rank().describe(),
                        spec.placement().label(), spec.seed()), spec)
                .withExtra("error.relative", Double.toString(err.relativeError()))
                .withExtra("error.predicted", Double.toString(svd.predictedRelativeError()))
                .withExtra("energy.kept", Double.toString(svd.keptEnergy()));
        CompressedEmbedding ce = CompressedEmbedding.lowRank(embeddings.vocabulary(), sa, sb,
                svd.singularValues(), p);
        CompressionReport report = new CompressionReport(v, d, r, svd.singularValues(), svd.spectrumComplete(),
                svd.keptEnergy(), err.relativeError(), err.maxAbsError(), svd.predictedRelativeError(),
                originalParameters, ce.parameterCount(), 4 * originalParameters, ce.matrixBytes(),
                svd.method(), factorSeconds, seconds(start));
        return new CompressionResult(ce, report);
    }

    /**
     * Runs {@link BudgetSearch} with its default options (seed and the product quantizers' threads
     * from the spec), builds its choice, and records the budget and the choice in provenance.
     */
    private static CompressionResult compressToBudget(WordVectors embeddings, CompressionSpec spec, Source source,
            ProgressListener progress) {
        long start = System.nanoTime();
        BudgetSearch.checkBudget(spec.budget(), embeddings.size(), embeddings.dimension());
        BudgetSearch.Options options = BudgetSearch.Options.defaults().withSeed(spec.seed());
        progress.start("choosing the scheme for " + spec.budget().describe(), -1, "");
        BudgetSearch.Choice choice;
        try {
            choice = BudgetSearch.of(embeddings, options, ProgressListener.none()).choose(spec.budget());
        } finally {
            progress.finish();
        }
        CompressionSpec chosen = choice.best().spec(spec.seed(), options.threads()).withMethod(spec.method());
        if (chosen.productQuantization() != null) {
            chosen = chosen.withTrainingHead(spec.trainingHead());
        }
        CompressionResult r = compress(embeddings, chosen, source, progress);
        CompressedEmbedding ce = r.embedding();
        Provenance p = ce.provenance().withExtra("budget", spec.budget().describe())
                .withExtra("budget.bytes", Long.toString(choice.budgetBytes()))
                .withExtra("budget.choice", choice.best().label())
                .withExtra("budget.estimated_error", Double.toString(choice.best().error()))
                .withExtra("budget.candidates", Integer.toString(choice.considered().size()));
        if (ce.matrixBytes() != choice.best().bytes() || ce.matrixBytes() > choice.budgetBytes()) {
            throw new IllegalStateException("the built embedding takes " + ce.matrixBytes() + " bytes where "
                    + choice.best().label() + " was counted at " + choice.best().bytes() + " for a budget of "
                    + choice.budgetBytes());
        }
        CompressedEmbedding withBudget = ce.withProvenance(p);
        CompressionReport rep = r.report();
        CompressionReport report = new CompressionReport(rep.rows(), rep.cols(), rep.rank(), rep.singularValues(),
                rep.spectrumComplete(), rep.keptEnergy(), rep.relativeError(), rep.maxAbsError(), rep.predictedError(),
                rep.originalParameters(), rep.storedParameters(), rep.originalBytes(), rep.storedBytes(),
                rep.method(), rep.factorSeconds(), seconds(start));
        return new CompressionResult(withBudget, report);
    }

    /**
     * Product-quantizes {@code m}: the rotation and codebooks learned on its first {@code head} rows
     * (all of them unless the config gives a training sample size; a uniform sample of all rows when
     * {@code head} is 0 or not below the rows), then every row encoded.
     */
    private static StoredMatrix productQuantize(INDArray m, dev.lore.quant.ProductQuantizationConfig config,
            int head, ProgressListener progress) {
        progress.start("product quantization (M=" + config.subspaces() + ", b=" + config.bits() + ")", -1, "");
        try {
            if (head == 0 || head >= m.rows()) {
                return StoredMatrix.of(ProductQuantizer.quantize(m, config));
            }
            INDArray first = m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, head),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            // all of the head, unless a training sample size is given
            dev.lore.quant.ProductQuantizationConfig c = config.trainingRows() == 0 ? config.withTrainingRows(head)
                    : config;
            return StoredMatrix.of(ProductQuantizer.quantize(first, c).encode(m, config.threads()));
        } finally {
            progress.finish();
        }
    }

    /** {@code p} with the entry {@code scheme} and, for product quantization, {@code pq}. */
    private static Provenance withScheme(Provenance p, CompressionSpec spec) {
        Provenance out = p.withExtra("scheme", spec.schemeLabel());
        dev.lore.quant.ProductQuantizationConfig c = spec.productQuantization();
        if (c != null) {
            out = out.withExtra("pq", "M=" + c.subspaces() + " b=" + c.bits() + " rotation="
                    + c.rotation().name().toLowerCase(java.util.Locale.ROOT) + " iterations=" + c.iterations()
                    + " tolerance=" + c.tolerance() + " opq_iterations=" + c.opqIterations() + " training_rows="
                    + c.trainingRows() + " training_head=" + spec.trainingHead() + " seed=" + c.seed());
        } else if (spec.quantization() != null) {
            out = out.withExtra("quantization", spec.quantization().bits() + " bits per "
                    + spec.quantization().scope().name().toLowerCase(java.util.Locale.ROOT)
                    + (spec.rank() != null ? (spec.floatB() ? ", A only" : ", A and B") : ""));
        }
        return out;
    }

    /**
     * Scales, in place, column {@code j} of {@code a} (when {@code left}) or row {@code j} of
     * {@code b} by {@code placement}'s share of {@code s_j}.
     */
    private static void scale(INDArray m, double[] s, Placement placement, boolean left) {
        FloatBuffer buf = m.data().asNioFloat();
        int cols = m.columns();
        int rows = m.rows();
        double[] f = new double[s.length];
        boolean identity = true;
        for (int j = 0; j < s.length; j++) {
            f[j] = left ? placement.leftScale(s[j]) : placement.rightScale(s[j]);
            identity &= f[j] == 1.0;
        }
        if (identity) {
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                buf.put(k, (float) (buf.get(k) * f[left ? j : i]));
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
