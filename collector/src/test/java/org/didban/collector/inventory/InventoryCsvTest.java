package org.didban.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.didban.collector.TestFleet;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCsvTest {
    private static final String BRANCH_HEADER = "province_code,province_fa,province_en,county_code,county_fa,county_en,"
            + "branch_code,name_fa,name_en,mobile,sensitive,sensitive_reason,fiber,fiber_planned,latitude,longitude,cameras,inspector,"
            + "governor_rep,members\n";
    private static final String DEVICE_HEADER = "device_id,branch_code,role,address,credential_ref,"
            + "expected_serial,expected_model,expected_firmware,approved_config_hash\n";
    private static final String GOOD_BRANCH = "THR,تهران,Tehran,THR-01,تهران,Tehran,THR-0001,دبستان فردوسی,Ferdowsi School,"
            + "false,true,مرکز استان,planned,2025-03-20,35.7,51.4,3,مریم,علی کاظمی,زهرا حسینی;رضا محمدی\n";

    @TempDir
    Path dir;

    private final InventoryCsvReader reader = new InventoryCsvReader();
    private final InventoryCsvWriter writer = new InventoryCsvWriter();

    @Test
    void writtenFilesReadBackToTheSameInventoryAndTheSameBytes() throws Exception {
        Inventory inventory = TestFleet.inventory();
        AgentRegistry agents = TestFleet.agents();
        InventoryFiles first = InventoryFiles.in(Files.createDirectory(dir.resolve("first")));
        writer.write(inventory, agents, first);

        InventoryCsvReader.Loaded loaded = reader.read(first);
        assertThat(loaded.inventory().branches()).containsExactlyElementsOf(inventory.branches());
        assertThat(loaded.inventory().devices()).containsExactlyElementsOf(inventory.devices());
        assertThat(loaded.inventory().counties()).containsExactlyInAnyOrderElementsOf(inventory.counties());
        assertThat(loaded.inventory().provinces()).containsExactlyInAnyOrderElementsOf(inventory.provinces());
        assertThat(loaded.agents().agents()).containsExactlyElementsOf(agents.agents());
        assertThat(loaded.agents().authenticate(TestFleet.tokenOf(TestFleet.KASHAN_BRANCH)))
                .map(Agent::branchCode).contains(TestFleet.KASHAN_BRANCH);

        InventoryFiles second = InventoryFiles.in(Files.createDirectory(dir.resolve("second")));
        writer.write(loaded.inventory(), loaded.agents(), second);
        assertThat(Files.readAllBytes(second.branches())).isEqualTo(Files.readAllBytes(first.branches()));
        assertThat(Files.readAllBytes(second.devices())).isEqualTo(Files.readAllBytes(first.devices()));
        assertThat(Files.readAllBytes(second.agents())).isEqualTo(Files.readAllBytes(first.agents()));

        String text = Files.readString(first.branches(), StandardCharsets.UTF_8);
        assertThat(text).contains("دبستان شهید بهشتی، ساختمان «الف»").contains("کاشان").doesNotContain("\r");
        assertThat(Files.readAllBytes(first.branches())[0]).as("no byte-order mark").isEqualTo((byte) 'p');
    }

    @Test
    void everythingTheExportHoldsRoundTripsByteForByte() throws Exception {
        Inventory inventory = InventoryFixtures.rich();
        AgentRegistry agents = TestFleet.agents();
        InventoryFiles first = InventoryFiles.in(Files.createDirectory(dir.resolve("first")));
        writer.write(inventory, agents, first);

        InventoryCsvReader.Loaded loaded = reader.read(first);
        assertThat(loaded.inventory().branches()).containsExactlyElementsOf(inventory.branches());
        assertThat(loaded.inventory().devices()).containsExactlyElementsOf(inventory.devices());
        assertThat(loaded.inventory().allowedMacs()).containsExactlyElementsOf(inventory.allowedMacs());
        assertThat(InventoryDiff.between(inventory, agents, loaded.inventory(), loaded.agents()).isEmpty()).isTrue();
        Branch tehran = loaded.inventory().branch(TestFleet.TEHRAN_BRANCH);
        assertThat(tehran.governorRep()).isEqualTo("نماینده‌ی فرماندار 1");
        assertThat(tehran.members()).containsExactly("زهرا حسینی", "رضا \"محمدی\"", "فاطمه احمدی، منشی");
        assertThat(loaded.inventory().device("THR-0001-router").expected().serial()).isEqualTo("SN-1");
        assertThat(loaded.inventory().allowedMacs(TestFleet.TEHRAN_BRANCH)).contains("00:1a:2b:00:00:01", "00:1a:2b:00:01:ff");

        InventoryFiles second = InventoryFiles.in(Files.createDirectory(dir.resolve("second")));
        writer.write(loaded.inventory(), loaded.agents(), second);
        for (int i = 0; i < first.all().size(); i++) {
            assertThat(Files.readAllBytes(second.all().get(i))).as(second.all().get(i).toString())
                    .isEqualTo(Files.readAllBytes(first.all().get(i)));
        }
        String text = Files.readString(first.branches(), StandardCharsets.UTF_8);
        assertThat(text).contains("نماینده‌ی فرماندار 1").contains(",\"زهرا حسینی;رضا \"\"محمدی\"\";فاطمه احمدی، منشی\"\n")
                .contains("\u200c").doesNotContain("\r");
        assertThat(Files.readString(first.macs(), StandardCharsets.UTF_8)).startsWith("branch_code,mac,device_or_note\n")
                .contains("THR-0001,00:1a:2b:00:01:ff,لپ‌تاپ ناظر\n");
    }

    @Test
    void theSampleExportReadsAndIsWrittenBackCanonically() throws Exception {
        Path sample = InventoryFixtures.sample(dir.resolve("sample"));
        InventoryCsvReader.Loaded loaded = reader.read(InventoryFiles.in(sample));
        Inventory inventory = loaded.inventory();
        assertThat(inventory.provinces()).hasSize(2);
        assertThat(inventory.counties()).hasSize(4);
        assertThat(inventory.branches()).hasSize(4);
        // Solar Hijri 1403/12/29 is 19 March 2025; Persian digits and the Persian decimal point are read
        assertThat(inventory.branch("THR-0101").fiberPlanned()).hasToString("2025-03-19");
        assertThat(inventory.branch("ISF-0501").location().latitude()).isEqualTo(33.985);
        assertThat(inventory.branch("THR-0101").members()).containsExactly("حسین رضایی", "نرگس موسوی", "مهدی کریمی");
        assertThat(inventory.branch("THR-0001").governorRep()).isEqualTo("علی کاظمی");
        // cells that a spreadsheet would take for formulas are names like any other
        Branch natanz = inventory.branch("ISF-0601");
        assertThat(natanz.nameFa()).isEqualTo("=مدرسه نطنز");
        assertThat(natanz.nameEn()).isEqualTo("+Natanz school");
        assertThat(natanz.inspector()).isEqualTo("@inspector");
        assertThat(natanz.governorRep()).isEqualTo("-سارا نوری");
        // MACs in any of the usual notations, kept canonical
        assertThat(inventory.allowedMacs("THR-0001"))
                .containsExactly("00:1a:2b:00:00:01", "00:22:6b:00:00:02", "00:24:7c:00:00:03", "00:1a:2b:00:00:ff");
        assertThat(inventory.isAllowedMac("THR-0001", "0024.7C00.0003")).isTrue();
        assertThat(inventory.isAllowedMac("THR-0101", "00:24:7c:00:00:03")).isFalse();
        assertThat(inventory.allowedMacsOf("THR-0001").get(3).deviceOrNote()).isEqualTo("لپ‌تاپ ناظر (inspector's laptop)");
        assertThat(inventory.device("THR-0001-auth").expected().configHash()).isEqualTo("sha256:c0nf1g01");
        assertThat(inventory.device("ISF-0501-router").expected().isUnknown()).isTrue();

        InventoryFiles canonical = InventoryFiles.in(Files.createDirectory(dir.resolve("canonical")));
        writer.write(inventory, loaded.agents(), canonical);
        String branches = Files.readString(canonical.branches(), StandardCharsets.UTF_8);
        assertThat(branches).contains(",planned,2025-03-19,35.595,51.435,").contains(",33.985,51.4364,")
                .contains(",حسین رضایی;نرگس موسوی;مهدی کریمی\n").contains(",=مدرسه نطنز,+Natanz school,")
                .contains(",@inspector,-سارا نوری,\n");
        assertThat(Files.readString(canonical.macs(), StandardCharsets.UTF_8)).contains("THR-0001,00:24:7c:00:00:03,THR-0001-vote\n");
        InventoryCsvReader.Loaded again = reader.read(canonical);
        assertThat(InventoryDiff.between(loaded, again).isEmpty()).isTrue();
        InventoryFiles twice = InventoryFiles.in(Files.createDirectory(dir.resolve("twice")));
        writer.write(again.inventory(), again.agents(), twice);
        for (int i = 0; i < twice.all().size(); i++) {
            assertThat(Files.readAllBytes(twice.all().get(i))).isEqualTo(Files.readAllBytes(canonical.all().get(i)));
        }
    }

    @Test
    void filesOfTheFirstReleaseStillRead() throws Exception {
        Path old = InventoryFixtures.copy("first-release", dir.resolve("old"));
        assertThat(old.resolve("macs.csv")).doesNotExist();
        InventoryCsvReader.Loaded loaded = reader.read(InventoryFiles.in(old));
        assertThat(loaded.inventory().branches()).hasSize(2);
        assertThat(loaded.inventory().branch("THR-0001").members()).isEmpty();
        assertThat(loaded.inventory().branch("THR-0001").governorRep()).isEmpty();
        assertThat(loaded.inventory().device("THR-0001-router").expected().isUnknown()).isTrue();
        assertThat(loaded.inventory().allowedMacs()).isEmpty();
        assertThat(loaded.agents().size()).isEqualTo(1);
        // the three-file form of InventoryFiles (as `didban serve --branches … --devices … --agents …` gives it)
        InventoryFiles three = new InventoryFiles(old.resolve("branches.csv"), old.resolve("devices.csv"), old.resolve("agents.csv"));
        assertThat(three.macs()).isEqualTo(old.resolve("macs.csv"));
        assertThat(reader.read(three).inventory().branches()).hasSize(2);
    }

    @Test
    void aRowMayStopBeforeColumnsAddedLaterButNotBeforeOthers() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER
                + "THR-0001-router,THR-0001,router,10.0.0.1,v3\n"          // a row of the first release: reads
                + "THR-0001-ups,THR-0001,ups,10.0.0.4,v3,SN-9\n"          // stops inside the added columns: reads
                + "THR-0001-auth,THR-0001,auth-device,10.0.0.2\n");       // lacks credential_ref: refused
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(devices + ":4: expected 9 fields, found 4")
                .satisfies(e -> assertThat(((InvalidInventoryException) e).problems()).hasSize(1));
        Path fine = write("devices.csv", DEVICE_HEADER + "THR-0001-router,THR-0001,router,10.0.0.1,v3\n"
                + "THR-0001-ups,THR-0001,ups,10.0.0.4,v3,SN-9\n");
        Inventory inventory = reader.readInventory(branches, fine);
        assertThat(inventory.device("THR-0001-ups").expected().serial()).isEqualTo("SN-9");
        assertThat(inventory.device("THR-0001-router").expected().isUnknown()).isTrue();
    }

    @Test
    void readsAHandWrittenFileWithAByteOrderMarkAndColumnsInAnotherOrder() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path branches = dir.resolve("branches.csv");
        Files.write(branches, concat(bom, (BRANCH_HEADER + GOOD_BRANCH).getBytes(StandardCharsets.UTF_8)));
        Path devices = write("devices.csv", "role,device_id,branch_code,address,credential_ref\n"
                + "auth-device,THR-0001-auth,THR-0001,10.1.1.2,\n"
                + "\"router\",THR-0001-router,THR-0001,\"10.1.1.1\",\"v3,sha256\"\n");

        Inventory inventory = reader.readInventory(branches, devices);

        Branch b = inventory.branch("THR-0001");
        assertThat(b.nameFa()).isEqualTo("دبستان فردوسی");
        assertThat(inventory.province("THR").nameFa()).isEqualTo("تهران");
        assertThat(b.sensitive()).isTrue();
        assertThat(b.fiber()).isEqualTo(FiberStatus.PLANNED);
        assertThat(b.fiberPlanned()).hasToString("2025-03-20");
        assertThat(b.cameraCount()).isEqualTo(3);
        assertThat(inventory.device("THR-0001-auth").role()).isEqualTo(DeviceRole.AUTH_DEVICE);
        assertThat(inventory.device("THR-0001-router").credentialRef()).isEqualTo("v3,sha256");
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws Exception {
        Path branches = dir.resolve("branches.csv");
        String line = "THR,تهران,Tehran,THR-01,تهران,Tehran,THR-0001,دبستان,School,false,false,,none,,,,0,,,\n";
        Files.write(branches, (BRANCH_HEADER + line).getBytes(Charset.forName("windows-1256")));
        Path devices = write("devices.csv", DEVICE_HEADER);

        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(branches + ":2: not valid UTF-8");
    }

    @Test
    void refusesAHeaderWithWrongColumns() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER.replace("inspector", "inspektor") + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(branches + ":1: header does not match")
                .hasMessageContaining("missing column(s) inspector")
                .hasMessageContaining("unknown column(s) inspektor");
    }

    @Test
    void refusesARowWithTooFewFields() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH + "THR,تهران,Tehran,THR-01\n");
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(branches + ":3: expected 20 fields, found 4");
    }

    @Test
    void refusesADuplicateBranchCode() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(branches + ":3: duplicate branch code THR-0001 (first on line 2)");
    }

    @Test
    void refusesCodesThatAreNotCodes() throws Exception {
        String spaced = GOOD_BRANCH.replace("THR-0001", "THR 0001");
        String huge = GOOD_BRANCH.replace("THR-0001", "B".repeat(65));
        Path branches = write("branches.csv", BRANCH_HEADER + spaced + huge);
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(branches + ":2: branch_code 'THR 0001' is not a code")
                .hasMessageContaining(branches + ":3: branch_code '" + "B".repeat(65) + "' is not a code");
    }

    @Test
    void refusesAProvinceNamedTwoWays() throws Exception {
        String other = GOOD_BRANCH.replace("THR-0001", "THR-0002").replaceFirst("تهران", "طهران");
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH + other);
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(branches + ":3: province THR differs from line 2");
    }

    @Test
    void refusesBadBooleansNumbersAndDatesEachWithItsLine() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER
                + GOOD_BRANCH.replace("false,true", "no,true")
                + GOOD_BRANCH.replace("THR-0001", "THR-0002").replace(",3,", ",three,")
                + GOOD_BRANCH.replace("THR-0001", "THR-0003").replace("35.7", "north")
                + GOOD_BRANCH.replace("THR-0001", "THR-0004").replace("2025-03-20", "1404/12/30")
                + GOOD_BRANCH.replace("THR-0001", "THR-0005").replace("planned", "maybe"));
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(branches + ":2: mobile 'no' is not true or false")
                .hasMessageContaining(branches + ":3: cameras 'three' is not a whole number")
                .hasMessageContaining(branches + ":4: latitude 'north' is not a number")
                .hasMessageContaining(branches + ":5: fiber_planned '1404/12/30' is not a date: there is no Solar Hijri date")
                .hasMessageContaining(branches + ":6: fiber 'maybe' is not one of connected, planned, none")
                .satisfies(e -> assertThat(((InvalidInventoryException) e).problems()).hasSize(5));
    }

    @Test
    void refusesDevicesOfUnknownBranchesUnknownRolesAndDuplicates() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER
                + "THR-0001-router,THR-0001,router,,,,,,\n"
                + "THR-9999-router,THR-9999,router,,,,,,\n"
                + "THR-0001-toaster,THR-0001,toaster,,,,,,\n"
                + "THR-0001-router,THR-0001,switch,,,,,,\n");
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .hasMessageContaining(devices + ":3: unknown branch 'THR-9999'")
                .hasMessageContaining(devices + ":4: unknown device role 'toaster'")
                .hasMessageContaining(devices + ":5: duplicate device id THR-0001-router (first on line 2)");
    }

    @Test
    void refusesAgentsOfUnknownBranchesAndBadHashes() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER);
        Inventory inventory = reader.readInventory(branches, devices);
        String hash = Agent.withToken("x", "THR-0001", "secret").tokenSha256();
        Path agents = write("agents.csv", "agent_id,branch_code,token_sha256\n"
                + "THR-0001-a,THR-0001," + hash + "\n"
                + "THR-0002-a,THR-0002," + hash.replace('a', 'b') + "\n"
                + "THR-0001-b,THR-0001,secret\n");
        assertThatThrownBy(() -> reader.readAgents(agents, inventory))
                .hasMessageContaining(agents + ":3: unknown branch 'THR-0002'")
                .hasMessageContaining(agents + ":4: token_sha256 of agent THR-0001-b is not 64 hexadecimal digits");
    }

    @Test
    void refusesAnEmptyFileAndABrokenQuote() throws Exception {
        Path empty = write("branches.csv", "");
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(empty, devices))
                .hasMessageContaining(empty + ":1: file is empty");

        Path broken = write("broken.csv", BRANCH_HEADER + GOOD_BRANCH + "THR,\"تهران,Tehran\n");
        assertThatThrownBy(() -> reader.readInventory(broken, devices))
                .hasMessageContaining(broken + ":")
                .hasMessageContaining("not valid CSV");
    }

    @Test
    void aTokenAuthenticatesOnlyItsAgent() {
        AgentRegistry agents = TestFleet.agents();
        assertThat(agents.authenticate("token-THR-0001")).map(Agent::id).contains("THR-0001-a");
        assertThat(agents.authenticate("token-THR-0001 ")).isEmpty();
        assertThat(agents.authenticate("")).isEmpty();
        assertThat(agents.authenticate(null)).isEmpty();
        assertThatThrownBy(() -> AgentRegistry.of(List.of(Agent.withToken("a", "B", "same"), Agent.withToken("b", "B", "same"))))
                .hasMessageContaining("share a token");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
