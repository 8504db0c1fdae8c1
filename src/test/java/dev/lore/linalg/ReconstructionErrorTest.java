package dev.lore.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReconstructionErrorTest {

    private static final double TOL = 1e-12;

    private static INDArray m(float[][] v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void factoredResidualByHand() {
        // E = [[1,2],[3,4]], A B = [[1,2],[1,2]]: residual [[0,0],[2,2]], 8 / 30.
        ReconstructionError e = ReconstructionError.of(m(new float[][] {{1, 2}, {3, 4}}),
                m(new float[][] {{1}, {1}}), m(new float[][] {{1, 2}}));
        assertEquals(Math.sqrt(8.0 / 30.0), e.relativeError(), TOL);
        assertEquals(2.0, e.maxAbsError(), TOL);
        assertEquals(30.0, e.squaredNorm(), TOL);
    }

    @Test
    void denseResidualByHand() {
        ReconstructionError e = ReconstructionError.of(m(new float[][] {{1, 2}, {3, 4}}),
                m(new float[][] {{1, 2.5f}, {3, 3}}));
        assertEquals(Math.sqrt(1.25 / 30.0), e.relativeError(), TOL);
        assertEquals(1.0, e.maxAbsError(), TOL);
    }

    @Test
    void spansSeveralBlocks() {
        int rows = ReconstructionError.BLOCK_ROWS + 904;
        INDArray e = Nd4j.ones(DataType.FLOAT, rows, 3);
        INDArray a = Nd4j.ones(DataType.FLOAT, rows, 1).muli(0.5);
        ReconstructionError err = ReconstructionError.of(e, a, Nd4j.ones(DataType.FLOAT, 1, 3));
        assertEquals(0.5, err.relativeError(), TOL);
        assertEquals(0.5, err.maxAbsError(), TOL);
        assertEquals(3.0 * rows, err.squaredNorm(), TOL);
    }

    @Test
    void zeroMatrixGivesTheAbsoluteError() {
        ReconstructionError e = ReconstructionError.of(Nd4j.zeros(DataType.FLOAT, 2, 2),
                m(new float[][] {{3}, {0}}), m(new float[][] {{0, 4}}));
        assertEquals(12.0, e.relativeError(), TOL);
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ReconstructionError.of(
                Nd4j.zeros(DataType.FLOAT, 2, 2), Nd4j.zeros(DataType.FLOAT, 3, 1), Nd4j.zeros(DataType.FLOAT, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> ReconstructionError.of(
                Nd4j.zeros(DataType.FLOAT, 2, 2), Nd4j.zeros(DataType.FLOAT, 2, 3)));
    }
}
