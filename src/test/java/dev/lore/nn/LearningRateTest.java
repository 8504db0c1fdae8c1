package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

class LearningRateTest {

    @Test
    void constantIsValidated() {
        assertEquals(0.5, LearningRate.constant(0.5).at(7, 2));
        assertEquals(0.0, LearningRate.constant(0).at(0, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(Double.POSITIVE_INFINITY));
    }

    @Test
    void adaptersPassIterationAndEpoch() {
        assertEquals(12.0, LearningRate.of(it -> it * 2.0).at(6, 9));
        AtomicInteger calls = new AtomicInteger();
        LearningRate supplied = LearningRate.of(() -> calls.incrementAndGet());
        assertEquals(1.0, supplied.at(0, 0));
        assertEquals(2.0, supplied.at(0, 0));
        ISchedule schedule = new ISchedule() {
            @Override
            public double valueAt(int iteration, int epoch) {
                return iteration * 10 + epoch;
            }

            @Override
            public ISchedule clone() {
                return this;
            }
        };
        assertEquals(43.0, LearningRate.of(schedule).at(4, 3));
        assertThrows(IllegalStateException.class, () -> LearningRate.of(schedule).at(1L << 31, 0));
    }
}
