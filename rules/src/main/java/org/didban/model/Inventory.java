package org.didban.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What is supposed to exist: provinces, counties, branches, their devices and the MAC addresses
 * allowed on each branch's LAN. Immutable; a new inventory replaces the old one whole.
 * Construction checks referential integrity so that every device and allowed MAC has a branch,
 * every branch a county and every county a province.
 */
public final class Inventory {
    private final Map<String, Province> provinces;
    private final Map<String, County> counties;
    private final Map<String, Branch> branches;
    private final Map<String, Device> devices;
    private final Map<String, List<Device>> devicesByBranch;
    private final Map<String, List<Branch>> branchesByCounty;
    private final List<AllowedMac> allowedMacs;
    private final Map<String, List<AllowedMac>> macsByBranch;
    private final Map<String, Set<String>> macSetsByBranch;

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
        Map<String, List<Branch>> byCounty = new HashMap<>();
        for (Branch br : branches.values()) {
            byCounty.computeIfAbsent(br.countyCode(), k -> new ArrayList<>()).add(br);
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
        byCounty.replaceAll((k, v) -> List.copyOf(v));
        this.branchesByCounty = Collections.unmodifiableMap(byCounty);
        this.devicesByBranch = Collections.unmodifiableMap(byBranch);
        Map<String, List<AllowedMac>> macs = new HashMap<>();
        for (AllowedMac m : b.allowedMacs.values()) {
            if (!branches.containsKey(m.branchCode())) {
                throw new IllegalArgumentException("allowed MAC " + m.mac() + " names unknown branch " + m.branchCode());
            }
            macs.computeIfAbsent(m.branchCode(), k -> new ArrayList<>()).add(m);
        }
        Map<String, Set<String>> sets = new HashMap<>();
        macs.replaceAll((k, v) -> List.copyOf(v));
        macs.forEach((branch, list) -> {
            Set<String> set = new LinkedHashSet<>();
            list.forEach(m -> set.add(m.mac()));
            sets.put(branch, Collections.unmodifiableSet(set));
        });
        this.allowedMacs = List.copyOf(b.allowedMacs.values());
        this.macsByBranch = Collections.unmodifiableMap(macs);
        this.macSetsByBranch = Collections.unmodifiableMap(sets);
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

    /** The branches of a county, in inventory order (none for an unknown county). */
    public List<Branch> branchesOf(String countyCode) {
        return branchesByCounty.getOrDefault(countyCode, List.of());
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

    /**
     * The MACs allowed on the LAN of {@code branchCode}, canonical ({@code aa:bb:cc:dd:ee:ff}, the
     * form of the site agent's {@code mac-allowlist}); empty when none are registered.
     */
    public Set<String> allowedMacs(String branchCode) {
        return macSetsByBranch.getOrDefault(branchCode, Set.of());
    }

    /** The allowed MACs of a branch with what each one is (a device id or a note). */
    public List<AllowedMac> allowedMacsOf(String branchCode) {
        return macsByBranch.getOrDefault(branchCode, List.of());
    }

    /** Every allowed MAC of every branch, in the order they were given. */
    public List<AllowedMac> allowedMacs() {
        return allowedMacs;
    }

    /** Whether {@code mac} (in any form {@link AllowedMac#canonical} reads) may be on the LAN of {@code branchCode}. */
    public boolean isAllowedMac(String branchCode, String mac) {
        String canonical;
        try {
            canonical = AllowedMac.canonical(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return allowedMacs(branchCode).contains(canonical);
    }

    /**
     * A MAC address allowed on a branch's LAN (the baseline of the LAN watch: any other MAC seen is
     * reported). {@code deviceOrNote} says what it is: the id of one of the branch's devices, or a
     * note such as "inspector's laptop"; empty when nothing is said.
     */
    public record AllowedMac(String branchCode, String mac, String deviceOrNote) {
        public AllowedMac {
            Objects.requireNonNull(branchCode, "branchCode");
            mac = canonical(mac);
            deviceOrNote = deviceOrNote == null ? "" : deviceOrNote;
        }

        /**
         * The canonical form, lower case with colons ({@code 02:00:5e:10:00:01}), of a MAC written as
         * {@code 02:00:5E:10:00:01}, {@code 02-00-5E-10-00-01}, {@code 0200.5e10.0001} (Cisco) or
         * {@code 02005e100001}.
         *
         * @throws IllegalArgumentException when the text is none of these, or is a broadcast,
         *                                  multicast or all-zero address, which no device has
         */
        public static String canonical(String text) {
            if (text == null) {
                throw new IllegalArgumentException("no MAC address given");
            }
            String t = text.strip();
            String hex;
            if (t.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}") || t.matches("[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}")) {
                hex = t.replace(":", "").replace("-", "");
            } else if (t.matches("[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}")) {
                hex = t.replace(".", "");
            } else if (t.matches("[0-9A-Fa-f]{12}")) {
                hex = t;
            } else {
                throw new IllegalArgumentException("'" + shorten(t) + "' is not a MAC address like 02:00:5e:10:00:01");
            }
            hex = hex.toLowerCase(Locale.ROOT);
            if (hex.equals("000000000000")) {
                throw new IllegalArgumentException("'" + t + "' is the all-zero MAC address, which no device has");
            }
            if ((Integer.parseInt(hex.substring(0, 2), 16) & 1) == 1) {
                throw new IllegalArgumentException("'" + t + "' is a " + (hex.equals("ffffffffffff") ? "broadcast" : "multicast")
                        + " MAC address, which no device has");
            }
            StringBuilder out = new StringBuilder(17);
            for (int i = 0; i < 12; i += 2) {
                if (i > 0) {
                    out.append(':');
                }
                out.append(hex, i, i + 2);
            }
            return out.toString();
        }

        private static String shorten(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }

        /** What identifies it in the inventory: the branch and the MAC. */
        public String key() {
            return branchCode + " " + mac;
        }
    }

    /** Collects the parts; {@link #build()} checks that they fit together. */
    public static final class Builder {
        private final Map<String, Province> provinces = new LinkedHashMap<>();
        private final Map<String, County> counties = new LinkedHashMap<>();
        private final Map<String, Branch> branches = new LinkedHashMap<>();
        private final Map<String, Device> devices = new LinkedHashMap<>();
        private final Map<String, AllowedMac> allowedMacs = new LinkedHashMap<>();

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

        /** Allows a MAC on a branch's LAN; the same MAC twice for one branch must say the same. */
        public Builder allowedMac(AllowedMac m) {
            putOnce(allowedMacs, m.key(), m, "allowed MAC");
            return this;
        }

        public Builder allowedMac(String branchCode, String mac, String deviceOrNote) {
            return allowedMac(new AllowedMac(branchCode, mac, deviceOrNote));
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
