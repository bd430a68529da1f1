package org.didban.collector.inventory;

/** One thing wrong with an inventory file, located for the person who must fix it. */
public record InventoryProblem(String file, long line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
