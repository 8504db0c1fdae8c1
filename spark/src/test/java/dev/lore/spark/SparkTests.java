package dev.lore.spark;

import dev.lore.io.Vocabulary;
import dev.lore.io.WordVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.factory.Nd4j;

/** The tests' one Spark session (local[2], shared by every test class of the run) and their tables. */
final class SparkTests {

    private static SparkSession session;

    private SparkTests() {}

    /** The shared session, created at the first call and stopped when the JVM exits. */
    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("lore-spark tests")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2").getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /**
     * A seeded {@code rows x d} table with a decaying spectrum: {@code E = Z diag(0.85^j) + 0.3},
     * {@code Z} standard normal.
     */
    static float[] table(int rows, int d, long seed) {
        Random r = new Random(seed);
        float[] e = new float[rows * d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                e[i * d + j] = (float) (r.nextGaussian() * Math.pow(0.85, j) + 0.3);
            }
        }
        return e;
    }

    static String[] words(int rows) {
        String[] w = new String[rows];
        for (int i = 0; i < rows; i++) {
            w[i] = "w" + i;
        }
        return w;
    }

    /** The table as lore's in-memory vectors. */
    static WordVectors vectors(String[] words, float[] e, int d) {
        return new WordVectors(Vocabulary.of(words), Nd4j.create(e.clone(), new long[] {words.length, d}, 'c'));
    }

    /** The table as a Dataset (word string, vector array<float>) in its row order, {@code partitions} slices. */
    static Dataset<Row> dataset(String[] words, float[] e, int d, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            Float[] v = new Float[d];
            for (int j = 0; j < d; j++) {
                v[j] = e[i * d + j];
            }
            rows.add(RowFactory.create(words[i], v));
        }
        StructType schema = new StructType().add("word", DataTypes.StringType)
                .add("vector", DataTypes.createArrayType(DataTypes.FloatType));
        return session().createDataFrame(context().parallelize(rows, partitions), schema);
    }
}
