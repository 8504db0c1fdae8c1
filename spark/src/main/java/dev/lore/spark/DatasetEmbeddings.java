package dev.lore.spark;

import dev.lore.QuotedText;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of a {@code Dataset<Row>} with a word column ({@code string}) and a vector column
 * ({@code array<float>}, {@code array<double>} or an ML {@code Vector}, dense or sparse) as
 * {@link RowBlock}s, in the Dataset's partition and row order. Doubles are rounded to float, as
 * lore stores embeddings.
 *
 * <p>A missing word or vector, a null element, or a vector of another length than the first row's
 * fails the task with a {@link BadRowException} naming the row by its word. The rows are read
 * through Spark's internal rows, without building a {@code Row} object per row.
 *
 * <p>Stateless: every method may be called from any thread.
 */
public final class DatasetEmbeddings {

    private DatasetEmbeddings() {}

    /** How the vector column is stored. */
    enum VectorKind {
        FLOATS, DOUBLES, ML_VECTOR
    }

    /**
     * The kind of the vector column.
     *
     * @throws IllegalArgumentException if a column is missing or of another type, naming it
     */
    static VectorKind check(Dataset<Row> table, String wordColumn, String vectorColumn) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(wordColumn, "wordColumn");
        Objects.requireNonNull(vectorColumn, "vectorColumn");
        StructField w = field(table, wordColumn);
        if (!w.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("word column '" + wordColumn + "' must be a string, got "
                    + w.dataType().simpleString());
        }
        DataType v = field(table, vectorColumn).dataType();
        if (v instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return VectorKind.FLOATS;
        }
        if (v instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return VectorKind.DOUBLES;
        }
        if (v.equals(SQLDataTypes.VectorType())) {
            return VectorKind.ML_VECTOR;
        }
        throw new IllegalArgumentException("vector column '" + vectorColumn
                + "' must be array<float>, array<double> or an ML Vector, got " + v.simpleString());
    }

    private static StructField field(Dataset<Row> table, String name) {
        for (StructField f : table.schema().fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in " + table.schema().simpleString());
    }

    /**
     * The rows as blocks.
     *
     * @param table the table, not modified
     * @param wordColumn the name of its word column
     * @param vectorColumn the name of its vector column
     * @param dimension {@code d}, the length every vector must have, {@code >= 1}
     * @return the blocks, lazily computed
     * @throws IllegalArgumentException if a column is missing or of another type, or
     *     {@code dimension < 1}
     */
    public static JavaRDD<RowBlock> read(Dataset<Row> table, String wordColumn, String vectorColumn, int dimension) {
        VectorKind kind = check(table, wordColumn, vectorColumn);
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        Dataset<Row> two = table.select(functions.col(wordColumn), functions.col(vectorColumn));
        return two.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(it -> new Blocks(it, kind, dimension), true);
    }

    /**
     * The length of the first row's vector, or 0 if the table has no rows.
     *
     * @param table the table
     * @param wordColumn its word column
     * @param vectorColumn its vector column
     * @return {@code d}, or 0 for an empty table
     * @throws IllegalArgumentException if a column is missing or of another type
     */
    public static int firstDimension(Dataset<Row> table, String wordColumn, String vectorColumn) {
        VectorKind kind = check(table, wordColumn, vectorColumn);
        Dataset<Row> two = table.select(functions.col(wordColumn), functions.col(vectorColumn));
        java.util.List<Integer> first = two.queryExecution().toRdd().toJavaRDD()
                .map(r -> r.isNullAt(1) ? -1 : length(r, kind)).take(1);
        if (first.isEmpty()) {
            return 0;
        }
        int d = first.get(0);
        if (d < 1) {
            throw new BadRowException("the first row has no vector");
        }
        return d;
    }

    private static int length(InternalRow r, VectorKind kind) {
        if (kind == VectorKind.ML_VECTOR) {
            InternalRow v = r.getStruct(1, 4);
            return v.getByte(0) == 1 ? v.getArray(3).numElements() : v.getInt(1);
        }
        return r.getArray(1).numElements();
    }

    /** Turns internal rows into blocks of {@link TextEmbeddings#BLOCK_ROWS}. */
    private static final class Blocks implements Iterator<RowBlock> {
        private final Iterator<InternalRow> rows;
        private final VectorKind kind;
        private final int d;
        private long seen;

        Blocks(Iterator<InternalRow> rows, VectorKind kind, int d) {
            this.rows = rows;
            this.kind = kind;
            this.d = d;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public RowBlock next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            int max = TextEmbeddings.BLOCK_ROWS;
            String[] words = new String[max];
            float[] values = new float[max * d];
            int n = 0;
            while (n < max && rows.hasNext()) {
                InternalRow r = rows.next();
                if (r.isNullAt(0)) {
                    throw new BadRowException("row " + seen + " of partition " + partition() + " has no word");
                }
                String word = r.getUTF8String(0).toString();
                if (r.isNullAt(1)) {
                    throw new BadRowException(name(word) + ": no vector");
                }
                fill(r, word, values, n * d);
                words[n++] = word;
                seen++;
            }
            return RowBlock.of(n == max ? words : Arrays.copyOf(words, n),
                    n == max ? values : Arrays.copyOf(values, n * d), n, d);
        }

        private void fill(InternalRow r, String word, float[] out, int base) {
            if (kind == VectorKind.ML_VECTOR) {
                InternalRow v = r.getStruct(1, 4);
                boolean dense = v.getByte(0) == 1;
                ArrayData vals = v.getArray(3);
                if (dense) {
                    checkLength(word, vals.numElements());
                    for (int k = 0; k < d; k++) {
                        out[base + k] = finite(word, k, vals.getDouble(k));
                    }
                } else {
                    checkLength(word, v.getInt(1));
                    ArrayData idx = v.getArray(2);
                    Arrays.fill(out, base, base + d, 0f);
                    for (int k = 0; k < idx.numElements(); k++) {
                        int j = idx.getInt(k);
                        out[base + j] = finite(word, j, vals.getDouble(k));
                    }
                }
                return;
            }
            ArrayData a = r.getArray(1);
            checkLength(word, a.numElements());
            for (int k = 0; k < d; k++) {
                if (a.isNullAt(k)) {
                    throw new BadRowException(name(word) + ": value " + (k + 1) + " is null");
                }
            }
            if (kind == VectorKind.FLOATS) {
                System.arraycopy(a.toFloatArray(), 0, out, base, d); // one bulk copy
                for (int k = 0; k < d; k++) {
                    if (!Float.isFinite(out[base + k])) {
                        finite(word, k, out[base + k]);
                    }
                }
            } else {
                for (int k = 0; k < d; k++) {
                    out[base + k] = finite(word, k, a.getDouble(k));
                }
            }
        }

        private void checkLength(String word, int n) {
            if (n != d) {
                throw new BadRowException(name(word) + ": expected " + d + " values, found " + n);
            }
        }

        private static float finite(String word, int k, double v) {
            float f = (float) v;
            if (!Float.isFinite(f)) {
                throw new BadRowException(name(word) + ": value " + (k + 1) + " must be finite"
                        + (Double.isFinite(v) ? " as a float" : "") + ", got " + v);
            }
            return f;
        }

        private static String name(String word) {
            return "row '" + QuotedText.of(word) + "'";
        }

        private static int partition() {
            TaskContext c = TaskContext.get();
            return c == null ? -1 : c.partitionId();
        }
    }
}
