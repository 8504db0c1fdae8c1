package dev.lore.spark.bench;

import dev.lore.compress.CompressionReport;
import dev.lore.compress.CompressionSpec;
import dev.lore.compress.Source;
import dev.lore.linalg.RankRule;
import dev.lore.spark.SparkCompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * lore-spark against MLlib's {@code RowMatrix.computeSVD(k, computeU = true)} on the same synthetic
 * table, cached, in one Spark session; and lore-spark's time as the rows double. Not a test: run by
 * {@code spark/bin/bench-spark} (docs/BENCHMARKS.md, section "Spark").
 *
 * <p>Usage: {@code SparkBenchmark compare ROWS D REPEATS OUT_DIR} or
 * {@code SparkBenchmark scale D REPEATS OUT_DIR ROWS...}. The table: {@code E = Z diag(c) + g u^T},
 * {@code Z} and {@code g} standard normal, {@code c_j = (j + 1)^(-1/2)}, {@code u} a fixed random
 * unit vector times 2, seeded per partition. Output: one CSV line per run on stdout.
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
                    for (int run = 0; run < repeats; run++) {
                        lore(table, rows, d, partitions, run, out, "scale");
                    }
                    table.unpersist(true);
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
        for (int run = 0; run < repeats; run++) {
            CompressionReport lore = lore(table, rows, d, partitions, run, out, "compare");
            mllib(vectors, rows, d, lore.rank(), partitions, run);
        }
        vectors.unpersist(true);
        table.unpersist(true);
    }

    private static CompressionReport lore(Dataset<Row> table, long rows, int d, int partitions, int run, Path out,
            String mode) throws IOException {
        Files.createDirectories(out);
        Path target = out.resolve("bench-" + rows + "x" + d);
        long t0 = System.nanoTime();
        SparkCompressor.Result r = SparkCompressor.compress(table, "word", "vector",
                CompressionSpec.lowRank(RankRule.compression(0.9)), Source.none(), target,
                SparkCompressor.Options.defaults().withLayout(SparkCompressor.Layout.PARTS));
        double s = (System.nanoTime() - t0) / 1e9;
        CompressionReport rep = r.report();
        line(mode, rows, d, rep.rank(), partitions, run, "lore-spark", s, rep.relativeError(), rep.singularValues()[0],
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

    /** The synthetic table, cached and materialized. */
    static Dataset<Row> table(SparkSession spark, long rows, int d, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(p);
        }
        Random ur = new Random(12345);
        double[] u = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            u[j] = ur.nextGaussian();
            norm += u[j] * u[j];
        }
        for (int j = 0; j < d; j++) {
            u[j] *= 2 / Math.sqrt(norm);
        }
        long per = (rows + partitions - 1) / partitions;
        JavaRDD<Row> rdd = sc.parallelize(parts, partitions).flatMap(p -> {
            long from = p * per;
            long to = Math.min(rows, from + per);
            Random r = new Random(1000L + p);
            return new Iterator<Row>() {
                long i = from;

                @Override
                public boolean hasNext() {
                    return i < to;
                }

                @Override
                public Row next() {
                    double g = r.nextGaussian();
                    Float[] v = new Float[d];
                    for (int j = 0; j < d; j++) {
                        v[j] = (float) (r.nextGaussian() / Math.sqrt(j + 1) + g * u[j]);
                    }
                    return RowFactory.create("w" + i++, v);
                }
            };
        });
        StructType schema = new StructType().add("word", DataTypes.StringType)
                .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false));
        Dataset<Row> t = spark.createDataFrame(rdd, schema).persist(StorageLevel.MEMORY_ONLY());
        t.count();
        return t;
    }
}
