package org.didban.collector.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading, kept up to a limit: enough to fix the files in one pass
 * without flooding the operator (or the memory, when a hostile file is wrong on every row).
 */
final class Problems {
    static final int MAX_SHOWN = 100;
    private final List<InventoryProblem> shown = new ArrayList<>();
    private long count;

    void add(InventoryProblem p) {
        count++;
        if (shown.size() < MAX_SHOWN) {
            shown.add(p);
        }
    }

    void addAll(List<InventoryProblem> ps) {
        ps.forEach(this::add);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Throws what was found, if anything. */
    void throwIfAny() throws InvalidInventoryException {
        if (count == 0) {
            return;
        }
        List<InventoryProblem> out = new ArrayList<>(shown);
        if (count > shown.size()) {
            InventoryProblem last = shown.get(shown.size() - 1);
            out.add(new InventoryProblem(last.file(), last.line(), String.format(
                    "… and %,d more problems not shown; fix these and read again", count - shown.size())));
        }
        throw new InvalidInventoryException(out);
    }
}
