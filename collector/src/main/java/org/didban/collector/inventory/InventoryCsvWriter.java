package org.didban.collector.inventory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * Writes the inventory and agents in the format {@link InventoryCsvReader} reads: UTF-8 without
 * a byte-order mark, LF line ends, columns in the documented order. What it writes reads back to
 * an equal inventory, and writing that again gives the same bytes.
 */
public final class InventoryCsvWriter {

    /** Writes {@code branches.csv}, {@code devices.csv} and {@code agents.csv} to {@code files}. */
    public void write(Inventory inventory, AgentRegistry agents, InventoryFiles files) throws IOException {
        writeBranches(inventory, files.branches());
        writeDevices(inventory, files.devices());
        writeAgents(agents, files.agents());
    }

    public void writeBranches(Inventory inventory, Path file) throws IOException {
        try (CSVPrinter out = printer(file, InventoryColumns.BRANCHES)) {
            for (Branch b : inventory.branches()) {
                County c = inventory.county(b.countyCode());
                Province p = inventory.province(b.provinceCode());
                out.printRecord(p.code(), p.nameFa(), p.nameEn(),
                        c.code(), c.nameFa(), c.nameEn(),
                        b.code(), b.nameFa(), b.nameEn(),
                        b.mobile(), b.sensitive(), b.sensitiveReason(),
                        b.fiber().wireName(), b.fiberPlanned() == null ? "" : b.fiberPlanned().toString(),
                        b.location() == null ? "" : Double.toString(b.location().latitude()),
                        b.location() == null ? "" : Double.toString(b.location().longitude()),
                        b.cameraCount(), b.inspector());
            }
        }
    }

    public void writeDevices(Inventory inventory, Path file) throws IOException {
        try (CSVPrinter out = printer(file, InventoryColumns.DEVICES)) {
            for (Device d : inventory.devices()) {
                out.printRecord(d.id(), d.branchCode(), d.role().wireName(), d.address(), d.credentialRef());
            }
        }
    }

    public void writeAgents(AgentRegistry agents, Path file) throws IOException {
        try (CSVPrinter out = printer(file, InventoryColumns.AGENTS)) {
            for (Agent a : agents.agents()) {
                out.printRecord(a.id(), a.branchCode(), a.tokenSha256());
            }
        }
    }

    private static CSVPrinter printer(Path file, List<String> columns) throws IOException {
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CsvFile.FORMAT);
        printer.printRecord(columns);
        return printer;
    }
}
