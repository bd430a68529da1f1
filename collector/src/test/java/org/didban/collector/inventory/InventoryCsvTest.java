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
            + "branch_code,name_fa,name_en,mobile,sensitive,sensitive_reason,fiber,fiber_planned,latitude,longitude,cameras,inspector\n";
    private static final String DEVICE_HEADER = "device_id,branch_code,role,address,credential_ref\n";
    private static final String GOOD_BRANCH = "THR,تهران,Tehran,THR-01,تهران,Tehran,THR-0001,دبستان فردوسی,Ferdowsi School,"
            + "false,true,مرکز استان,planned,2025-03-20,35.7,51.4,3,مریم\n";

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
        String line = "THR,تهران,Tehran,THR-01,تهران,Tehran,THR-0001,دبستان,School,false,false,,none,,,,0,\n";
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
                .hasMessageContaining(branches + ":3: expected 18 fields, found 4");
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
                + GOOD_BRANCH.replace("THR-0001", "THR-0004").replace("2025-03-20", "1403/12/30")
                + GOOD_BRANCH.replace("THR-0001", "THR-0005").replace("planned", "maybe"));
        Path devices = write("devices.csv", DEVICE_HEADER);
        assertThatThrownBy(() -> reader.readInventory(branches, devices))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(branches + ":2: mobile 'no' is not true or false")
                .hasMessageContaining(branches + ":3: cameras 'three' is not a whole number")
                .hasMessageContaining(branches + ":4: latitude 'north' is not a number")
                .hasMessageContaining(branches + ":5: fiber_planned '1403/12/30' is not a date")
                .hasMessageContaining(branches + ":6: fiber 'maybe' is not one of connected, planned, none")
                .satisfies(e -> assertThat(((InvalidInventoryException) e).problems()).hasSize(5));
    }

    @Test
    void refusesDevicesOfUnknownBranchesUnknownRolesAndDuplicates() throws Exception {
        Path branches = write("branches.csv", BRANCH_HEADER + GOOD_BRANCH);
        Path devices = write("devices.csv", DEVICE_HEADER
                + "THR-0001-router,THR-0001,router,,\n"
                + "THR-9999-router,THR-9999,router,,\n"
                + "THR-0001-toaster,THR-0001,toaster,,\n"
                + "THR-0001-router,THR-0001,switch,,\n");
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
