package org.didban.collector.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the inventory files are. {@link #in(Path)} gives the conventional names in one folder.
 * {@code macs} may name a file that does not exist: then no MAC is registered.
 */
public record InventoryFiles(Path branches, Path devices, Path agents, Path macs) {
    public static final String BRANCHES = "branches.csv";
    public static final String DEVICES = "devices.csv";
    public static final String AGENTS = "agents.csv";
    public static final String MACS = "macs.csv";

    public InventoryFiles {
        Objects.requireNonNull(branches, "branches");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(macs, "macs");
    }

    /** The three files of the first release; allowed MACs are read from {@code macs.csv} beside {@code branches}. */
    public InventoryFiles(Path branches, Path devices, Path agents) {
        this(branches, devices, agents, branches.resolveSibling(MACS));
    }

    /** {@code branches.csv}, {@code devices.csv}, {@code agents.csv} and {@code macs.csv} in {@code folder}. */
    public static InventoryFiles in(Path folder) {
        return new InventoryFiles(folder.resolve(BRANCHES), folder.resolve(DEVICES), folder.resolve(AGENTS),
                folder.resolve(MACS));
    }

    /** All four, in the order they are written. */
    public List<Path> all() {
        return List.of(branches, devices, macs, agents);
    }

    /** The files of the four that do not exist. */
    public List<Path> missing() {
        return all().stream().filter(p -> !Files.isRegularFile(p)).toList();
    }
}
