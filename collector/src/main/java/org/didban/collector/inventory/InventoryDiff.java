package org.didban.collector.inventory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.didban.model.Inventory;

/**
 * What changes when one inventory replaces another: every province, county, branch, device,
 * allowed MAC and agent that is added, changed (with each field's old and new value) or
 * removed. Fields are named and written as the CSV columns are, so a diff says exactly what the
 * files say. Rendered as text for a person ({@link #toText()}) and as JSON for the audit log and
 * tools ({@link #toJson()}).
 *
 * <p>Entities are identified by their code (a device by its id, an allowed MAC by branch and MAC,
 * an agent by its id): a branch whose code changes is one removed and one added.
 */
public final class InventoryDiff {
    /** What kind of thing changed, in the order a diff lists them. */
    public enum Entity {
        PROVINCE, COUNTY, BRANCH, DEVICE, ALLOWED_MAC, AGENT;

        /** {@code province}, …, {@code allowed_mac}, {@code agent}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Type {
        ADDED("+"), CHANGED("~"), REMOVED("-");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * One field's values: {@code before} is null for an added entity, {@code after} for a removed
     * one. Empty strings are empty values (a column left blank).
     */
    public record FieldChange(String field, String before, String after) {
        public JsonObject toJson() {
            JsonObject j = new JsonObject().put("field", field);
            if (before != null) {
                j.put("from", before);
            }
            if (after != null) {
                j.put("to", after);
            }
            return j;
        }
    }

    /**
     * One entity added, changed or removed. Its fields are worked out when asked for, so that a
     * diff of a national first import (half a million additions) stays small in memory.
     */
    public static final class Change {
        private final Entity entity;
        private final String key;
        private final Type type;
        private final Supplier<Map<String, String>> before;
        private final Supplier<Map<String, String>> after;

        private Change(Entity entity, String key, Type type, Supplier<Map<String, String>> before,
                       Supplier<Map<String, String>> after) {
            this.entity = entity;
            this.key = key;
            this.type = type;
            this.before = before;
            this.after = after;
        }

        public Entity entity() {
            return entity;
        }

        /** The code that identifies it: {@code THR-0001}, a device id, {@code THR-0001 02:00:5e:10:00:01} for a MAC. */
        public String key() {
            return key;
        }

        public Type type() {
            return type;
        }

        /**
         * For a change, the fields that differ; for an addition or removal, every field that is
         * not empty.
         */
        public List<FieldChange> fields() {
            List<FieldChange> out = new ArrayList<>();
            Map<String, String> before = this.before.get();
            Map<String, String> after = this.after.get();
            switch (type) {
                case ADDED -> after.forEach((f, v) -> {
                    if (!v.isEmpty()) {
                        out.add(new FieldChange(f, null, v));
                    }
                });
                case REMOVED -> before.forEach((f, v) -> {
                    if (!v.isEmpty()) {
                        out.add(new FieldChange(f, v, null));
                    }
                });
                default -> after.forEach((f, v) -> {
                    String old = before.getOrDefault(f, "");
                    if (!old.equals(v)) {
                        out.add(new FieldChange(f, old, v));
                    }
                });
            }
            return out;
        }

        /** {@code {"entity":"branch","key":"THR-0001","change":"changed","fields":[{"field":…,"from":…,"to":…}]}} */
        public JsonObject toJson() {
            JsonArray fields = new JsonArray();
            fields().forEach(f -> fields.add(f.toJson()));
            return new JsonObject().put("entity", entity.wireName()).put("key", key).put("change", type.wireName())
                    .put("fields", fields);
        }

        /**
         * {@code + branch THR-0002: name_fa="…", …} on one line for an addition, {@code - device X}
         * for a removal, and for a change a line per field: {@code     inspector: "مریم" → "علی"}.
         */
        public String toText() {
            StringBuilder out = new StringBuilder();
            out.append(type.symbol()).append(' ').append(entity.wireName()).append(' ').append(key);
            List<FieldChange> fields = fields();
            switch (type) {
                case ADDED -> {
                    for (int i = 0; i < fields.size(); i++) {
                        out.append(i == 0 ? ": " : ", ").append(fields.get(i).field()).append('=')
                                .append(quoted(fields.get(i).after()));
                    }
                }
                case CHANGED -> {
                    for (FieldChange f : fields) {
                        out.append("\n    ").append(f.field()).append(": ").append(quoted(f.before()))
                                .append(" → ").append(quoted(f.after()));
                    }
                }
                default -> {
                    // a removal names what goes; its old fields are in the JSON
                }
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return toText();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Change c && entity == c.entity && key.equals(c.key) && type == c.type
                    && before.get().equals(c.before.get()) && after.get().equals(c.after.get());
        }

        @Override
        public int hashCode() {
            return Objects.hash(entity, key, type);
        }
    }

    private final List<Change> changes;

    private InventoryDiff(List<Change> changes) {
        this.changes = Collections.unmodifiableList(changes);
    }

    /** Provinces, counties, branches, devices and allowed MACs (no agents: an inventory does not hold them). */
    public static InventoryDiff between(Inventory before, Inventory after) {
        return between(before, AgentRegistry.empty(), after, AgentRegistry.empty());
    }

    /** Everything, agents included. */
    public static InventoryDiff between(InventoryCsvReader.Loaded before, InventoryCsvReader.Loaded after) {
        return between(before.inventory(), before.agents(), after.inventory(), after.agents());
    }

    /** Everything, agents included. */
    public static InventoryDiff between(Inventory before, AgentRegistry beforeAgents, Inventory after,
                                        AgentRegistry afterAgents) {
        List<Change> out = new ArrayList<>();
        compare(Entity.PROVINCE, before.provinces(), after.provinces(), p -> p.code(), before::province, after::province,
                InventoryRecords::province, out);
        compare(Entity.COUNTY, before.counties(), after.counties(), c -> c.code(), before::county, after::county,
                InventoryRecords::county, out);
        compare(Entity.BRANCH, before.branches(), after.branches(), b -> b.code(), before::branch, after::branch,
                InventoryRecords::branch, out);
        compare(Entity.DEVICE, before.devices(), after.devices(), d -> d.id(), before::device, after::device,
                InventoryRecords::device, out);
        Map<String, Inventory.AllowedMac> macsBefore = byKey(before.allowedMacs());
        Map<String, Inventory.AllowedMac> macsAfter = byKey(after.allowedMacs());
        compare(Entity.ALLOWED_MAC, macsBefore.values(), macsAfter.values(), Inventory.AllowedMac::key, macsBefore::get,
                macsAfter::get, InventoryRecords::allowedMac, out);
        compare(Entity.AGENT, beforeAgents.agents(), afterAgents.agents(), Agent::id, beforeAgents::agent,
                afterAgents::agent, InventoryRecords::agent, out);
        return new InventoryDiff(out);
    }

    private static Map<String, Inventory.AllowedMac> byKey(List<Inventory.AllowedMac> macs) {
        Map<String, Inventory.AllowedMac> m = new HashMap<>(macs.size() * 2);
        macs.forEach(a -> m.put(a.key(), a));
        return m;
    }

    /** Added and changed in the new one's key order, then removed; each kind sorted by key. */
    private static <T> void compare(Entity entity, Collection<T> before, Collection<T> after, Function<T, String> keyOf,
                                    Function<String, T> inBefore, Function<String, T> inAfter,
                                    Function<T, Map<String, String>> fields, List<Change> out) {
        List<Change> found = new ArrayList<>();
        for (T a : after) {
            String key = keyOf.apply(a);
            T b = inBefore.apply(key);
            if (b == null) {
                found.add(new Change(entity, key, Type.ADDED, Map::of, () -> fields.apply(a)));
            } else if (!b.equals(a)) {
                Map<String, String> fb = fields.apply(b);
                Map<String, String> fa = fields.apply(a);
                if (!fb.equals(fa)) {
                    found.add(new Change(entity, key, Type.CHANGED, () -> fb, () -> fa));
                }
            }
        }
        for (T b : before) {
            String key = keyOf.apply(b);
            if (inAfter.apply(key) == null) {
                found.add(new Change(entity, key, Type.REMOVED, () -> fields.apply(b), Map::of));
            }
        }
        found.sort(Comparator.comparing(Change::key));
        out.addAll(found);
    }

    /** Every change: by entity (provinces first, agents last), then by key. */
    public List<Change> changes() {
        return changes;
    }

    public List<Change> changes(Entity entity) {
        return changes.stream().filter(c -> c.entity() == entity).toList();
    }

    public List<Change> added() {
        return ofType(Type.ADDED);
    }

    public List<Change> changed() {
        return ofType(Type.CHANGED);
    }

    public List<Change> removed() {
        return ofType(Type.REMOVED);
    }

    private List<Change> ofType(Type type) {
        return changes.stream().filter(c -> c.type() == type).toList();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public int size() {
        return changes.size();
    }

    /** How many of each type, per entity that has any. */
    public Map<Entity, Map<Type, Integer>> counts() {
        Map<Entity, Map<Type, Integer>> counts = new EnumMap<>(Entity.class);
        for (Change c : changes) {
            counts.computeIfAbsent(c.entity(), e -> {
                Map<Type, Integer> m = new EnumMap<>(Type.class);
                for (Type t : Type.values()) {
                    m.put(t, 0);
                }
                return m;
            }).merge(c.type(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code 3 added, 2 changed, 1 removed} or {@code no changes}. */
    public String summary() {
        if (changes.isEmpty()) {
            return "no changes";
        }
        int[] n = new int[Type.values().length];
        changes.forEach(c -> n[c.type().ordinal()]++);
        return String.format(Locale.ROOT, "%,d added, %,d changed, %,d removed",
                n[Type.ADDED.ordinal()], n[Type.CHANGED.ordinal()], n[Type.REMOVED.ordinal()]);
    }

    /** The summary, a count per entity, then every change ({@link Change#toText()}). */
    public String toText() {
        StringBuilder out = new StringBuilder(summaryText());
        for (Change c : changes) {
            out.append(c.toText()).append('\n');
        }
        return out.toString();
    }

    /** The summary and the count per entity, without the changes themselves. */
    public String summaryText() {
        StringBuilder out = new StringBuilder("inventory: ").append(summary()).append('\n');
        counts().forEach((entity, byType) -> out.append(String.format(Locale.ROOT, "  %-12s +%,d ~%,d -%,d%n",
                entity.wireName(), byType.get(Type.ADDED), byType.get(Type.CHANGED), byType.get(Type.REMOVED))));
        return out.toString();
    }

    /**
     * {@code {"added":n,"changed":n,"removed":n,"by_entity":{"branch":{"added":…}},"changes":[…]}},
     * each change as {@link Change#toJson()}.
     */
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        changes.forEach(c -> list.add(c.toJson()));
        return summaryJson().put("changes", list);
    }

    /** {@link #toJson()} without the changes: the counts alone. */
    public JsonObject summaryJson() {
        JsonObject j = counts(changes);
        JsonObject byEntity = new JsonObject();
        counts().forEach((entity, byType) -> {
            JsonObject c = new JsonObject();
            byType.forEach((t, n) -> c.put(t.wireName(), n));
            byEntity.put(entity.wireName(), c);
        });
        return j.put("by_entity", byEntity);
    }

    private static JsonObject counts(List<Change> changes) {
        int[] n = new int[Type.values().length];
        changes.forEach(c -> n[c.type().ordinal()]++);
        JsonObject j = new JsonObject();
        for (Type t : Type.values()) {
            j.put(t.wireName(), n[t.ordinal()]);
        }
        return j;
    }

    /** A value in double quotes, with quotes, backslashes and control characters escaped. */
    static String quoted(String v) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                    || c == '\u202D' || c == '\u202E') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
