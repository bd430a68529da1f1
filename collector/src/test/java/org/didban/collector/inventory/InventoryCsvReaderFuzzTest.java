package org.didban.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the CSV importer: arbitrary content for {@code branches.csv}, {@code devices.csv},
 * {@code agents.csv} and {@code macs.csv}, written to a temporary folder and read as the collector
 * reads an inventory. It loads or throws {@link InvalidInventoryException} with at least one
 * problem; anything else fails.
 *
 * <p>One input holds the four files in that order, separated by form feeds (0x0C); a file with no
 * section is empty, except {@code macs.csv}, which is then absent (it is optional). A normal build
 * runs only the seeds in {@code InventoryCsvReaderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes (docs/SECURITY.md, section Fuzzing).
 */
class InventoryCsvReaderFuzzTest {
    private static final byte SEPARATOR = 0x0C;
    private static final Path FOLDER;

    static {
        try {
            FOLDER = Files.createTempDirectory("didban-inventory-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final InventoryFiles FILES = InventoryFiles.in(FOLDER);
    private static final InventoryCsvReader READER = new InventoryCsvReader();

    @FuzzTest(maxDuration = "3m")
    void readArbitraryInventory(byte[] input) throws IOException {
        byte[][] sections = split(input);
        Files.write(FILES.branches(), sections[0]);
        Files.write(FILES.devices(), sections[1]);
        Files.write(FILES.agents(), sections[2]);
        if (sections[3] != null) {
            Files.write(FILES.macs(), sections[3]);
        } else {
            Files.deleteIfExists(FILES.macs());
        }
        try {
            InventoryCsvReader.Loaded loaded = READER.read(FILES);
            assertThat(loaded.inventory()).isNotNull();
            assertThat(loaded.agents()).isNotNull();
        } catch (InvalidInventoryException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }

    /** branches, devices, agents (empty when absent) and macs (null when absent). */
    private static byte[][] split(byte[] input) {
        byte[][] out = {new byte[0], new byte[0], new byte[0], null};
        int section = 0;
        int start = 0;
        for (int i = 0; i <= input.length && section < 4; i++) {
            if (i == input.length || (input[i] == SEPARATOR && section < 3)) {
                out[section++] = Arrays.copyOfRange(input, start, i);
                start = i + 1;
            }
        }
        return out;
    }

    @AfterAll
    static void removeFolder() throws IOException {
        for (Path p : FILES.all()) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(FOLDER);
    }
}
