package org.didban.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.didban.collector.inventory.InventoryDiff.Change;
import org.didban.collector.inventory.InventoryDiff.Entity;
import org.didban.collector.inventory.InventoryDiff.FieldChange;
import org.didban.collector.inventory.InventoryDiff.Type;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.GeoPoint;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.junit.jupiter.api.Test;

/** InventoryDiff on small inventories made by hand, where every expected change is known. */
class InventoryDiffTest {
    private static final Province THR = new Province("THR", "تهران", "Tehran");
    private static final Province ISF = new Province("ISF", "اصفهان", "Isfahan");
    private static final County TEHRAN = new County("THR-01", "THR", "تهران", "Tehran");
    private static final County REY = new County("THR-02", "THR", "ری", "Rey");
    private static final County KASHAN = new County("ISF-05", "ISF", "کاشان", "Kashan");

    private static Branch branch(String code, County c, String inspector, FiberStatus fiber, LocalDate planned,
                                 List<String> members) {
        return new Branch(code, c.code(), c.provinceCode(), "شعبه " + code, "Branch " + code, false, false, "",
                new GeoPoint(35.7, 51.4), fiber, planned, 2, inspector, "نماینده", members);
    }

    private static final Branch B1 = branch("THR-0001", TEHRAN, "مریم", FiberStatus.CONNECTED, null, List.of("علی", "زهرا"));
    private static final Branch B2 = branch("THR-0101", REY, "", FiberStatus.NONE, null, List.of());
    private static final Device R1 = new Device("THR-0001-router", "THR-0001", DeviceRole.ROUTER, "10.0.0.1", "v3",
            new DeviceIdentity("RB4001", "RB-4011", "7.14.3", ""));
    private static final Device U1 = new Device("THR-0001-ups", "THR-0001", DeviceRole.UPS, "10.0.0.4", "v3");
    private static final Device R2 = new Device("THR-0101-router", "THR-0101", DeviceRole.ROUTER, "10.0.1.1", "v3");

    private static Inventory.Builder base() {
        return Inventory.builder().province(THR).county(TEHRAN).county(REY).branch(B1).branch(B2)
                .device(R1).device(U1).device(R2)
                .allowedMac("THR-0001", "00:1a:2b:00:00:01", "THR-0001-router")
                .allowedMac("THR-0001", "00:26:8d:00:00:04", "THR-0001-ups");
    }

    private static final AgentRegistry AGENTS = AgentRegistry.of(List.of(
            Agent.withToken("THR-0001-a", "THR-0001", "t1"), Agent.withToken("THR-0101-a", "THR-0101", "t2")));

    @Test
    void theSameInventoryHasNoChanges() {
        InventoryDiff diff = InventoryDiff.between(base().build(), AGENTS, base().build(), AGENTS);
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.summary()).isEqualTo("no changes");
        assertThat(diff.toText()).isEqualTo("inventory: no changes\n");
        assertThat(diff.toJson().getJsonArray("changes")).isEmpty();
    }

    @Test
    void everyKindOfChangeIsFoundWithItsFields() {
        Inventory before = base().build();
        // After: Isfahan and Kashan arrive with a branch; THR-0001 changes inspector, fiber and members;
        // THR-0101 is gone with its router, MAC and agent; the UPS gets an identity; a MAC changes note, one is added.
        Branch b1 = branch("THR-0001", TEHRAN, "علی", FiberStatus.PLANNED, LocalDate.of(2026, 9, 22), List.of("علی"));
        Branch b3 = branch("ISF-0501", KASHAN, "", FiberStatus.NONE, null, List.of());
        Device u1 = new Device("THR-0001-ups", "THR-0001", DeviceRole.UPS, "10.0.0.4", "v3",
                new DeviceIdentity("U15-1", "UPS-1500VA", "", ""));
        Inventory after = Inventory.builder().province(THR).province(ISF).county(TEHRAN).county(REY).county(KASHAN)
                .branch(b1).branch(b3).device(R1).device(u1)
                .allowedMac("THR-0001", "00:1a:2b:00:00:01", "router, replaced 1405")
                .allowedMac("THR-0001", "00:26:8d:00:00:04", "THR-0001-ups")
                .allowedMac("ISF-0501", "00:1a:2b:00:05:01", "")
                .build();
        AgentRegistry agentsAfter = AgentRegistry.of(List.of(Agent.withToken("THR-0001-a", "THR-0001", "t1-rotated"),
                Agent.withToken("ISF-0501-a", "ISF-0501", "t3")));

        InventoryDiff diff = InventoryDiff.between(before, AGENTS, after, agentsAfter);

        assertThat(diff.changes()).extracting(c -> c.type().symbol() + " " + c.entity().wireName() + " " + c.key())
                .containsExactly(
                        "+ province ISF",
                        "+ county ISF-05",
                        "+ branch ISF-0501",
                        "~ branch THR-0001",
                        "- branch THR-0101",
                        "~ device THR-0001-ups",
                        "- device THR-0101-router",
                        "+ allowed_mac ISF-0501 00:1a:2b:00:05:01",
                        "~ allowed_mac THR-0001 00:1a:2b:00:00:01",
                        "+ agent ISF-0501-a",
                        "~ agent THR-0001-a",
                        "- agent THR-0101-a");
        assertThat(diff.summary()).isEqualTo("5 added, 4 changed, 3 removed");
        // Rey stays (it is in the new inventory although no branch is left in it)
        assertThat(diff.changes(Entity.COUNTY)).hasSize(1);

        Change tehran = diff.changes(Entity.BRANCH).stream().filter(c -> c.key().equals("THR-0001")).findFirst().orElseThrow();
        assertThat(tehran.fields()).containsExactly(
                new FieldChange("fiber", "connected", "planned"),
                new FieldChange("fiber_planned", "", "2026-09-22"),
                new FieldChange("inspector", "مریم", "علی"),
                new FieldChange("members", "علی;زهرا", "علی"));
        Change ups = diff.changes(Entity.DEVICE).stream().filter(c -> c.type() == Type.CHANGED).findFirst().orElseThrow();
        assertThat(ups.fields()).containsExactly(new FieldChange("expected_serial", "", "U15-1"),
                new FieldChange("expected_model", "", "UPS-1500VA"));
        Change added = diff.changes(Entity.BRANCH).get(0);
        assertThat(added.fields()).extracting(FieldChange::field).contains("province_code", "county_code", "name_fa")
                .doesNotContain("sensitive_reason", "members"); // empty values are left out of an addition
        assertThat(added.fields()).allSatisfy(f -> assertThat(f.before()).isNull());
        Change removed = diff.removed().get(0);
        assertThat(removed.fields()).allSatisfy(f -> assertThat(f.after()).isNull());
        assertThat(removed.fields()).contains(new FieldChange("name_en", "Branch THR-0101", null));
        Change rotated = diff.changes(Entity.AGENT).get(1);
        assertThat(rotated.fields()).extracting(FieldChange::field).containsExactly("token_sha256");
    }

    @Test
    void theTextSaysWhatChangedLineByLine() {
        Inventory after = Inventory.builder().province(THR).county(TEHRAN).county(REY)
                .branch(branch("THR-0001", TEHRAN, "علی \"کوچک\"", FiberStatus.CONNECTED, null, List.of("علی", "زهرا")))
                .branch(B2).device(R1).device(U1)
                .allowedMac("THR-0001", "00:1a:2b:00:00:01", "THR-0001-router")
                .allowedMac("THR-0001", "00:26:8d:00:00:04", "THR-0001-ups")
                .allowedMac("THR-0001", "00:1a:2b:00:00:ff", "لپ‌تاپ ناظر")
                .build();
        InventoryDiff diff = InventoryDiff.between(base().build(), after);
        assertThat(diff.toText()).isEqualTo("""
                inventory: 1 added, 1 changed, 1 removed
                  branch       +0 ~1 -0
                  device       +0 ~0 -1
                  allowed_mac  +1 ~0 -0
                ~ branch THR-0001
                    inspector: "مریم" → "علی \\"کوچک\\""
                - device THR-0101-router
                + allowed_mac THR-0001 00:1a:2b:00:00:ff: branch_code="THR-0001", mac="00:1a:2b:00:00:ff", device_or_note="لپ‌تاپ ناظر"
                """);
    }

    @Test
    void theJsonCarriesEveryFieldForTheAuditLog() {
        Inventory after = base().device(new Device("THR-0101-switch", "THR-0101", DeviceRole.SWITCH, "10.0.1.2", "v3"))
                .build();
        JsonObject json = InventoryDiff.between(base().build(), after).toJson();
        assertThat(json.getInteger("added")).isEqualTo(1);
        assertThat(json.getInteger("changed")).isZero();
        assertThat(json.getJsonObject("by_entity").getJsonObject("device").getInteger("added")).isEqualTo(1);
        JsonObject change = json.getJsonArray("changes").getJsonObject(0);
        assertThat(change.getString("entity")).isEqualTo("device");
        assertThat(change.getString("key")).isEqualTo("THR-0101-switch");
        assertThat(change.getString("change")).isEqualTo("added");
        assertThat(change.getJsonArray("fields").getJsonObject(1).encode())
                .isEqualTo("{\"field\":\"role\",\"to\":\"switch\"}");
        assertThat(new JsonObject(json.encode())).isEqualTo(json);
    }

    @Test
    void aBranchMovedToAnotherCountyIsAChangeOfItsCountyAndACodeChangeIsARemovalAndAnAddition() {
        Branch moved = new Branch(B2.code(), TEHRAN.code(), "THR", B2.nameFa(), B2.nameEn(), B2.mobile(), B2.sensitive(),
                B2.sensitiveReason(), B2.location(), B2.fiber(), B2.fiberPlanned(), B2.cameraCount(), B2.inspector(),
                B2.governorRep(), B2.members());
        Inventory after = Inventory.builder().province(THR).county(TEHRAN).county(REY).branch(B1).branch(moved)
                .device(R1).device(U1).device(R2)
                .allowedMac("THR-0001", "00:1a:2b:00:00:01", "THR-0001-router")
                .allowedMac("THR-0001", "00:26:8d:00:00:04", "THR-0001-ups").build();
        InventoryDiff diff = InventoryDiff.between(base().build(), after);
        assertThat(diff.changes()).hasSize(1);
        assertThat(diff.changes().get(0).fields()).containsExactly(new FieldChange("county_code", "THR-02", "THR-01"));

        Inventory renamed = Inventory.builder().province(THR).county(TEHRAN).county(REY).branch(B1)
                .branch(branch("THR-0102", REY, "", FiberStatus.NONE, null, List.of()))
                .device(R1).device(U1)
                .allowedMac("THR-0001", "00:1a:2b:00:00:01", "THR-0001-router")
                .allowedMac("THR-0001", "00:26:8d:00:00:04", "THR-0001-ups").build();
        assertThat(InventoryDiff.between(base().build(), renamed).changes())
                .extracting(c -> c.type() + " " + c.key())
                .containsExactly("REMOVED THR-0101", "ADDED THR-0102", "REMOVED THR-0101-router");
    }

    @Test
    void fromNothingEverythingIsAdded() {
        Inventory inventory = base().build();
        InventoryDiff diff = InventoryDiff.between(Inventory.empty(), AgentRegistry.empty(), inventory, AGENTS);
        assertThat(diff.added()).hasSize(1 + 2 + 2 + 3 + 2 + 2);
        assertThat(diff.changed()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(InventoryDiff.between(inventory, AGENTS, Inventory.empty(), AgentRegistry.empty()).removed())
                .hasSize(diff.size());
    }
}
