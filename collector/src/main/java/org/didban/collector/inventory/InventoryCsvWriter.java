package org.didban.collector.inventory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.Inventory;

/**
 * Writes the inventory and agents in the format {@link InventoryCsvReader} reads: UTF-8 without
 * a byte-order mark, LF line ends, every column in the documented order, values as the reader
 * canonicalises them (ISO dates, lower-case MACs, plain decimal degrees). What it writes reads
 * back to an equal inventory, and writing that again gives the same bytes. Cells are written as
 * they are: one starting with {@code = + - @} is text, never made into (or guarded as) a formula.
 */
public final class InventoryCsvWriter {

    /** Writes {@code branches.csv}, {@code devices.csv}, {@code macs.csv} and {@code agents.csv} to {@code files}. */
    public void write(Inventory inventory, AgentRegistry agents, InventoryFiles files) throws IOException {
        writeBranches(inventory, files.branches());
        writeDevices(inventory, files.devices());
        writeMacs(inventory, files.macs());
        writeAgents(agents, files.agents());
    }

    /**
     * Replaces the four files of {@code target} with the given inventory: each is written to a
     * temporary file beside it and synced, read back and compared (by SHA-256) with what was
     * written, and only then are all four moved over the old ones, each by an atomic rename. A
     * reader of any one file sees the old or the new file whole, never a part; the four renames
     * follow one another within microseconds (a crash between them is the one moment the set can
     * mix).
     *
     * @return the SHA-256 of each file written, by file name
     * @throws IOException when a file cannot be written or does not read back as written; the
     *                     old files are then untouched and the temporary ones removed
     */
    public Map<String, String> replace(Inventory inventory, AgentRegistry agents, InventoryFiles target) throws IOException {
        List<Path> finals = target.all();
        List<Path> temps = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        try {
            for (Path f : finals) {
                Path dir = f.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                temps.add(Files.createTempFile(dir, "." + f.getFileName() + ".", ".tmp"));
            }
            String[] written = {
                digest(temps.get(0), out -> writeBranches(inventory, out)),
                digest(temps.get(1), out -> writeDevices(inventory, out)),
                digest(temps.get(2), out -> writeMacs(inventory, out)),
                digest(temps.get(3), out -> writeAgents(agents, out))};
            for (int i = 0; i < temps.size(); i++) {
                Path t = temps.get(i);
                try (FileChannel ch = FileChannel.open(t, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                if (!sha256(t).equals(written[i])) {
                    throw new IOException(t + " does not read back as written (disk full? another writer?)");
                }
                hashes.put(finals.get(i).getFileName().toString(), written[i]);
            }
            for (int i = 0; i < finals.size(); i++) {
                keepPermissions(finals.get(i), temps.get(i));
            }
            for (int i = 0; i < finals.size(); i++) {
                move(temps.get(i), finals.get(i));
            }
            syncFolder(finals.get(0).toAbsolutePath().getParent());
            return hashes;
        } finally {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static String digest(Path file, Body body) throws IOException {
        MessageDigest md = sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
            body.write(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A replaced file keeps its permissions; a new one is readable by all (it holds no secret: tokens are hashed). */
    private static void keepPermissions(Path old, Path temp) throws IOException {
        try {
            Files.setPosixFilePermissions(temp, Files.exists(old) ? Files.getPosixFilePermissions(old)
                    : PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: it keeps what the platform gives
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + to + " atomically (" + e.getMessage() + ")", e);
        }
    }

    /** Makes the renames durable where the platform allows syncing a folder (Linux does). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a folder; the renames are done all the same
        }
    }

    public void writeBranches(Inventory inventory, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeBranches(inventory, out);
        }
    }

    public void writeDevices(Inventory inventory, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeDevices(inventory, out);
        }
    }

    public void writeMacs(Inventory inventory, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeMacs(inventory, out);
        }
    }

    public void writeAgents(AgentRegistry agents, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeAgents(agents, out);
        }
    }

    /** {@code branches.csv} to a stream, which is flushed and left open. */
    public void writeBranches(Inventory inventory, OutputStream stream) throws IOException {
        CSVPrinter out = printer(stream, InventoryColumns.BRANCHES);
        for (Branch b : inventory.branches()) {
            out.printRecord((Object[]) InventoryRecords.branchRow(inventory, b));
        }
        out.flush();
    }

    /** {@code devices.csv} to a stream, which is flushed and left open. */
    public void writeDevices(Inventory inventory, OutputStream stream) throws IOException {
        CSVPrinter out = printer(stream, InventoryColumns.DEVICES);
        for (Device d : inventory.devices()) {
            out.printRecord((Object[]) InventoryRecords.deviceRow(d));
        }
        out.flush();
    }

    /** {@code macs.csv} to a stream, which is flushed and left open. */
    public void writeMacs(Inventory inventory, OutputStream stream) throws IOException {
        CSVPrinter out = printer(stream, InventoryColumns.MACS);
        for (Inventory.AllowedMac m : inventory.allowedMacs()) {
            out.printRecord(m.branchCode(), m.mac(), m.deviceOrNote());
        }
        out.flush();
    }

    /** {@code agents.csv} to a stream, which is flushed and left open. */
    public void writeAgents(AgentRegistry agents, OutputStream stream) throws IOException {
        CSVPrinter out = printer(stream, InventoryColumns.AGENTS);
        for (Agent a : agents.agents()) {
            out.printRecord(a.id(), a.branchCode(), a.tokenSha256());
        }
        out.flush();
    }

    private static CSVPrinter printer(OutputStream stream, List<String> columns) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        CSVPrinter printer = new CSVPrinter(writer, CsvFile.FORMAT);
        printer.printRecord(columns);
        return printer;
    }
}
