package org.didban.agent.profile;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.didban.agent.WireText;
import org.didban.model.Labels;
import org.didban.model.MetricDefinition;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * Turns what a device answered into samples, as its profile says. Never throws on odd answers:
 * a value of the wrong type, a missing scalar, a row lacking a column the table has elsewhere is
 * skipped and counted ({@link Result#oddValues()}).
 */
public final class ProfileEvaluator {
    /** The captures the poller reads the device's identity from. */
    public static final String SYS_DESCR = "sys_descr";
    public static final String SYS_OBJECT_ID = "sys_object_id";

    /** Samples in profile order, captured texts and the count of odd values. */
    public record Result(List<Sample> samples, Map<String, String> captures, int oddValues) {
    }

    private ProfileEvaluator() {
    }

    /** The scalars part: captures and scalar metrics. */
    public static Result scalars(DeviceProfile profile, String device, Map<OID, Variable> values, long now) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> captures = new LinkedHashMap<>();
        int odd = 0;
        for (DeviceProfile.Scalar s : profile.scalars()) {
            if (s.capture() == null) {
                continue;
            }
            Variable v = values.get(s.oid());
            if (v == null || v.isException()) {
                odd += s.optional() ? 0 : 1;
                continue;
            }
            String text = switch (s.capture()) {
                case SYS_OBJECT_ID -> v instanceof OID id ? id.toDottedString() : null;
                case SYS_DESCR -> v instanceof OctetString t ? t.toString() : null;
                default -> text(v, DeviceProfile.Format.AUTO);
            };
            if (text == null) {
                odd++;
            } else {
                captures.put(s.capture(), text);
            }
        }
        for (DeviceProfile.Scalar s : profile.scalars()) {
            if (s.metric() == null) {
                continue;
            }
            Variable v = values.get(s.oid());
            if (v == null || v.isException()) {
                odd += s.optional() || s.capture() != null ? 0 : 1;
                continue;
            }
            MetricDefinition def = Metrics.definition(s.metric()).orElseThrow();
            if (def.kind() == MetricDefinition.Kind.INFO) {
                Map<String, String> labels = new LinkedHashMap<>();
                s.labels().forEach((label, source) -> labels.put(label, WireText.bound(
                        source.equals("value") ? text(v, DeviceProfile.Format.AUTO) : captures.getOrDefault(source.substring(1), ""))));
                samples.add(new Sample(device, s.metric(), Labels.of(labels), 1, now));
                continue;
            }
            OptionalDouble n = number(v);
            OptionalDouble out = n.isPresent() ? transform(s.value(), n.getAsDouble()) : OptionalDouble.empty();
            if (out.isEmpty()) {
                odd++;
                continue;
            }
            samples.add(new Sample(device, s.metric(), Labels.EMPTY, out.getAsDouble(), now));
        }
        return new Result(samples, captures, odd);
    }

    /** The tables part: one pass over every walked table in profile order. */
    public static Result tables(DeviceProfile profile, String device, Map<String, TableRows> walked,
                                Map<String, String> captures, long now) {
        List<Sample> samples = new ArrayList<>();
        int odd = 0;
        for (DeviceProfile.Table t : profile.tables()) {
            TableRows raw = walked.getOrDefault(t.name(), TableRows.EMPTY);
            TableRows rows = t.byInterface() == null ? raw : byInterface(t, raw, walked, captures);
            int columns = t.columns().size();
            boolean[] supported = new boolean[columns];
            for (Variable[] row : rows.rows().values()) {
                for (int c = 0; c < row.length && c < columns; c++) {
                    supported[c] |= row[c] != null;
                }
            }
            Map<DeviceProfile.TableMetric, Integer> counts = new LinkedHashMap<>();
            for (DeviceProfile.TableMetric m : t.metrics()) {
                if (m.count()) {
                    counts.put(m, 0);
                }
            }
            for (Map.Entry<OID, Variable[]> entry : rows.rows().entrySet()) {
                Variable[] row = entry.getValue();
                Row r = new Row(t, entry.getKey(), rows, walked, captures);
                if (!r.matches(t.where()) || !r.matchesText(t.match())) {
                    continue; // a sparse table (entPhysicalTable): rows of other kinds lack columns
                }
                for (int c = 0; c < columns; c++) {
                    odd += supported[c] && row[c] == null ? 1 : 0; // a truncated row
                }
                Map<String, String> tableLabels = new HashMap<>();
                for (DeviceProfile.TableMetric m : t.metrics()) {
                    if (!r.matches(m.where())) {
                        continue;
                    }
                    if (m.count()) {
                        counts.merge(m, 1, Integer::sum);
                        continue;
                    }
                    MetricDefinition def = Metrics.definition(m.metric()).orElseThrow();
                    double value;
                    if (def.kind() == MetricDefinition.Kind.INFO && m.columns().isEmpty()) {
                        value = 1;
                    } else {
                        OptionalDouble v = r.value(m);
                        if (v.isEmpty()) {
                            odd += r.wrongType ? 1 : 0;
                            r.wrongType = false;
                            continue;
                        }
                        value = def.kind() == MetricDefinition.Kind.INFO ? 1 : v.getAsDouble();
                    }
                    Map<String, String> labels = new LinkedHashMap<>();
                    for (String label : def.labels()) {
                        List<String> sources = m.labels().get(label);
                        if (sources != null) {
                            labels.put(label, r.label(sources));
                        } else {
                            labels.put(label, tableLabels.computeIfAbsent(label, l -> r.label(t.labels().get(l))));
                        }
                    }
                    samples.add(new Sample(device, m.metric(), Labels.of(labels), value, now));
                }
            }
            for (Map.Entry<DeviceProfile.TableMetric, Integer> c : counts.entrySet()) {
                Map<String, String> labels = new LinkedHashMap<>();
                c.getKey().labels().forEach((l, sources) -> labels.put(l, new Row(t, new OID(), rows, walked, captures).label(sources)));
                samples.add(new Sample(device, c.getKey().metric(), Labels.of(labels), c.getValue(), now));
            }
        }
        return new Result(samples, captures, odd);
    }

    /** ifIndex instances (IF-MIB ifIndex.N): what entAliasMappingIdentifier points at for an interface. */
    private static final OID IF_INDEX = new OID("1.3.6.1.2.1.2.2.1.1");

    /**
     * The rows of a table indexed by entPhysicalIndex that pass its filters, re-indexed by the ifIndex
     * of their entity or of the nearest entity containing it ({@code index-by-interface}). Rows of no
     * interface are left out; on one interface the first row (lowest entPhysicalIndex) is kept.
     */
    static TableRows byInterface(DeviceProfile.Table t, TableRows rows, Map<String, TableRows> walked,
                                 Map<String, String> captures) {
        DeviceProfile.InterfaceIndex by = t.byInterface();
        Map<Long, Long> ifIndexOf = new HashMap<>(); // entPhysicalIndex → ifIndex
        for (Map.Entry<OID, Variable[]> a : walked.getOrDefault(by.aliases(), TableRows.EMPTY).rows().entrySet()) {
            Variable v = a.getValue().length == 0 ? null : a.getValue()[0];
            if (a.getKey().size() >= 1 && v instanceof OID target && target.size() == IF_INDEX.size() + 1
                    && target.startsWith(IF_INDEX) && target.getUnsigned(IF_INDEX.size()) > 0) {
                ifIndexOf.putIfAbsent(a.getKey().getUnsigned(0), target.getUnsigned(IF_INDEX.size()));
            }
        }
        java.util.SortedMap<OID, Variable[]> out = new java.util.TreeMap<>();
        for (Map.Entry<OID, Variable[]> e : rows.rows().entrySet()) {
            Row r = new Row(t, e.getKey(), rows, walked, captures);
            if (e.getKey().size() != 1 || !r.matches(t.where()) || !r.matchesText(t.match())) {
                continue;
            }
            long entity = e.getKey().getUnsigned(0);
            Long ifIndex = null;
            for (int depth = 0; depth <= DeviceProfile.InterfaceIndex.MAX_DEPTH && entity > 0 && ifIndex == null; depth++) {
                ifIndex = ifIndexOf.get(entity);
                if (ifIndex == null && entity <= Integer.MAX_VALUE) {
                    Variable up = rows.get(new OID(new int[] {(int) entity}), by.containedIn());
                    entity = (long) number(up).orElse(0); // 0: not contained in anything
                }
            }
            if (ifIndex != null && ifIndex <= Integer.MAX_VALUE) {
                out.putIfAbsent(new OID(new int[] {(int) (long) ifIndex}), e.getValue());
            }
        }
        return new TableRows(rows.columns(), out);
    }

    /** One row being evaluated. */
    private static final class Row {
        final DeviceProfile.Table table;
        final OID index;
        final TableRows rows;
        final Map<String, TableRows> walked;
        final Map<String, String> captures;
        boolean wrongType;

        Row(DeviceProfile.Table table, OID index, TableRows rows, Map<String, TableRows> walked, Map<String, String> captures) {
            this.table = table;
            this.index = index;
            this.rows = rows;
            this.walked = walked;
            this.captures = captures;
        }

        Variable cell(String column) {
            return rows.get(index, column);
        }

        boolean matches(Map<String, List<String>> where) {
            for (Map.Entry<String, List<String>> w : where.entrySet()) {
                Variable v = cell(w.getKey());
                if (v == null || !w.getValue().contains(matchText(v))) {
                    return false;
                }
            }
            return true;
        }

        /** No patterns, or at least one column whose text contains a match of its pattern. */
        boolean matchesText(Map<String, DeviceProfile.Regex> match) {
            if (match.isEmpty()) {
                return true;
            }
            for (Map.Entry<String, DeviceProfile.Regex> m : match.entrySet()) {
                Variable v = cell(m.getKey());
                String text = v == null ? null : text(v, table.columns().get(m.getKey()).format());
                if (text != null && m.getValue().foundIn(text)) {
                    return true;
                }
            }
            return false;
        }

        OptionalDouble value(DeviceProfile.TableMetric m) {
            double sum = 0;
            for (String column : m.columns()) {
                Variable v = cell(column);
                if (v == null) {
                    return OptionalDouble.empty(); // missing: already counted as a truncated row
                }
                OptionalDouble n = number(v);
                if (n.isEmpty()) {
                    wrongType = true;
                    return OptionalDouble.empty();
                }
                sum += n.getAsDouble();
            }
            DeviceProfile.Value how = m.value();
            if (how.entitySensor()) {
                double scale = number(cell("scale")).orElse(9);
                double precision = number(cell("precision")).orElse(0);
                // EntitySensorPrecision 1..9: decimal places; 0 and -8..-1 (accurate digits): an integer.
                // One power of ten, divided by when negative: −2731 at precision 2 is −27.31 exactly
                double exponent = 3 * (scale - 9) - Math.max(0, precision);
                sum = exponent >= 0 ? sum * Math.pow(10, exponent) : sum / Math.pow(10, -exponent);
            }
            if (how.divideBy() != null) {
                OptionalDouble d = number(cell(how.divideBy()));
                if (d.isEmpty() || d.getAsDouble() == 0) {
                    return OptionalDouble.empty();
                }
                sum = sum / d.getAsDouble();
            }
            OptionalDouble out = transform(how, sum);
            wrongType = out.isEmpty();
            return out;
        }

        /** The first non-empty source, bounded to what the collector accepts. */
        String label(List<String> sources) {
            if (sources == null) {
                return "";
            }
            for (String s : sources) {
                String v = source(s);
                if (v != null && !v.isEmpty()) {
                    return WireText.bound(v);
                }
            }
            return "";
        }

        private String source(String s) {
            if (s.contains("{")) {
                String out = s.replace("{index}", index.toDottedString());
                for (int i = 0; i < index.size() && out.contains("{index."); i++) {
                    out = out.replace("{index." + i + "}", Long.toString(index.getUnsigned(i)));
                }
                return out;
            }
            if (s.equals("index")) {
                return index.toDottedString();
            }
            if (s.startsWith("index.")) {
                int i = Integer.parseInt(s.substring(6));
                return i < index.size() ? Long.toString(index.getUnsigned(i)) : null;
            }
            if (s.startsWith("$")) {
                return captures.get(s.substring(1));
            }
            if (table.columns().containsKey(s)) {
                Variable v = cell(s);
                return v == null ? null : text(v, table.columns().get(s).format());
            }
            int dot = s.indexOf('.');
            if (dot > 0) {
                TableRows other = walked.get(s.substring(0, dot));
                Variable v = other == null ? null : other.get(index, s.substring(dot + 1));
                return v == null ? null : text(v, DeviceProfile.Format.AUTO);
            }
            return null;
        }
    }

    /** map (else otherwise, else nothing), then scale. */
    static OptionalDouble transform(DeviceProfile.Value how, double raw) {
        double v = raw;
        if (!how.map().isEmpty()) {
            Double mapped = how.map().get(raw);
            if (mapped == null) {
                mapped = how.otherwise();
            }
            if (mapped == null) {
                return OptionalDouble.empty();
            }
            v = mapped;
        }
        return OptionalDouble.of(v * how.scale());
    }

    /** A number from an SNMP value; decimal text too (some firmware serves numbers as strings). */
    public static OptionalDouble number(Variable v) {
        if (v == null || v.isException()) {
            return OptionalDouble.empty();
        }
        if (v instanceof Integer32 i) {
            return OptionalDouble.of(i.getValue());
        }
        if (v instanceof UnsignedInteger32 u) {
            return OptionalDouble.of(u.getValue()); // Counter32, Gauge32, TimeTicks
        }
        if (v instanceof Counter64 c) {
            long raw = c.getValue();
            return OptionalDouble.of(raw >= 0 ? raw : (double) (raw >>> 1) * 2.0 + (raw & 1));
        }
        if (v instanceof OctetString s && s.length() > 0 && s.length() <= 32) {
            String t = s.toString().trim();
            if (t.matches("[-+]?\\d+(\\.\\d+)?")) {
                return OptionalDouble.of(Double.parseDouble(t));
            }
        }
        return OptionalDouble.empty();
    }

    /** Text of a value for a label: strings per format, OIDs dotted, numbers in decimal. */
    public static String text(Variable v, DeviceProfile.Format format) {
        if (v instanceof OctetString s) {
            byte[] b = s.getValue();
            if (format == DeviceProfile.Format.HEX || (format == DeviceProfile.Format.MAC_OR_TEXT && b.length == 6)) {
                return hex(b);
            }
            String utf8 = printable(b);
            return utf8 != null ? utf8 : hex(b);
        }
        if (v instanceof OID oid) {
            return oid.toDottedString();
        }
        OptionalDouble n = number(v);
        if (n.isPresent()) {
            double d = n.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d);
        }
        return v == null ? null : v.toString();
    }

    /** Lower-case colon-separated hex: a MAC as aa:bb:cc:dd:ee:ff. */
    public static String hex(byte[] b) {
        StringBuilder out = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return out.toString();
    }

    private static String printable(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String matchText(Variable v) {
        if (v instanceof OID oid) {
            return oid.toDottedString();
        }
        OptionalDouble n = number(v);
        if (n.isPresent() && !(v instanceof OctetString)) {
            return Long.toString((long) n.getAsDouble());
        }
        return text(v, DeviceProfile.Format.AUTO);
    }
}
