package dev.lore.spark.bench;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Source;
import dev.lore.linalg.RankRule;
import dev.lore.spark.DatasetEmbeddings;
import dev.lore.spark.RowBlock;
import dev.lore.spark.SparkCompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * lore-spark against MLlib's {@code RowMatrix.computeSVD(k, computeU = true)} on the same synthetic
 * table, cached, in one Spark session; and lore-spark's time as the rows double. Not a test: run by
 * {@code spark/bin/bench-spark} (docs/BENCHMARKS.md, section "Spark").
 *
 * <p>Usage: {@code SparkBenchmark compare ROWS D REPEATS OUT_DIR} or
 * {@code SparkBenchmark scale D REPEATS OUT_DIR ROWS...}. The table: {@code E = Z diag(c) + g u^T},
 * {@code Z} and {@code g} standard normal, {@code c_j = (j + 1)^(-1/2)}, {@code u} a fixed random
 * vector of norm 2, seeded. Output: one CSV line per run on stdout.
 */
public final class SparkBenchmark {

    private SparkBenchmark() {}

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
                .appName("lore-spark benchmark").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false")
                .config("spark.driver.maxResultSize", "0").getOrCreate();
        int partitions = Integer.getInteger("bench.partitions", 4);
        try {
            System.out.println("mode,rows,d,rank,partitions,run,route,seconds,relative_error,s1,s_rank,load1");
            if (args[0].equals("compare")) {
                long rows = Long.parseLong(args[1]);
                int d = Integer.parseInt(args[2]);
                int repeats = Integer.parseInt(args[3]);
                Path out = Path.of(args[4]);
                compare(spark, rows, d, partitions, repeats, out);
            } else {
                int d = Integer.parseInt(args[1]);
                int repeats = Integer.parseInt(args[2]);
                Path out = Path.of(args[3]);
                for (int i = 4; i < args.length; i++) {
                    long rows = Long.parseLong(args[i]);
                    Dataset<Row> table = table(spark, rows, d, partitions);
                    JavaRDD<RowBlock> blocks = DatasetEmbeddings.read(table, "word", "vector", d)
                            .persist(StorageLevel.MEMORY_ONLY());
                    blocks.count();
                    table.unpersist(true);
                    if (i == 4) {
                        lore(blocks, rows, d, partitions, -1, out, "warmup");
                    }
                    for (int run = 0; run < repeats; run++) {
                        lore(blocks, rows, d, partitions, run, out, "scale");
                    }
                    blocks.unpersist(true);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static void compare(SparkSession spark, long rows, int d, int partitions, int repeats, Path out)
            throws IOException {
        Dataset<Row> table = table(spark, rows, d, partitions);
        // MLlib's own input: the same values as double vectors, cached and materialized before timing.
        JavaRDD<Vector> vectors = table.javaRDD().map(r -> {
            List<Float> v = r.getList(1);
            double[] x = new double[v.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = v.get(j);
            }
            return Vectors.dense(x);
        }).persist(StorageLevel.MEMORY_ONLY());
        vectors.count();
        // lore-spark's own input: the same values as row blocks (float arrays), cached likewise.
        JavaRDD<RowBlock> blocks = DatasetEmbeddings.read(table, "word", "vector", d)
                .persist(StorageLevel.MEMORY_ONLY());
        blocks.count();
        lore(blocks, rows, d, partitions, -1, out, "warmup"); // JIT and Spark's code paths, not reported
        for (int run = 0; run < repeats; run++) {
            CompressionReport lore = lore(blocks, rows, d, partitions, run, out, "compare");
            lore(table, rows, d, partitions, run, out, "compare-dataset");
            mllib(vectors, rows, d, lore.rank(), partitions, run);
        }
        blocks.unpersist(true);
        vectors.unpersist(true);
        table.unpersist(true);
    }

    /** lore-spark on the cached Dataset itself (its rows decoded from Spark's cache at every pass). */
    private static CompressionReport lore(Dataset<Row> table, long rows, int d, int partitions, int run, Path out,
            String mode) throws IOException {
        return lore(null, table, rows, d, partitions, run, out, mode);
    }

    /** lore-spark on cached row blocks. */
    private static CompressionReport lore(JavaRDD<RowBlock> blocks, long rows, int d, int partitions, int run,
            Path out, String mode) throws IOException {
        return lore(blocks, null, rows, d, partitions, run, out, mode);
    }

    private static CompressionReport lore(JavaRDD<RowBlock> blocks, Dataset<Row> table, long rows, int d,
            int partitions, int run, Path out, String mode) throws IOException {
        Files.createDirectories(out);
        Path target = out.resolve("bench-" + rows + "x" + d);
        CompressionSpec spec = CompressionSpec.lowRank(RankRule.compression(0.9));
        SparkCompressor.Options options = SparkCompressor.Options.defaults().withLayout(SparkCompressor.Layout.PARTS);
        long t0 = System.nanoTime();
        SparkCompressor.Result r = blocks != null
                ? SparkCompressor.compress(blocks, d, spec, Source.none(), target, options)
                : SparkCompressor.compress(table, "word", "vector", spec, Source.none(), target, options);
        double s = (System.nanoTime() - t0) / 1e9;
        CompressionReport rep = r.report();
        line(mode, rows, d, rep.rank(), partitions, run, blocks != null ? "lore-spark" : "lore-spark-dataset", s, rep.relativeError(), rep.singularValues()[0],
                rep.singularValues()[rep.rank() - 1]);
        System.err.printf(Locale.ROOT, "lore-spark %d x %d: gram %.2f s, duplicates %.2f s, project+write %.2f s%n",
                rows, d, r.gramSeconds(), r.duplicateSeconds(), r.projectSeconds());
        return rep;
    }

    private static void mllib(JavaRDD<Vector> vectors, long rows, int d, int k, int partitions, int run) {
        RowMatrix m = new RowMatrix(vectors.rdd(), rows, d);
        long t0 = System.nanoTime();
        SingularValueDecomposition<RowMatrix, Matrix> svd = m.computeSVD(k, true, 1e-9);
        long n = svd.U().rows().count(); // U is lazy: materialize it, as lore-spark materializes A
        double s = (System.nanoTime() - t0) / 1e9;
        if (n != rows) {
            throw new IllegalStateException("U has " + n + " rows, expected " + rows);
        }
        double[] sv = svd.s().toArray();
        double[] v = svd.V().toArray(); // column-major d x k
        // Untimed: the measured error ||E - U S V^T||_F / ||E||_F, row by row (U's rows follow E's).
        double[] sums = svd.U().rows().toJavaRDD().zip(vectors).map(t -> {
            double[] u = t._1().toArray();
            double[] e = t._2().toArray();
            double res = 0;
            double norm = 0;
            for (int j = 0; j < e.length; j++) {
                double x = 0;
                for (int c = 0; c < u.length; c++) {
                    x += u[c] * sv[c] * v[c * e.length + j];
                }
                res += (e[j] - x) * (e[j] - x);
                norm += e[j] * e[j];
            }
            return new double[] {res, norm};
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        line("compare", rows, d, k, partitions, run, "mllib-computeSVD", s, Math.sqrt(sums[0] / sums[1]), sv[0],
                sv[k - 1]);
    }

    private static void line(String mode, long rows, int d, int rank, int partitions, int run, String route,
            double seconds, double error, double s1, double sr) {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%s,%.3f,%.12f,%.9g,%.9g,%.2f%n", mode, rows, d, rank,
                partitions, run, route, seconds, error, s1, sr, load);
        System.out.flush();
    }

    /**
     * The synthetic table, cached and materialized, generated by Spark SQL expressions (seeded
     * {@code randn} per column; the same rows for the same number of partitions).
     */
    static Dataset<Row> table(SparkSession spark, long rows, int d, int partitions) {
        Random ur = new Random(12345);
        double[] u = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            u[j] = ur.nextGaussian();
            norm += u[j] * u[j];
        }
        Column[] values = new Column[d];
        for (int j = 0; j < d; j++) {
            values[j] = functions.randn(1000L + j).divide(Math.sqrt(j + 1))
                    .plus(functions.col("g").multiply(2 * u[j] / Math.sqrt(norm))).cast(DataTypes.FloatType);
        }
        Dataset<Row> t = spark.range(0, rows, 1, partitions).withColumn("g", functions.randn(999L))
                .select(functions.concat(functions.lit("w"), functions.col("id").cast(DataTypes.StringType)).as("word"),
                        functions.array(values).as("vector"))
                .persist(StorageLevel.MEMORY_ONLY());
        t.count();
        return t;
    }
}
