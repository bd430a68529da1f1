package org.didban.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.didban.model.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way an export can be wrong is refused with the file, the line and the reason, and
 * nothing is returned. Each case starts from the sample export (src/test/resources/inventory/sample,
 * which reads) and spoils one thing.
 */
class InventoryValidationTest {
    @TempDir
    Path dir;

    private final InventoryCsvReader reader = new InventoryCsvReader();

    /** The sample with one file edited; the read must fail. */
    private InvalidInventoryException refused(String file, UnaryOperator<String> edit) throws IOException {
        return refused(reader, file, edit);
    }

    private InvalidInventoryException refused(InventoryCsvReader r, String file, UnaryOperator<String> edit) throws IOException {
        Path folder = InventoryFixtures.sample(Files.createTempDirectory(dir, "case"));
        Path f = folder.resolve(file);
        Files.writeString(f, edit.apply(Files.readString(f, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        try {
            r.read(InventoryFiles.in(folder));
        } catch (InvalidInventoryException e) {
            return e;
        }
        throw new AssertionError("the edited " + file + " was accepted");
    }

    private Inventory accepted(String file, UnaryOperator<String> edit) throws Exception {
        Path folder = InventoryFixtures.sample(Files.createTempDirectory(dir, "case"));
        Path f = folder.resolve(file);
        Files.writeString(f, edit.apply(Files.readString(f, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return reader.read(InventoryFiles.in(folder)).inventory();
    }

    private static UnaryOperator<String> replace(String from, String to) {
        return text -> {
            if (!text.contains(from)) {
                throw new AssertionError("the sample has no '" + from + "'");
            }
            return text.replace(from, to);
        };
    }

    private static UnaryOperator<String> append(String line) {
        return text -> text + line + "\n";
    }

    @Test
    void theSampleItselfReads() throws Exception {
        assertThat(accepted("branches.csv", t -> t).branches()).hasSize(4);
    }

    // ── columns ─────────────────────────────────────────────────────────────────────────────

    @Test
    void wrongColumnsAreRefusedOnTheHeaderLine() throws Exception {
        assertThat(refused("branches.csv", replace(",cameras,", ",camera,")))
                .hasMessageContaining("branches.csv:1: header does not match: missing column(s) cameras;"
                        + " unknown column(s) camera;");
        assertThat(refused("devices.csv", replace("device_id,", "device_id,device_id,")))
                .hasMessageContaining("devices.csv:1: column 'device_id' appears twice in the header");
        assertThat(refused("macs.csv", replace("branch_code,mac,device_or_note", "branch_code,mac")))
                .hasMessageContaining("macs.csv:1: header does not match: missing column(s) device_or_note");
        assertThat(refused("agents.csv", replace("token_sha256", "token")))
                .hasMessageContaining("agents.csv:1: header does not match: missing column(s) token_sha256;");
        assertThat(refused("branches.csv", replace("THR-0101,مسجد جامع ری", "THR-0101,مسجد,جامع ری")))
                .hasMessageContaining("branches.csv:3: expected 20 fields, found 21");
    }

    // ── encoding ────────────────────────────────────────────────────────────────────────────

    @Test
    void aFileNotInUtf8IsRefusedAtTheLineOfItsFirstForeignByte() throws Exception {
        Path folder = InventoryFixtures.sample(dir.resolve("cp1256"));
        Path branches = folder.resolve("branches.csv");
        String text = Files.readString(branches, StandardCharsets.UTF_8);
        // Windows-1256, what Excel on a Persian Windows saves as "CSV"
        Files.write(branches, text.getBytes(Charset.forName("windows-1256")));
        assertThatThrownBy(() -> reader.read(InventoryFiles.in(folder))).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(branches + ":2: not valid UTF-8 (byte 0x");
        // UTF-16 with its byte-order mark: refused at the first byte
        Path devices = folder.resolve("devices.csv");
        Files.write(devices, concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                Files.readString(devices, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE)));
        assertThatThrownBy(() -> reader.read(InventoryFiles.in(folder)))
                .hasMessageContaining(devices + ":1: not valid UTF-8 (byte 0xFF at byte offset 0)")
                .hasMessageContaining(branches + ":2: not valid UTF-8");
    }

    // ── duplicates ──────────────────────────────────────────────────────────────────────────

    @Test
    void duplicatesAreRefusedNamingTheFirstLine() throws Exception {
        assertThat(refused("branches.csv", replace("ISF-0601,=", "THR-0001,=")))
                .hasMessageContaining("branches.csv:5: duplicate branch code THR-0001 (first on line 2)");
        assertThat(refused("devices.csv", replace("ISF-0601-ups,", "THR-0001-router,")))
                .hasMessageContaining("devices.csv:7: duplicate device id THR-0001-router (first on line 2)");
        assertThat(refused("agents.csv", replace("ISF-0501-a,", "THR-0001-a,")))
                .hasMessageContaining("agents.csv:4: duplicate agent id THR-0001-a (first on line 2)");
        assertThat(refused("agents.csv", append("ISF-0601-a,ISF-0601,"
                + "2fa4d2b4a9bd0ba69d1ebba3a2a0dd57d4a85f9bd6c0ba1a2f8b9a0c1f6b4e9e")))
                .hasMessageContaining("agents.csv:5: agent ISF-0601-a has the same token as the agent on line 2");
        // the same MAC in another notation is the same MAC
        assertThat(refused("macs.csv", append("THR-0001,001A.2B00.0001,spare")))
                .hasMessageContaining("macs.csv:8: MAC 00:1a:2b:00:00:01 is listed twice for branch THR-0001 (first on line 2)");
        assertThat(refused("devices.csv", replace("THR-0101-router,THR-0101,router,10.0.1.1,snmp-v3-router,RB400012346",
                "THR-0101-router,THR-0101,router,10.0.1.1,snmp-v3-router,RB400012345")))
                .hasMessageContaining("devices.csv:5: expected_serial RB400012345 (model RB-4011 iGS) is also that of"
                        + " device THR-0001-router on line 2");
        // a MAC allowed at two branches is not a duplicate (a county technician's laptop visits both)
        assertThat(accepted("macs.csv", append("THR-0101,00:1a:2b:00:00:ff,county IT laptop")).allowedMacs("THR-0101"))
                .contains("00:1a:2b:00:00:ff");
    }

    // ── references ──────────────────────────────────────────────────────────────────────────

    @Test
    void referencesToUnknownBranchesAreRefused() throws Exception {
        assertThat(refused("devices.csv", append("THR-9999-router,THR-9999,router,,,,,,")))
                .hasMessageContaining("devices.csv:8: unknown branch 'THR-9999' (not in branches.csv)");
        assertThat(refused("macs.csv", append("THR-9999,00:1a:2b:00:99:01,")))
                .hasMessageContaining("macs.csv:8: unknown branch 'THR-9999' (not in branches.csv)");
        assertThat(refused("agents.csv", append("THR-9999-a,THR-9999,"
                + "1111111111111111111111111111111111111111111111111111111111111111")))
                .hasMessageContaining("agents.csv:5: unknown branch 'THR-9999'");
        assertThat(refused("macs.csv", append("ISF-0501,00:1a:2b:00:05:02,THR-0001-router")))
                .hasMessageContaining("macs.csv:8: device_or_note names device THR-0001-router of branch THR-0001, not of ISF-0501");
    }

    @Test
    void aCountyStaysInOneProvinceAndIsNamedOneWay() throws Exception {
        // ISF-05 (Kashan) written under Tehran on another row
        assertThat(refused("branches.csv", append("THR,تهران,Tehran,ISF-05,کاشان,Kashan,THR-0200,دبستان,School,"
                + "false,false,,none,,,,0,,,")))
                .hasMessageContaining("branches.csv:6: county ISF-05 is in province THR here but in ISF on line 4;"
                        + " a county belongs to one province");
        assertThat(refused("branches.csv", append("ISF,اصفهان,Isfahan,ISF-05,کاشون,Kashan,ISF-0502,دبستان,School,"
                + "false,false,,none,,,,0,,,")))
                .hasMessageContaining("branches.csv:6: county ISF-05 differs from line 4: named «کاشون» (Kashan) here,"
                        + " «کاشان» (Kashan) there");
        assertThat(refused("branches.csv", replace("ISF,اصفهان,Isfahan,ISF-06", "ISF,اصفهان,Esfahan,ISF-06")))
                .hasMessageContaining("branches.csv:5: province ISF differs from line 4");
    }

    // ── dates ───────────────────────────────────────────────────────────────────────────────

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1403/12/29|2025-03-19",
        "۱۴۰۳/۱۲/۲۹|2025-03-19",
        "1403-12-29|2025-03-19",
        "1403/12/30|2025-03-20",
        "1405/4/8|2026-06-29",
        "2025-03-19|2025-03-19",
        "2025/03/19|2025-03-19"})
    void plannedDatesAreIsoOrSolarHijri(String written, String meant) throws Exception {
        Inventory inventory = accepted("branches.csv", replace("1403/12/29", written));
        assertThat(inventory.branch("THR-0101").fiberPlanned()).hasToString(meant);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1404/12/30|is not a date: there is no Solar Hijri date 1404/12/30",
        "1403/13/01|is not a date: there is no Solar Hijri date 1403/13/01",
        "2025-02-29|is not a date: there is no Gregorian date 2025-02-29",
        "2025-03/19|is not a date like 2025-03-20 (Gregorian) or 1403/12/29 (Solar Hijri)",
        "20250319|is not a date like",
        "2025-03-19T00:00|is not a date like",
        "فردا|is not a date like",
        "1303/01/01|(1924-03-21) is outside 2000-01-01 … 2099-12-31",
        "2205-01-01|(2205-01-01) is outside 2000-01-01 … 2099-12-31; a typo in the year?"})
    void badPlannedDatesAreRefused(String written, String why) throws Exception {
        assertThat(refused("branches.csv", replace("1403/12/29", written)))
                .hasMessageContaining("branches.csv:3: fiber_planned '" + written + "' " + why);
    }

    @Test
    void aPlannedDateGoesWithPlannedFiberOnly() throws Exception {
        assertThat(refused("branches.csv", replace("planned,1403/12/29", "planned,")))
                .hasMessageContaining("branches.csv:3: fiber is planned but fiber_planned (the date) is empty");
        assertThat(refused("branches.csv", replace("planned,1403/12/29", "connected,1403/12/29")))
                .hasMessageContaining("branches.csv:3: fiber_planned is given but fiber is connected");
    }

    // ── coordinates ─────────────────────────────────────────────────────────────────────────

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "35.595,north|longitude 'north' is not a number of degrees like 35.6892",
        "NaN,51.435|latitude 'NaN' is not a number of degrees",
        "Infinity,51.435|latitude 'Infinity' is not a number",
        "3.5595e1,51.435|latitude '3.5595e1' is not a number",
        "35.595d,51.435|latitude '35.595d' is not a number",
        "35.5.95,51.435|latitude '35.5.95' is not a number",
        "95.1,51.435|latitude '95.1' is outside -90 … 90; are latitude and longitude swapped?",
        "35.595,181|longitude '181' is outside -180 … 180",
        "0,0|latitude and longitude are both 0",
        "51.435,35.595|is outside Iran (24.5…40.5 N, 43.5…64.0 E); are latitude and longitude swapped?",
        "-35.595,51.435|is outside Iran",
        "35.595,|give both latitude and longitude, or neither"})
    void badCoordinatesAreRefused(String written, String why) throws Exception {
        assertThat(refused("branches.csv", replace("35.595,51.435", written)))
                .hasMessageContaining("branches.csv:3: ")
                .hasMessageContaining(why);
    }

    @Test
    void otherBadValuesAreRefused() throws Exception {
        assertThat(refused("branches.csv", replace("Rey Grand Mosque,true", "Rey Grand Mosque,yes")))
                .hasMessageContaining("branches.csv:3: mobile 'yes' is not true or false");
        assertThat(refused("branches.csv", replace(",2,,,", ",-2,,,")))
                .hasMessageContaining("branches.csv:3: cameras '-2' is not a whole number ≥ 0");
        assertThat(refused("branches.csv", replace(",2,,,", ",20000,,,")))
                .hasMessageContaining("branches.csv:3: cameras '20000' is more than 1000");
        assertThat(refused("branches.csv", replace("نرگس موسوی", "حسین رضایی")))
                .hasMessageContaining("branches.csv:3: members lists 'حسین رضایی' twice");
        assertThat(refused("branches.csv", replace("false,false,,none", "false,false,border,none")))
                .hasMessageContaining("branches.csv:5: sensitive_reason is given but sensitive is false");
        assertThat(refused("devices.csv", replace("sha256:c0nf1g01\nTHR-0001-vote", "sha256 c0nf1g01\nTHR-0001-vote")))
                .hasMessageContaining("devices.csv:3: approved_config_hash 'sha256 c0nf1g01' is not a hash");
        assertThat(refused("devices.csv", replace(",ups,", ",toaster,")))
                .hasMessageContaining("devices.csv:7: unknown device role 'toaster'");
        assertThat(refused("branches.csv", replace("ISF-0601,=", "ISF 0601,=")))
                .hasMessageContaining("branches.csv:5: branch_code 'ISF 0601' is not a code");
        assertThat(refused("branches.csv", replace("Rey Grand Mosque", "")))
                .hasMessageContaining("branches.csv:3: name_en is empty");
    }

    // ── MACs ────────────────────────────────────────────────────────────────────────────────

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "00:1a:2b:00:05|is not a MAC address like 02:00:5e:10:00:01",
        "00:1a:2b:00:05:0g|is not a MAC address",
        "00:1a-2b:00:05:01|is not a MAC address",
        "00:1a:2b:00:05:01:02|is not a MAC address",
        "001a.2b00.051|is not a MAC address",
        "01:00:5e:00:00:01|is a multicast MAC address, which no device has",
        "ff:ff:ff:ff:ff:ff|is a broadcast MAC address",
        "00:00:00:00:00:00|is the all-zero MAC address"})
    void badMacsAreRefused(String written, String why) throws Exception {
        assertThat(refused("macs.csv", replace("00:1a:2b:00:05:01", written)))
                .hasMessageContaining("macs.csv:7: '" + written + "' " + why);
    }

    @Test
    void anEmptyMacIsRefused() throws Exception {
        assertThat(refused("macs.csv", replace("00:1a:2b:00:05:01", "")))
                .hasMessageContaining("macs.csv:7: mac is empty");
    }

    // ── size ────────────────────────────────────────────────────────────────────────────────

    @Test
    void oversizedFilesRowsAndFieldsAreRefused() throws Exception {
        InventoryCsvReader small = new InventoryCsvReader(new CsvLimits(2_000, 6, 70));
        assertThat(refused(small, "devices.csv", append("X".repeat(2_000))))
                .hasMessageContaining("devices.csv:1: file is 2,") // checked before reading a byte of it
                .hasMessageContaining("bytes, more than the limit of 2,000 bytes");
        assertThat(refused(small, "macs.csv", append("ISF-0601,00:26:8d:00:06:04,")))
                .hasMessageContaining("macs.csv:8: more than 6 rows, the limit for one file");
        assertThat(refused(small, "branches.csv", replace("Rey Grand Mosque", "R".repeat(71))))
                .hasMessageContaining("branches.csv:3: name_en is 71 characters long, more than the limit of 70");
        assertThat(CsvLimits.DEFAULT.maxFileBytes()).isEqualTo(512L << 20);
    }

    // ── hostile input ───────────────────────────────────────────────────────────────────────

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "\u0000|a control character (U+0000) at character 4",
        "\u0007|a control character (U+0007)",
        "\t|a tab (U+0009)",
        "\u0085|a control character (U+0085)",
        "\u202e|a bidirectional override, which makes text display other than it reads (U+202E)",
        "\u2028|a Unicode line or paragraph separator (U+2028)",
        "\ufeff|a byte-order mark inside the text (U+FEFF)",
        "\ufffd|the replacement character"})
    void controlCharactersAreRefused(String bad, String why) throws Exception {
        assertThat(refused("branches.csv", replace("مسجد جامع ری", "مسج" + bad + "د جامع ری")))
                .hasMessageContaining("branches.csv:3: name_fa holds " + why);
    }

    @Test
    void aLineBreakInsideAQuotedFieldIsRefusedAtTheRowsFirstLine() throws Exception {
        assertThat(refused("branches.csv", replace("مسجد جامع ری", "\"مسجد\nجامع ری\"")))
                .hasMessageContaining("branches.csv:3: name_fa holds a line break (U+000A)");
        assertThat(refused("branches.csv", replace("Rey Grand Mosque", "\"Rey\r\nMosque\"")))
                .hasMessageContaining("branches.csv:3: name_en holds a line break (U+000D)");
    }

    @Test
    void persianTextKeepsItsJoinersAndDirectionMarks() throws Exception {
        Inventory inventory = accepted("branches.csv", replace("مسجد جامع ری", "مسجد\u200cجامع\u200f ری\u200e"));
        assertThat(inventory.branch("THR-0101").nameFa()).isEqualTo("مسجد\u200cجامع\u200f ری\u200e");
    }

    @Test
    void formulaLikeCellsAreKeptAsText() throws Exception {
        Inventory inventory = accepted("branches.csv", replace("Rey Grand Mosque", "\"=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""));
        assertThat(inventory.branch("THR-0101").nameEn()).isEqualTo("=HYPERLINK(\"http://x\",\"a\")");
        assertThat(inventory.branch("ISF-0601").nameFa()).isEqualTo("=مدرسه نطنز");
    }

    @Test
    void aBrokenQuoteIsRefused() throws Exception {
        assertThat(refused("devices.csv", append("X-1,THR-0001,router,\"10.0.0.9,,,,,")))
                .hasMessageContaining("devices.csv:")
                .hasMessageContaining("not valid CSV");
    }

    @Test
    void aFileWrongOnEveryRowIsReportedAHundredProblemsAtATime() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            many.append("THR-0001-x").append(i).append(",THR-0001,toaster,,,,,,\n");
        }
        InvalidInventoryException e = refused("devices.csv", t -> t + many);
        assertThat(e.problems()).hasSize(Problems.MAX_SHOWN + 1);
        assertThat(e.problems().get(Problems.MAX_SHOWN).reason()).isEqualTo("… and 400 more problems not shown;"
                + " fix these and read again");
    }

    // ── all or nothing ──────────────────────────────────────────────────────────────────────

    @Test
    void problemsInEveryFileAreReportedTogetherAndNothingIsReturned() throws Exception {
        Path folder = InventoryFixtures.sample(dir.resolve("all"));
        edit(folder.resolve("branches.csv"), replace("Rey Grand Mosque,true", "Rey Grand Mosque,maybe"));
        edit(folder.resolve("devices.csv"), append("THR-9999-router,THR-9999,router,,,,,,"));
        edit(folder.resolve("macs.csv"), append("THR-0001,not-a-mac,"));
        edit(folder.resolve("agents.csv"), append("THR-9999-a,THR-9999,"
                + "1111111111111111111111111111111111111111111111111111111111111111"));
        assertThatThrownBy(() -> reader.read(InventoryFiles.in(folder)))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems())
                        .extracting(p -> Path.of(p.file()).getFileName() + ":" + p.line())
                        .containsExactly("branches.csv:3", "devices.csv:8", "macs.csv:8", "agents.csv:5"));
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path folder = InventoryFixtures.sample(dir.resolve("missing"));
        Files.delete(folder.resolve("agents.csv"));
        assertThatThrownBy(() -> reader.read(InventoryFiles.in(folder)))
                .hasMessageContaining(folder.resolve("agents.csv") + ":0: file not found");
        // macs.csv may be missing: no MACs registered
        InventoryFixtures.sample(dir.resolve("nomacs"));
        Files.delete(dir.resolve("nomacs").resolve("macs.csv"));
        assertThat(reader.read(InventoryFiles.in(dir.resolve("nomacs"))).inventory().allowedMacs()).isEmpty();
    }

    private static void edit(Path file, UnaryOperator<String> edit) throws IOException {
        Files.writeString(file, edit.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
