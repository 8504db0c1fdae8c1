package dev.lore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.compress.CompressionReport;
import dev.lore.linalg.RankRule;
import dev.lore.linalg.SvdMethod;
import dev.lore.linalg.SvdResult;
import dev.lore.nn.TokenBatch;
import dev.lore.quant.QuantizationReport;
import dev.lore.train.Evaluation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SummaryTest {

    @Test
    void shortArraysPrintWhole() {
        assertEquals("[]", Summary.doubles(new double[0]));
        assertEquals("[1.0, 0.1, 3.0E-9]", Summary.doubles(new double[] {1, 0.1, 3e-9}));
        assertEquals("[1, -2]", Summary.ints(new int[] {1, -2}));
    }

    @Test
    void longArraysShowTheirLength() {
        double[] v = new double[20];
        v[0] = 0.5;
        String s = Summary.doubles(v);
        assertTrue(s.startsWith("[0.5, 0.0,"), s);
        assertTrue(s.endsWith(", ... (20 values)]"), s);
        assertEquals(Summary.SHOWN + 1, s.split(", ").length);
    }

    @Test
    void resultRecordsPrintValuesNotIdentities() {
        CompressionReport c = new CompressionReport(4, 3, 1, new double[] {3, 2, 1}, true, 0.64, 0.5, 0.25,
                0.5, 12, 7, 48, 28, "gram-mixed", 0.01, 0.02);
        String s = c.toString();
        assertTrue(s.contains("singularValues=[3.0, 2.0, 1.0]"), s);
        assertTrue(s.contains("relativeError=0.5"), s);
        assertFalse(s.contains("[D@"), s);
        assertTrue(new QuantizationReport(0.1, 0.2, 10, 40).toString().contains("ratio=4.0"));
        SvdResult r = SvdMethod.EXACT.algorithm().compute(Nd4j.eye(3).castTo(DataType.FLOAT), RankRule.rank(2));
        assertTrue(r.toString().contains("singularValues=[1.0, 1.0, 1.0]"), r.toString());
        assertTrue(r.toString().contains("u=FLOAT [3, 2] 'c'"), r.toString());
        assertEquals("Evaluation[accuracy=0.75, examples=4, confusion=[[2, 1], [0, 1]]]",
                new Evaluation(new int[][] {{2, 1}, {0, 1}}).toString());
        TokenBatch b = new TokenBatch(Nd4j.zeros(DataType.INT, 2, 3), new int[] {3, 1}, null);
        assertEquals("TokenBatch[INT [2, 3] 'c', lengths=[3, 1], labels=none]", b.toString());
    }
}
