package org.didban.collector;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InvalidInventoryException;
import org.didban.collector.inventory.InventoryCsvReader;
import org.didban.collector.inventory.InventoryCsvWriter;
import org.didban.collector.inventory.InventoryDiff;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.collector.ledger.AlertLedger;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code didban inventory diff|apply|export|generate}: the inventory files (docs/INVENTORY.md)
 * compared, imported with every change in the audit log, re-written canonically, or made up.
 * Exit codes: 0 done, 1 the files are refused (each problem printed as file:line: reason;
 * nothing was changed or recorded), 2 the command could not run (a folder missing, the ledger
 * not to be opened, a write failed).
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Compare, import (with an audit record of every change), re-write or generate inventory files.",
        subcommands = {InventoryCommand.Diff.class, InventoryCommand.Apply.class, InventoryCommand.Export.class,
                InventoryCommand.Generate.class})
final class InventoryCommand implements Runnable {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int TROUBLE = 2;
    /** Audit records handed to the ledger before waiting for them to be committed. */
    static final int AUDIT_CHUNK = 5_000;

    @Override
    public void run() {
        System.err.println("didban inventory: say diff, apply, export or generate (didban inventory --help)");
    }

    /** Why a command stops: the message for stderr and the exit code. */
    static final class Stop extends Exception {
        final int exit;

        Stop(int exit, String message) {
            super(message);
            this.exit = exit;
        }
    }

    /**
     * The inventory in {@code dir}. A folder with none of the files is an empty inventory when
     * {@code emptyWhenNone} (the state before a first import); {@code macs.csv} may be missing
     * unless {@code requireAll}.
     */
    static InventoryCsvReader.Loaded read(String command, Path dir, boolean emptyWhenNone, boolean requireAll) throws Stop {
        if (!Files.isDirectory(dir)) {
            throw new Stop(TROUBLE, "didban inventory " + command + ": no folder " + dir);
        }
        InventoryFiles files = InventoryFiles.in(dir);
        List<Path> missing = new ArrayList<>(files.missing());
        if (emptyWhenNone && missing.size() == files.all().size()) {
            return new InventoryCsvReader.Loaded(Inventory.empty(), AgentRegistry.empty());
        }
        boolean macsMissing = missing.contains(files.macs());
        if (!requireAll) {
            missing.remove(files.macs());
        }
        if (!missing.isEmpty()) {
            throw new Stop(TROUBLE, "didban inventory " + command + ": " + dir + " lacks "
                    + String.join(", ", missing.stream().map(p -> p.getFileName().toString()).toList())
                    + (requireAll && macsMissing ? " (no allowed MACs at all is macs.csv with its header alone)" : ""));
        }
        try {
            return new InventoryCsvReader().read(files);
        } catch (InvalidInventoryException e) {
            throw new Stop(REFUSED, "didban inventory " + command + ": the files in " + dir + " are refused"
                    + ("diff".equals(command) ? "" : "; nothing was changed") + ":\n" + e.getMessage());
        } catch (IOException e) {
            throw new Stop(TROUBLE, "didban inventory " + command + ": cannot read " + dir + ": " + e.getMessage());
        }
    }

    static int stopped(Stop s) {
        System.err.println(s.getMessage());
        return s.exit;
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what changes from one inventory folder to another: added, changed (field by field),"
                    + " removed provinces, counties, branches, devices, allowed MACs and agents.")
    static final class Diff implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "DIR",
                description = "The inventory as it is (a folder with no inventory files: empty).")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "The inventory as it would be.")
        Path to;

        @Option(names = "--json", description = "Print the diff as JSON.")
        boolean json;

        @Option(names = "--summary", description = "Print the counts only, not every change.")
        boolean summary;

        @Override
        public Integer call() {
            try {
                InventoryDiff diff = InventoryDiff.between(read("diff", from, true, false), read("diff", to, true, false));
                PrintStream out = System.out;
                if (json) {
                    out.println((summary ? diff.summaryJson() : diff.toJson()).encodePrettily());
                } else {
                    out.print(summary ? diff.summaryText() : diff.toText());
                }
                return OK;
            } catch (Stop s) {
                return stopped(s);
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Check new inventory files (all or nothing), show what changes and, with --yes, record every"
                    + " change in the audit log and replace the files of the inventory folder. A collector reads the"
                    + " new inventory at its next start; stop it first when the ledger is the embedded one.")
    static final class Apply implements Callable<Integer> {
        @Option(names = "--to", required = true, paramLabel = "DIR",
                description = "The new files: branches.csv, devices.csv, macs.csv, agents.csv.")
        Path to;

        @Option(names = "--into", required = true, paramLabel = "INVENTORY_DIR",
                description = "The inventory folder the collector reads (created on a first import).")
        Path into;

        @Mixin
        LedgerOptions ledger = new LedgerOptions();

        @Option(names = "--actor", paramLabel = "NAME", description = "Who imports, for the audit log (default: the OS user).")
        String actor = System.getProperty("user.name", "unknown");

        @Option(names = "--yes", description = "Record and apply; without it nothing is recorded or changed (a dry run).")
        boolean yes;

        @Option(names = "--summary", description = "Print the counts only, not every change.")
        boolean summary;

        @Override
        public Integer call() {
            try {
                checkActor(actor);
                InventoryCsvReader.Loaded next = read("apply", to, false, true);
                if (Files.exists(into) && !Files.isDirectory(into)) {
                    throw new Stop(TROUBLE, "didban inventory apply: " + into + " is not a folder");
                }
                if (!yes) {
                    return diffAndMaybeApply(next);
                }
                // One import at a time into a folder: from reading what is there to replacing it, so
                // that two operators cannot both apply against the same old files and lose one import.
                Files.createDirectories(into);
                try (java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(
                        into.resolve(".inventory.lock"), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                     java.nio.channels.FileLock lock = lockFile.tryLock()) {
                    if (lock == null) {
                        throw new Stop(TROUBLE, "didban inventory apply: another import into " + into
                                + " is running; nothing recorded, nothing changed");
                    }
                    return diffAndMaybeApply(next);
                }
            } catch (Stop s) {
                return stopped(s);
            } catch (java.nio.channels.OverlappingFileLockException e) {
                // the lock is held in this very process
                return stopped(new Stop(TROUBLE, "didban inventory apply: another import into " + into
                        + " is running; nothing recorded, nothing changed"));
            } catch (IOException e) {
                return stopped(new Stop(TROUBLE, "didban inventory apply: cannot lock " + into + " (" + e.getMessage()
                        + "); nothing recorded, nothing changed"));
            }
        }

        private int diffAndMaybeApply(InventoryCsvReader.Loaded next) throws Stop {
            {
                InventoryCsvReader.Loaded current;
                try {
                    current = Files.isDirectory(into) ? read("apply", into, true, false)
                            : new InventoryCsvReader.Loaded(Inventory.empty(), AgentRegistry.empty());
                } catch (Stop s) {
                    throw new Stop(TROUBLE, s.getMessage().replace("are refused; nothing was changed",
                            "(the current inventory) do not read; fix them or move them away first"));
                }
                InventoryDiff diff = InventoryDiff.between(current, next);
                System.out.print(summary ? diff.summaryText() : diff.toText());
                if (diff.isEmpty()) {
                    System.out.println("nothing to apply; nothing recorded, " + into + " left as it is");
                    return OK;
                }
                if (!yes) {
                    System.out.println("dry run: nothing recorded, nothing changed; add --yes to record and apply");
                    return OK;
                }
                return apply(diff, next);
            }
        }

        private int apply(InventoryDiff diff, InventoryCsvReader.Loaded next) throws Stop {
            String importId = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            AlertLedger opened;
            try {
                opened = AlertLedger.open(ledger.settings(), new AlertFeed());
            } catch (Exception e) {
                throw new Stop(TROUBLE, "didban inventory apply: cannot open the ledger (" + e.getMessage() + ")"
                        + (ledger.url == null ? "; is a collector running on " + ledger.dataDir + "? stop it first" : "")
                        + "; nothing recorded, nothing changed");
            }
            try (AlertLedger audit = opened) {
                long first = 0;
                long last = 0;
                try {
                    List<InventoryDiff.Change> changes = diff.changes();
                    for (int from = 0; from < changes.size(); from += AUDIT_CHUNK) {
                        List<CompletableFuture<Long>> pending = new ArrayList<>();
                        for (int i = from; i < Math.min(changes.size(), from + AUDIT_CHUNK); i++) {
                            JsonObject detail = new JsonObject().put("import", importId).put("n", i + 1)
                                    .put("of", changes.size()).mergeIn(changes.get(i).toJson());
                            pending.add(audit.recordAudit("inventory_changed", actor, now, detail));
                        }
                        for (CompletableFuture<Long> p : pending) {
                            long seq = p.get(5, TimeUnit.MINUTES);
                            first = first == 0 ? seq : first;
                            last = seq;
                        }
                    }
                } catch (Exception e) {
                    if (first > 0) {
                        // some changes are in the chain already: the chain must also say they were not applied
                        try {
                            audit.recordAudit("inventory_apply_failed", actor, System.currentTimeMillis(), new JsonObject()
                                    .put("import", importId).put("first_seq", first).put("last_seq", last)
                                    .put("reason", "the audit log could not record every change: " + e.getMessage()))
                                    .get(1, TimeUnit.MINUTES);
                        } catch (Exception ignored) {
                            // the log is failing; the message below says what is known
                        }
                    }
                    throw new Stop(TROUBLE, "didban inventory apply: the audit log could not record the changes ("
                            + e.getMessage() + "); " + into + " left as it is");
                }
                System.out.printf("recorded %,d change%s in the audit log (records %d..%d, import %s)%n",
                        diff.size(), diff.size() == 1 ? "" : "s", first, last, importId);
                JsonObject summary = new JsonObject().put("import", importId).put("from", to.toAbsolutePath().toString())
                        .put("into", into.toAbsolutePath().toString()).put("records", diff.size())
                        .put("first_seq", first).put("last_seq", last).mergeIn(diff.summaryJson());
                InventoryFiles target = InventoryFiles.in(into);
                JsonObject hashes = new JsonObject();
                try {
                    new InventoryCsvWriter().replace(next.inventory(), next.agents(), target).forEach(hashes::put);
                } catch (IOException e) {
                    record(audit, "inventory_apply_failed", now, summary.put("reason", String.valueOf(e.getMessage())));
                    throw new Stop(TROUBLE, "didban inventory apply: cannot replace the files in " + into + " ("
                            + e.getMessage() + "); check them: a failure part way through the renames can leave some"
                            + " replaced. The audit log says the import failed.");
                }
                long seq = record(audit, "inventory_applied", System.currentTimeMillis(), summary.put("files", hashes));
                System.out.printf("replaced %s in %s (record %d); a collector reads them at its next start%n",
                        String.join(", ", target.all().stream().map(p -> p.getFileName().toString()).toList()), into, seq);
                return OK;
            }
        }

        private long record(AlertLedger audit, String kind, long at, JsonObject detail) throws Stop {
            try {
                return audit.recordAudit(kind, actor, at, detail).get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new Stop(TROUBLE, "didban inventory apply: the audit log could not record " + kind + " ("
                        + e.getMessage() + ")");
            }
        }

        private static void checkActor(String actor) throws Stop {
            if (actor == null || actor.isBlank() || actor.length() > 64 || actor.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new Stop(TROUBLE, "didban inventory apply: --actor must be a name of 1 to 64 characters without"
                        + " control characters");
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Check an inventory folder and write it again canonically (the format the writer keeps:"
                    + " ISO dates, lower-case MACs, every column).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "DIR", description = "The inventory folder to read.")
        Path from;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the four files.")
        Path out;

        @Override
        public Integer call() {
            try {
                InventoryCsvReader.Loaded loaded = read("export", from, false, false);
                new InventoryCsvWriter().replace(loaded.inventory(), loaded.agents(), InventoryFiles.in(out));
                System.out.printf("%,d branches, %,d devices, %,d allowed MACs, %,d agents written to %s%n",
                        loaded.inventory().branches().size(), loaded.inventory().devices().size(),
                        loaded.inventory().allowedMacs().size(), loaded.agents().size(), out);
                return OK;
            } catch (Stop s) {
                return stopped(s);
            } catch (IOException e) {
                System.err.println("didban inventory export: cannot write " + out + ": " + e.getMessage());
                return TROUBLE;
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a synthetic inventory (for demos, tests and load runs, never an election): branches over"
                    + " the most populous provinces, governors' representatives, members, device identities, allowed MACs"
                    + " and an agent per branch.")
    static final class Generate implements Callable<Integer> {
        static final List<DeviceRole> DEFAULT_ROLES = List.of(DeviceRole.ROUTER, DeviceRole.SWITCH, DeviceRole.MODEM,
                DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE, DeviceRole.UPS, DeviceRole.CAMERA, DeviceRole.NVR);

        @Option(names = "--branches", paramLabel = "N", description = "Branches (default ${DEFAULT-VALUE}, national size).")
        int branches = SyntheticInventory.NATIONAL_BRANCHES;

        @Option(names = "--provinces", paramLabel = "P", description = "Over the P most populous provinces (default ${DEFAULT-VALUE}).")
        int provinces = 31;

        @Option(names = "--seed", paramLabel = "S", description = "The same seed gives the same files (default ${DEFAULT-VALUE}).")
        long seed = 1403;

        @Option(names = "--roles", paramLabel = "ROLE", split = ",",
                description = "Devices per branch by role (default router,switch,modem,auth-device,voting-device,ups,camera,nvr).")
        List<String> roles;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the four files.")
        Path out;

        @Option(names = "--tokens", paramLabel = "FILE",
                description = "Also write each agent's plain token here (agent_id,branch_code,token; readable by you alone).")
        Path tokens;

        @Override
        public Integer call() {
            List<DeviceRole> chosen;
            try {
                chosen = roles == null ? DEFAULT_ROLES : roles.stream().map(DeviceRole::parse).distinct().toList();
                if (branches < 1 || provinces < 1 || provinces > 31) {
                    throw new IllegalArgumentException("--branches must be at least 1 and --provinces 1 to 31");
                }
            } catch (IllegalArgumentException e) {
                System.err.println("didban inventory generate: " + e.getMessage());
                return TROUBLE;
            }
            Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(), chosen, seed).generate(branches, provinces);
            List<Agent> agents = new ArrayList<>();
            StringBuilder plain = new StringBuilder("agent_id,branch_code,token\n");
            for (Branch b : inventory.branches()) {
                // Derived from the seed so that the files are reproducible: synthetic, never for a real election.
                String token = sha256Hex("didban-synthetic-agent/" + seed + "/" + b.code());
                agents.add(Agent.withToken(b.code() + "-a", b.code(), token));
                plain.append(b.code()).append("-a,").append(b.code()).append(',').append(token).append('\n');
            }
            try {
                new InventoryCsvWriter().replace(inventory, AgentRegistry.of(agents), InventoryFiles.in(out));
                if (tokens != null) {
                    writePrivate(tokens, plain.toString());
                }
            } catch (IOException e) {
                System.err.println("didban inventory generate: cannot write " + out + ": " + e.getMessage());
                return TROUBLE;
            }
            System.out.printf("%,d branches in %,d counties of %,d provinces, %,d devices, %,d allowed MACs, %,d agents"
                    + " written to %s%n", inventory.branches().size(), inventory.counties().size(),
                    inventory.provinces().size(), inventory.devices().size(), inventory.allowedMacs().size(),
                    agents.size(), out);
            return OK;
        }

        private static void writePrivate(Path file, String text) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(Agent.sha256(text));
    }
}
