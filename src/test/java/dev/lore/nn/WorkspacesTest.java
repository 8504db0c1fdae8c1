package dev.lore.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacesTest {

    @Test
    void anIdleWorkspaceIsLentAgainAndTheIdleOnesAreBounded() {
        Workspaces<int[]> w = new Workspaces<>(() -> new int[1]);
        int[] first = w.acquire();
        w.release(first);
        assertEquals(1, w.idleCount());
        assertSame(first, w.acquire());
        assertEquals(0, w.idleCount());
        List<int[]> many = new ArrayList<>();
        for (int i = 0; i < Workspaces.SLOTS + 5; i++) {
            many.add(w.acquire());
        }
        assertEquals(Workspaces.SLOTS + 5, many.stream().distinct().count(), "each caller gets its own");
        many.forEach(w::release);
        assertEquals(Workspaces.SLOTS, w.idleCount());
    }

    @Test
    void aFactoryThatMakesNothingIsAnError() {
        Workspaces<int[]> w = new Workspaces<>(() -> null);
        assertThrows(NullPointerException.class, w::acquire);
    }
}
