package dev.lore.train;

import dev.lore.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A copy of the values of some parameters, to be written back later: how a training loop keeps
 * the best model seen so far without keeping a second model. Frozen parameters are copied too
 * (a later unfreeze must not leak into a restore). Not thread-safe.
 */
public final class ParameterSnapshot {

    private final List<Parameter> parameters;
    private final float[][] values;

    private ParameterSnapshot(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        this.values = new float[this.parameters.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new float[this.parameters.get(i).length()];
        }
        capture();
    }

    /**
     * A snapshot of the current values of {@code parameters} (not modified).
     *
     * @param parameters the parameters to copy and later restore; the list is copied
     * @return the snapshot, holding their current values
     * @throws NullPointerException if {@code parameters} or one of them is null
     */
    public static ParameterSnapshot of(List<Parameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return new ParameterSnapshot(parameters);
    }

    /** Replaces the stored copy with the current values. */
    public void capture() {
        for (int i = 0; i < values.length; i++) {
            buffer(parameters.get(i)).get(0, values[i]);
        }
    }

    /**
     * Writes the stored values back into the parameters (modifies them; their gradients are left
     * as they are and are overwritten by the next backward pass).
     */
    public void restore() {
        for (int i = 0; i < values.length; i++) {
            buffer(parameters.get(i)).put(0, values[i]);
        }
    }

    /**
     * Whether every parameter currently holds exactly the stored values.
     *
     * @return true if every value equals its copy bit for bit
     */
    public boolean matchesCurrent() {
        for (int i = 0; i < values.length; i++) {
            FloatBuffer b = buffer(parameters.get(i));
            for (int k = 0; k < values[i].length; k++) {
                if (Float.floatToRawIntBits(b.get(k)) != Float.floatToRawIntBits(values[i][k])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static FloatBuffer buffer(Parameter p) {
        // Parameter values are contiguous 'c' FLOAT arrays with offset 0, never views.
        return p.value().data().asNioFloat();
    }
}
