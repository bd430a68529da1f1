package org.didban.collector.inventory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Inventory files that cannot be loaded. Lists the problems found (each with file, line and
 * reason) so that an operator fixes them in one pass; nothing of the files was loaded.
 */
public final class InvalidInventoryException extends Exception {
    private final List<InventoryProblem> problems;

    public InvalidInventoryException(List<InventoryProblem> problems) {
        super(problems.stream().map(InventoryProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<InventoryProblem> problems() {
        return problems;
    }
}
