package dev.lore.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.Readme;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Compiles and runs the Java code of README.md's section on learning-rate schedules, and checks
 * that the section's lines appear here, in order, so the two cannot drift apart.
 */
class ReadmeSnippetTest {

    private static final String SECTION = "## Learning-rate schedules";
    private static final Path THIS_FILE = Path.of("src/test/java/dev/lore/schedule/ReadmeSnippetTest.java");

    @Test
    void handWrittenLoop() {
        LearningRateSchedule calr = LearningRateSchedules.parse("calr(ub=1e-3,lb=1e-6,step=69,decay=0.1)");
        double[] w = {1.0, -2.0};
        long iteration = 0;
        for (int epoch = 0; epoch < 10; epoch++) {
            for (int batch = 0; batch < 139; batch++, iteration++) {
                double lr = calr.valueAt(iteration, epoch);
                for (int j = 0; j < w.length; j++) {
                    w[j] -= lr * 2 * w[j];
                }
            }
        }
        assertTrue(w[0] > 0.5 && w[0] < 1.0 && w[1] < -1.0 && w[1] > -2.0, "w shrank: " + w[0] + ", " + w[1]);
    }

    @Test
    void nd4jUpdater() {
        Adam adam = new Adam(Nd4jSchedule.of(Calr.fineTuning(69)));
        INDArray param = Nd4j.rand(DataType.FLOAT, 100, 20);
        double before = param.norm2Number().doubleValue();
        GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(param.length())), true);
        int step = 0;
        for (int epoch = 0; epoch < 10; epoch++) {
            for (int batch = 0; batch < 139; batch++, step++) {
                INDArray grad = param.mul(2);          // a contiguous 'c'-ordered gradient
                updater.applyUpdater(grad, step, epoch);  // grad becomes the update, at calr.valueAt(step, epoch)
                param.subi(grad);
            }
        }
        double after = param.norm2Number().doubleValue();
        assertTrue(after < before, "Adam with CALR reduced |param|: " + before + " -> " + after);
    }

    @Test
    void snippetCodeIsTheCodeTestedHere() throws IOException {
        Readme.assertCodeIn(SECTION, THIS_FILE, 20);
    }
}
