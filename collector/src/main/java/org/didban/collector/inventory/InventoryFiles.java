package org.didban.collector.inventory;

import java.nio.file.Path;
import java.util.Objects;

/** Where the three inventory files are. {@link #in(Path)} gives the conventional names in one folder. */
public record InventoryFiles(Path branches, Path devices, Path agents) {
    public InventoryFiles {
        Objects.requireNonNull(branches, "branches");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(agents, "agents");
    }

    /** {@code branches.csv}, {@code devices.csv} and {@code agents.csv} in {@code folder}. */
    public static InventoryFiles in(Path folder) {
        return new InventoryFiles(folder.resolve("branches.csv"), folder.resolve("devices.csv"), folder.resolve("agents.csv"));
    }
}
