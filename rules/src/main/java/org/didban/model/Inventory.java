package org.didban.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is supposed to exist: provinces, counties, branches and their devices. Immutable; a new
 * inventory replaces the old one whole. Construction checks referential integrity so that every
 * device has a branch, every branch a county and every county a province.
 */
public final class Inventory {
    private final Map<String, Province> provinces;
    private final Map<String, County> counties;
    private final Map<String, Branch> branches;
    private final Map<String, Device> devices;
    private final Map<String, List<Device>> devicesByBranch;

    private Inventory(Builder b) {
        this.provinces = Collections.unmodifiableMap(new LinkedHashMap<>(b.provinces));
        this.counties = Collections.unmodifiableMap(new LinkedHashMap<>(b.counties));
        this.branches = Collections.unmodifiableMap(new LinkedHashMap<>(b.branches));
        this.devices = Collections.unmodifiableMap(new LinkedHashMap<>(b.devices));
        Map<String, List<Device>> byBranch = new HashMap<>();
        for (County c : counties.values()) {
            if (!provinces.containsKey(c.provinceCode())) {
                throw new IllegalArgumentException("county " + c.code() + " names unknown province " + c.provinceCode());
            }
        }
        for (Branch br : branches.values()) {
            County c = counties.get(br.countyCode());
            if (c == null) {
                throw new IllegalArgumentException("branch " + br.code() + " names unknown county " + br.countyCode());
            }
            if (!c.provinceCode().equals(br.provinceCode())) {
                throw new IllegalArgumentException("branch " + br.code() + " is in province " + br.provinceCode()
                        + " but its county " + c.code() + " is in " + c.provinceCode());
            }
        }
        for (Device d : devices.values()) {
            if (!branches.containsKey(d.branchCode())) {
                throw new IllegalArgumentException("device " + d.id() + " names unknown branch " + d.branchCode());
            }
            byBranch.computeIfAbsent(d.branchCode(), k -> new ArrayList<>()).add(d);
        }
        byBranch.replaceAll((k, v) -> List.copyOf(v));
        this.devicesByBranch = Collections.unmodifiableMap(byBranch);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Inventory empty() {
        return builder().build();
    }

    public Province province(String code) {
        return provinces.get(code);
    }

    public County county(String code) {
        return counties.get(code);
    }

    public Branch branch(String code) {
        return branches.get(code);
    }

    public Device device(String id) {
        return devices.get(id);
    }

    public List<Device> devicesOf(String branchCode) {
        return devicesByBranch.getOrDefault(branchCode, List.of());
    }

    public Collection<Province> provinces() {
        return provinces.values();
    }

    public Collection<County> counties() {
        return counties.values();
    }

    public Collection<Branch> branches() {
        return branches.values();
    }

    public Collection<Device> devices() {
        return devices.values();
    }

    /** Collects the parts; {@link #build()} checks that they fit together. */
    public static final class Builder {
        private final Map<String, Province> provinces = new LinkedHashMap<>();
        private final Map<String, County> counties = new LinkedHashMap<>();
        private final Map<String, Branch> branches = new LinkedHashMap<>();
        private final Map<String, Device> devices = new LinkedHashMap<>();

        public Builder province(Province p) {
            putOnce(provinces, p.code(), p, "province");
            return this;
        }

        public Builder county(County c) {
            putOnce(counties, c.code(), c, "county");
            return this;
        }

        public Builder branch(Branch b) {
            putOnce(branches, b.code(), b, "branch");
            return this;
        }

        public Builder device(Device d) {
            putOnce(devices, d.id(), d, "device");
            return this;
        }

        public boolean hasProvince(String code) {
            return provinces.containsKey(code);
        }

        public boolean hasCounty(String code) {
            return counties.containsKey(code);
        }

        private static <T> void putOnce(Map<String, T> map, String key, T value, String what) {
            Objects.requireNonNull(value, what);
            T previous = map.putIfAbsent(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalArgumentException("duplicate " + what + " code " + key);
            }
        }

        public Inventory build() {
            return new Inventory(this);
        }
    }
}
