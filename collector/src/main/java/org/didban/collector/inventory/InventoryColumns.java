package org.didban.collector.inventory;

import java.util.List;

/** The columns of the inventory CSV files, in the order the writer puts them. One place, so reader and writer agree. */
final class InventoryColumns {
    private InventoryColumns() {
    }

    static final List<String> BRANCHES = List.of(
            "province_code", "province_fa", "province_en",
            "county_code", "county_fa", "county_en",
            "branch_code", "name_fa", "name_en",
            "mobile", "sensitive", "sensitive_reason",
            "fiber", "fiber_planned",
            "latitude", "longitude",
            "cameras", "inspector");

    static final List<String> DEVICES = List.of("device_id", "branch_code", "role", "address", "credential_ref");

    static final List<String> AGENTS = List.of("agent_id", "branch_code", "token_sha256");
}
