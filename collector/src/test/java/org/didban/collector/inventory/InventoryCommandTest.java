package org.didban.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.didban.collector.CommandRun;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.ledger.LedgerVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code didban inventory diff|apply|export|generate} as an operator runs them. */
class InventoryCommandTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private record Record(long seq, String kind, String actor, JsonObject detail) {
    }

    private static List<Record> ledger(Path data) throws Exception {
        List<Record> out = new ArrayList<>();
        if (!Files.exists(data.resolve("ledger.mv.db"))) {
            return out;
        }
        LedgerSettings s = LedgerSettings.embedded(data);
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT seq, kind, actor, body FROM ledger ORDER BY seq")) {
            while (rs.next()) {
                out.add(new Record(rs.getLong(1), rs.getString(2), rs.getString(3),
                        new JsonObject(rs.getString(4)).getJsonObject("detail")));
            }
        }
        return out;
    }

    private static Map<String, byte[]> bytes(Path folder) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String f : InventoryFixtures.FILES) {
            Path p = folder.resolve(f);
            m.put(f, Files.exists(p) ? Files.readAllBytes(p) : null);
        }
        return m;
    }

    private static void edit(Path file, UnaryOperator<String> edit) throws IOException {
        Files.writeString(file, edit.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    // ── generate ────────────────────────────────────────────────────────────────────────────

    @Test
    void generateWritesAReproducibleSyntheticInventoryThatReads() throws Exception {
        Path a = dir.resolve("a");
        Path tokens = dir.resolve("tokens.csv");
        CommandRun r = run("inventory", "generate", "--branches", "250", "--provinces", "3", "--seed", "5", "--out", a.toString(),
                "--tokens", tokens.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("250 branches in ").contains("2,000 devices, 2,000 allowed MACs, 250 agents");
        InventoryCsvReader.Loaded loaded = new InventoryCsvReader().read(InventoryFiles.in(a));
        assertThat(loaded.inventory().branches()).hasSize(250);
        assertThat(loaded.inventory().provinces()).hasSize(3);
        assertThat(loaded.inventory().devicesOf("THR-00001")).hasSize(8);
        assertThat(loaded.inventory().allowedMacs("THR-00001")).hasSize(8);
        String line = Files.readAllLines(tokens).get(1);
        assertThat(loaded.agents().authenticate(line.split(",")[2])).map(Agent::id).contains(line.split(",")[0]);
        assertThat(Files.getPosixFilePermissions(tokens)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

        Path b = dir.resolve("b");
        assertThat(run("inventory", "generate", "--branches", "250", "--provinces", "3", "--seed", "5", "--out",
                b.toString()).exit()).isZero();
        assertThat(bytes(b)).containsExactlyEntriesOf(bytes(a));

        Path roles = dir.resolve("roles");
        assertThat(run("inventory", "generate", "--branches", "10", "--provinces", "1", "--roles", "router,ups",
                "--out", roles.toString()).exit()).isZero();
        assertThat(new InventoryCsvReader().read(InventoryFiles.in(roles)).inventory().devices()).hasSize(20);
        assertThat(run("inventory", "generate", "--roles", "toaster", "--out", roles.toString()).exit()).isEqualTo(2);
        assertThat(run("inventory", "generate", "--provinces", "32", "--out", roles.toString()).exit()).isEqualTo(2);
    }

    @Test
    void generateAtNationalSize() throws Exception {
        Path national = dir.resolve("national");
        CommandRun r = run("inventory", "generate", "--out", national.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("58,640 branches in ").contains(" of 31 provinces, 469,120 devices, 469,120 allowed MACs");
        for (String f : InventoryFixtures.FILES) {
            System.out.printf("national %s: %,d bytes%n", f, Files.size(national.resolve(f)));
        }
        // a national diff against itself, through the command line
        CommandRun same = run("inventory", "diff", "--from", national.toString(), "--to", national.toString());
        assertThat(same.out()).isEqualTo("inventory: no changes\n");
    }

    // ── export ──────────────────────────────────────────────────────────────────────────────

    @Test
    void exportWritesTheCanonicalFormAndRefusesBadFilesWithoutWriting() throws Exception {
        Path sample = InventoryFixtures.sample(dir.resolve("sample"));
        Path out = dir.resolve("out");
        CommandRun r = run("inventory", "export", "--from", sample.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("4 branches, 6 devices, 6 allowed MACs, 3 agents written to " + out + "\n");
        String branches = Files.readString(out.resolve("branches.csv"), StandardCharsets.UTF_8);
        assertThat(branches).contains(",planned,2025-03-19,").contains(",33.985,");
        assertThat(Files.readString(out.resolve("macs.csv"))).contains("THR-0001,00:22:6b:00:00:02,THR-0001-auth\n");

        Path again = dir.resolve("again");
        assertThat(run("inventory", "export", "--from", out.toString(), "--out", again.toString()).exit()).isZero();
        assertThat(bytes(again)).containsExactlyEntriesOf(bytes(out));
        assertThat(Files.list(out).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("branches.csv", "devices.csv", "macs.csv", "agents.csv"); // no temporary files left

        edit(sample.resolve("devices.csv"), t -> t.replace(",ups,", ",toaster,"));
        Map<String, byte[]> before = bytes(out);
        CommandRun bad = run("inventory", "export", "--from", sample.toString(), "--out", out.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("devices.csv:7: unknown device role 'toaster'");
        assertThat(bytes(out)).containsExactlyEntriesOf(before);
        assertThat(run("inventory", "export", "--from", dir.resolve("nowhere").toString(), "--out", out.toString()).exit())
                .isEqualTo(2);
    }

    // ── diff ────────────────────────────────────────────────────────────────────────────────

    @Test
    void diffPrintsTheChangesAsTextOrJson() throws Exception {
        Path from = InventoryFixtures.sample(dir.resolve("from"));
        Path to = InventoryFixtures.sample(dir.resolve("to"));
        edit(to.resolve("branches.csv"), t -> t.replace(",4,مریم رضایی,", ",5,مریم رضایی,"));
        edit(to.resolve("devices.csv"), t -> t.replace("ISF-0601-ups,ISF-0601,ups,10.6.1.4,snmp-v3-ups,U1500000001,UPS-1500VA,1.2.0,\n", ""));
        edit(to.resolve("macs.csv"), t -> t + "ISF-0601,00-26-8D-00-06-04,UPS\n");

        CommandRun r = run("inventory", "diff", "--from", from.toString(), "--to", to.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                inventory: 1 added, 1 changed, 1 removed
                  branch       +0 ~1 -0
                  device       +0 ~0 -1
                  allowed_mac  +1 ~0 -0
                ~ branch THR-0001
                    cameras: "4" → "5"
                - device ISF-0601-ups
                + allowed_mac ISF-0601 00:26:8d:00:06:04: branch_code="ISF-0601", mac="00:26:8d:00:06:04", device_or_note="UPS"
                """);

        CommandRun json = run("inventory", "diff", "--from", from.toString(), "--to", to.toString(), "--json");
        JsonObject j = new JsonObject(json.out());
        assertThat(j.getInteger("changed")).isEqualTo(1);
        assertThat(j.getJsonArray("changes")).hasSize(3);
        assertThat(j.getJsonArray("changes").getJsonObject(1).getJsonArray("fields").getJsonObject(0).getString("from"))
                .isEqualTo("ISF-0601");
        CommandRun summary = run("inventory", "diff", "--from", from.toString(), "--to", to.toString(), "--summary");
        assertThat(summary.out()).startsWith("inventory: 1 added, 1 changed, 1 removed\n").doesNotContain("cameras");

        // from an empty folder: a first import, everything added
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CommandRun first = run("inventory", "diff", "--from", empty.toString(), "--to", from.toString(), "--summary");
        assertThat(first.out()).startsWith("inventory: 25 added, 0 changed, 0 removed\n");
    }

    @Test
    void diffRefusesBadFilesAndMissingFolders() throws Exception {
        Path from = InventoryFixtures.sample(dir.resolve("from"));
        Path to = InventoryFixtures.sample(dir.resolve("to"));
        edit(to.resolve("branches.csv"), t -> t.replace("1403/12/29", "1404/12/30"));
        CommandRun bad = run("inventory", "diff", "--from", from.toString(), "--to", to.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).contains(to.resolve("branches.csv") + ":3: fiber_planned '1404/12/30' is not a date");
        assertThat(run("inventory", "diff", "--from", dir.resolve("nowhere").toString(), "--to", from.toString()).exit())
                .isEqualTo(2);
        Files.delete(to.resolve("devices.csv"));
        CommandRun lacking = run("inventory", "diff", "--from", from.toString(), "--to", to.toString());
        assertThat(lacking.exit()).isEqualTo(2);
        assertThat(lacking.err()).contains("lacks devices.csv");
    }

    // ── apply ───────────────────────────────────────────────────────────────────────────────

    @Test
    void applyRecordsEveryChangeInTheAuditLogThenReplacesTheFiles() throws Exception {
        Path sample = InventoryFixtures.sample(dir.resolve("sample"));
        Path live = dir.resolve("live");
        Path data = dir.resolve("data");

        // without --yes: shown, nothing recorded, nothing written
        CommandRun dry = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir", data.toString());
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("inventory: 25 added, 0 changed, 0 removed\n")
                .contains("+ branch THR-0101: province_code=\"THR\"")
                .endsWith("dry run: nothing recorded, nothing changed; add --yes to record and apply\n");
        assertThat(live).doesNotExist();
        assertThat(data.resolve("ledger.mv.db")).doesNotExist();

        // the first import
        CommandRun first = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--actor", "planner-tehran", "--yes");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("recorded 25 changes in the audit log (records 1..25, import ")
                .contains("replaced branches.csv, devices.csv, macs.csv, agents.csv in " + live + " (record 26);"
                        + " a collector reads them at its next start");
        InventoryCsvReader.Loaded applied = new InventoryCsvReader().read(InventoryFiles.in(live));
        InventoryCsvReader.Loaded meant = new InventoryCsvReader().read(InventoryFiles.in(sample));
        assertThat(InventoryDiff.between(meant, applied).isEmpty()).isTrue();
        assertThat(Files.readString(live.resolve("branches.csv"))).contains(",2025-03-19,"); // canonical, not as given

        List<Record> records = ledger(data);
        assertThat(records).hasSize(26);
        assertThat(records).allSatisfy(rec -> assertThat(rec.actor()).isEqualTo("planner-tehran"));
        assertThat(records.subList(0, 25)).allSatisfy(rec -> assertThat(rec.kind()).isEqualTo("inventory_changed"));
        String importId = records.get(0).detail().getString("import");
        assertThat(records).allSatisfy(rec -> assertThat(rec.detail().getString("import")).isEqualTo(importId));
        JsonObject branch = records.stream().map(Record::detail).filter(d -> d.getString("key").equals("THR-0101"))
                .findFirst().orElseThrow();
        assertThat(branch.getString("entity")).isEqualTo("branch");
        assertThat(branch.getString("change")).isEqualTo("added");
        assertThat(branch.getJsonArray("fields").encode()).contains("{\"field\":\"fiber_planned\",\"to\":\"2025-03-19\"}")
                .contains("مسجد جامع ری");
        Record done = records.get(25);
        assertThat(done.kind()).isEqualTo("inventory_applied");
        assertThat(done.detail().getInteger("added")).isEqualTo(25);
        assertThat(done.detail().getJsonObject("files").getString("branches.csv"))
                .isEqualTo(sha256(live.resolve("branches.csv")));
        assertThat(LedgerVerifier.verify(LedgerSettings.embedded(data)).intact()).isTrue();

        // a re-import with changes: only they are recorded
        Path next = InventoryFixtures.sample(dir.resolve("next"));
        edit(next.resolve("branches.csv"), t -> t.replace(",مریم رضایی,علی کاظمی,", ",مریم رضایی,حسن نوری,"));
        edit(next.resolve("agents.csv"), t -> t.replace("ISF-0501-a,ISF-0501,0a1b", "ISF-0501-a,ISF-0501,ffff"));
        CommandRun second = run("inventory", "apply", "--to", next.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--actor", "planner-tehran", "--yes");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("~ branch THR-0001\n    governor_rep: \"علی کاظمی\" → \"حسن نوری\"\n")
                .contains("~ agent ISF-0501-a\n    token_sha256: \"0a1b");
        records = ledger(data);
        assertThat(records).hasSize(26 + 3);
        assertThat(records.get(26).detail().getJsonArray("fields").getJsonObject(0).encode())
                .isEqualTo("{\"field\":\"governor_rep\",\"from\":\"علی کاظمی\",\"to\":\"حسن نوری\"}");
        assertThat(records.get(27).detail().getString("entity")).isEqualTo("agent");
        assertThat(records.get(28).kind()).isEqualTo("inventory_applied");
        assertThat(new InventoryCsvReader().read(InventoryFiles.in(live)).inventory().branch("THR-0001").governorRep())
                .isEqualTo("حسن نوری");

        // the same files again: nothing to apply, nothing recorded
        CommandRun nothing = run("inventory", "apply", "--to", next.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--yes");
        assertThat(nothing.out()).endsWith("nothing to apply; nothing recorded, " + live + " left as it is\n");
        assertThat(ledger(data)).hasSize(29);

        // and the audit log verifies, by the API and by the command
        assertThat(LedgerVerifier.verify(LedgerSettings.embedded(data)).intact()).isTrue();
        CommandRun verify = run("audit", "verify", "--data-dir", data.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("intact: 29 records; last hash ");
        // no temporary file left behind; the lock file stays (removing it would race another import)
        assertThat(Files.list(live).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("branches.csv", "devices.csv", "macs.csv", "agents.csv", ".inventory.lock");
    }

    @Test
    void aSecondImportIntoTheSameFolderWaitsItsTurn() throws Exception {
        Path sample = InventoryFixtures.sample(dir.resolve("sample"));
        Path live = Files.createDirectories(dir.resolve("live-locked"));
        Path data = dir.resolve("data-locked");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(live.resolve(".inventory.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            CommandRun r = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir",
                    data.toString(), "--yes");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("another import into");
        }
        assertThat(Files.list(live).map(p -> p.getFileName().toString())).containsExactly(".inventory.lock");
        CommandRun after = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--yes");
        assertThat(after.exit()).as(after.err()).isZero();
    }

    /** Each bad export: refused with file, line and reason; the inventory folder and the audit log unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"encoding", "columns", "duplicate", "unknown-branch", "county", "date", "coordinates", "mac",
        "control", "broken-quote"})
    void applyOfBadFilesChangesNothingAndRecordsNothing(String what) throws Exception {
        Path live = InventoryFixtures.sample(dir.resolve("live"));
        Path data = dir.resolve("data");
        Path good = InventoryFixtures.sample(dir.resolve("good"));
        edit(good.resolve("branches.csv"), t -> t.replace(",4,مریم رضایی,", ",5,مریم رضایی,"));
        assertThat(run("inventory", "apply", "--to", good.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--yes").exit()).isZero();
        Map<String, byte[]> before = bytes(live);
        int records = ledger(data).size();

        Path bad = InventoryFixtures.sample(dir.resolve("bad"));
        String expected;
        switch (what) {
            case "encoding" -> {
                Path f = bad.resolve("branches.csv");
                Files.write(f, Files.readString(f).getBytes(Charset.forName("windows-1256")));
                expected = "branches.csv:2: not valid UTF-8";
            }
            case "columns" -> {
                edit(bad.resolve("devices.csv"), t -> t.replace("expected_model", "model"));
                expected = "devices.csv:1: header does not match";
            }
            case "duplicate" -> {
                edit(bad.resolve("devices.csv"), t -> t + "THR-0001-auth,THR-0001,auth-device,,,,,,\n");
                expected = "devices.csv:8: duplicate device id THR-0001-auth (first on line 3)";
            }
            case "unknown-branch" -> {
                edit(bad.resolve("macs.csv"), t -> t + "THR-0404,00:1a:2b:00:04:04,\n");
                expected = "macs.csv:8: unknown branch 'THR-0404'";
            }
            case "county" -> {
                edit(bad.resolve("branches.csv"), t -> t.replace("ISF,اصفهان,Isfahan,ISF-06", "THR,تهران,Tehran,ISF-05"));
                expected = "branches.csv:5: county ISF-05 is in province THR here but in ISF on line 4";
            }
            case "date" -> {
                edit(bad.resolve("branches.csv"), t -> t.replace("2026-09-22", "2026-09-31"));
                expected = "branches.csv:4: fiber_planned '2026-09-31' is not a date: there is no Gregorian date 2026-09-31";
            }
            case "coordinates" -> {
                edit(bad.resolve("branches.csv"), t -> t.replace("35.6892,51.389", "51.389,35.6892"));
                expected = "branches.csv:2: latitude 51.389, longitude 35.6892 is outside Iran";
            }
            case "mac" -> {
                edit(bad.resolve("macs.csv"), t -> t.replace("00:1a:2b:00:01:01", "00:1a:2b:00:01"));
                expected = "macs.csv:6: '00:1a:2b:00:01' is not a MAC address";
            }
            case "control" -> {
                edit(bad.resolve("branches.csv"), t -> t.replace("مسجد جامع ری", "مسجد\u0000جامع ری"));
                expected = "branches.csv:3: name_fa holds a control character (U+0000)";
            }
            default -> {
                edit(bad.resolve("agents.csv"), t -> t + "X-a,\"THR-0001,abc\n");
                expected = "agents.csv:";
            }
        }
        CommandRun r = run("inventory", "apply", "--to", bad.toString(), "--into", live.toString(), "--data-dir", data.toString(),
                "--yes");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("are refused; nothing was changed").contains(expected);
        assertThat(r.out()).isEmpty();
        assertThat(bytes(live)).containsExactlyEntriesOf(before);
        assertThat(ledger(data)).hasSize(records);
        assertThat(LedgerVerifier.verify(LedgerSettings.embedded(data)).intact()).isTrue();
    }

    @Test
    void applyRefusesWhatItCannotDoSafely() throws Exception {
        Path sample = InventoryFixtures.sample(dir.resolve("sample"));
        Path live = InventoryFixtures.sample(dir.resolve("live"));
        Path data = dir.resolve("data");
        Map<String, byte[]> before = bytes(live);

        // a new set without macs.csv would drop every allowed MAC unnoticed: it must be there, header alone if need be
        Path noMacs = InventoryFixtures.sample(dir.resolve("nomacs"));
        Files.delete(noMacs.resolve("macs.csv"));
        CommandRun r = run("inventory", "apply", "--to", noMacs.toString(), "--into", live.toString(), "--data-dir",
                data.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("lacks macs.csv (no allowed MACs at all is macs.csv with its header alone)");

        // the current inventory does not read: refuse rather than guess what changes
        edit(live.resolve("devices.csv"), t -> t.replace(",ups,", ",toaster,"));
        Map<String, byte[]> broken = bytes(live);
        r = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir", data.toString(),
                "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("(the current inventory) do not read; fix them or move them away first")
                .contains("devices.csv:7: unknown device role 'toaster'");
        assertThat(bytes(live)).containsExactlyEntriesOf(broken);
        Files.write(live.resolve("devices.csv"), before.get("devices.csv"));

        r = run("inventory", "apply", "--to", sample.toString(), "--into", live.toString(), "--data-dir", data.toString(),
                "--actor", "bad\nactor", "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--actor must be a name");
        assertThat(ledger(data)).isEmpty();
        assertThat(bytes(live)).containsExactlyEntriesOf(before);
    }

    private static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(f)));
    }
}
