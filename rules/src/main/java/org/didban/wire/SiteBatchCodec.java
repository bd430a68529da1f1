package org.didban.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * JSON form of {@link SiteBatch}, read with a streaming parser so that a hostile body is refused
 * early (size limits, nesting, unknown fields) without building a tree first:
 *
 * <pre>
 * {"agent":"THR-0001-a","branch":"THR-0001","epoch":1699990000000,"seq":42,"sent_at":1700000000000,
 *  "samples":[{"device":"THR-0001-router","metric":"if_oper_status",
 *              "labels":{"if_index":"1","if_name":"wan0"},"value":1,"ts":1700000000000}],
 *  "events":[{"device":"THR-0001-ups","type":"ups_on_battery","attributes":{},"ts":1700000000000}]}
 * </pre>
 */
public final class SiteBatchCodec {
    /** Bounds on one batch; anything beyond is refused as malformed rather than truncated. */
    public record Limits(int maxSamples, int maxEvents, int maxLabels, int maxTextLength) {
        public static final Limits DEFAULT = new Limits(100_000, 10_000, 16, 256);
    }

    /**
     * Nesting depth beyond which a body is refused before it is read further: a batch needs 4
     * (batch, samples array, sample, labels), so 8 leaves room and stops a 10,000-deep nesting at
     * its ninth bracket. Numbers are at most 32 characters, so 1e400 and 10,000-digit numbers
     * never reach a BigDecimal; NaN and Infinity are not JSON and are refused by the parser;
     * non-finite values (1e400 as a double) are refused; invalid UTF-8 is refused.
     */
    public static final int MAX_DEPTH = 8;

    private final JsonFactory json;
    private final Limits limits;

    public SiteBatchCodec() {
        this(Limits.DEFAULT);
    }

    public SiteBatchCodec(Limits limits) {
        this.limits = limits;
        // A key given twice ("seq" twice, "value" twice) is refused rather than read as the last
        // one: two readers of one body must never disagree on what it says. The readers below
        // check it themselves, with a bit per known field, rather than through the parser's
        // duplicate detection, which builds a hash set for every object of every sample.
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // the deepest legitimate path is batch > samples > sample > labels (4)
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(limits.maxTextLength() * 4)
                        .maxNumberLength(32)
                        .build())
                .build();
    }

    public byte[] encode(SiteBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.size() * 96);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("agent", batch.agent());
            g.writeStringField("branch", batch.branch());
            g.writeNumberField("epoch", batch.epoch());
            g.writeNumberField("seq", batch.seq());
            g.writeNumberField("sent_at", batch.sentAt());
            g.writeArrayFieldStart("samples");
            for (Sample s : batch.samples()) {
                g.writeStartObject();
                g.writeStringField("device", s.device());
                g.writeStringField("metric", s.metric());
                if (!s.labels().isEmpty()) {
                    g.writeObjectFieldStart("labels");
                    for (Map.Entry<String, String> e : s.labels().asMap().entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeNumberField("value", s.value());
                g.writeNumberField("ts", s.timestamp());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("events");
            for (Event e : batch.events()) {
                g.writeStartObject();
                g.writeStringField("device", e.device());
                g.writeStringField("type", e.type());
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    g.writeStringField(a.getKey(), a.getValue());
                }
                g.writeEndObject();
                g.writeNumberField("ts", e.timestamp());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public SiteBatch decode(byte[] body) throws MalformedBatchException {
        requireUtf8(body);
        try (JsonParser p = json.createParser(body)) {
            return readBatch(p);
        } catch (JsonProcessingException e) {
            String why = String.valueOf(e.getOriginalMessage());
            if (why.startsWith("Duplicate field")) {
                throw new MalformedBatchException("duplicate" + why.substring("Duplicate".length()), e);
            }
            throw new MalformedBatchException("not valid JSON: " + why, e);
        } catch (IOException e) {
            throw new MalformedBatchException("unreadable body: " + e.getMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedBatchException(String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Strict UTF-8: the JSON parser lets overlong forms (C0 AF for '/') through, which would let
     * two readers of one body see different text. Decoded in 4 KiB pieces, so nothing is kept.
     */
    private static void requireUtf8(byte[] body) throws MalformedBatchException {
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            java.nio.charset.CoderResult r = utf8.decode(in, out, true);
            if (r.isError()) {
                throw new MalformedBatchException("not valid UTF-8 at byte " + in.position());
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        java.nio.charset.CoderResult end = utf8.flush(out);
        if (end.isError()) {
            throw new MalformedBatchException("not valid UTF-8 at the end of the body");
        }
    }

    private SiteBatch readBatch(JsonParser p) throws IOException, MalformedBatchException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "batch");
        String agent = null;
        String branch = null;
        long epoch = 0;
        long seq = 0;
        long sentAt = 0;
        List<Sample> samples = List.of();
        List<Event> events = List.of();
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            seen = once(seen, BATCH_FIELDS, field, "batch");
            switch (field) {
                case "agent" -> agent = text(p, t, "agent");
                case "branch" -> branch = text(p, t, "branch");
                case "epoch" -> epoch = integer(p, t, "epoch");
                case "seq" -> seq = integer(p, t, "seq");
                case "sent_at" -> sentAt = integer(p, t, "sent_at");
                case "samples" -> samples = readSamples(p, t);
                case "events" -> events = readEvents(p, t);
                default -> throw new MalformedBatchException("unknown field '" + field + "' in batch");
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new MalformedBatchException("batch object not closed");
        }
        if (p.nextToken() != null) {
            throw new MalformedBatchException("trailing content after the batch object");
        }
        require(agent, "agent");
        require(branch, "branch");
        if (epoch < 1) {
            throw new MalformedBatchException("'epoch' must be a positive integer");
        }
        if (seq < 1) {
            throw new MalformedBatchException("'seq' must be a positive integer");
        }
        return new SiteBatch(agent, branch, epoch, seq, sentAt, samples, events);
    }

    private List<Sample> readSamples(JsonParser p, JsonToken t) throws IOException, MalformedBatchException {
        expect(t, JsonToken.START_ARRAY, "samples");
        List<Sample> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            if (out.size() == limits.maxSamples()) {
                throw new MalformedBatchException("more than " + limits.maxSamples() + " samples in one batch");
            }
            String device = null;
            String metric = null;
            Labels labels = Labels.EMPTY;
            double value = Double.NaN;
            boolean hasValue = false;
            long ts = 0;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                seen = once(seen, SAMPLE_FIELDS, field, "sample");
                switch (field) {
                    case "device" -> device = text(p, v, "device");
                    // shared copies: the collector keeps a series' metric and labels for as long as it runs
                    case "metric" -> metric = Interned.text(name(text(p, v, "metric"), "metric"));
                    case "labels" -> labels = readLabels(p, v);
                    case "value" -> {
                        value = number(p, v, "value");
                        hasValue = true;
                    }
                    case "ts" -> ts = integer(p, v, "ts");
                    default -> throw new MalformedBatchException("unknown field '" + field + "' in sample");
                }
            }
            require(device, "sample device");
            require(metric, "sample metric");
            if (!hasValue) {
                throw new MalformedBatchException("sample of " + metric + " at " + device + " has no value");
            }
            out.add(new Sample(device, metric, labels, value, ts));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, "samples");
        return out;
    }

    private List<Event> readEvents(JsonParser p, JsonToken t) throws IOException, MalformedBatchException {
        expect(t, JsonToken.START_ARRAY, "events");
        List<Event> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            if (out.size() == limits.maxEvents()) {
                throw new MalformedBatchException("more than " + limits.maxEvents() + " events in one batch");
            }
            String device = null;
            String type = null;
            Map<String, String> attributes = Map.of();
            long ts = 0;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                seen = once(seen, EVENT_FIELDS, field, "event");
                switch (field) {
                    case "device" -> device = text(p, v, "device");
                    case "type" -> type = name(text(p, v, "type"), "event type");
                    case "attributes" -> attributes = readStringMap(p, v, "attributes", limits.maxLabels());
                    case "ts" -> ts = integer(p, v, "ts");
                    default -> throw new MalformedBatchException("unknown field '" + field + "' in event");
                }
            }
            require(device, "event device");
            require(type, "event type");
            out.add(new Event(device, type, attributes, ts));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, "events");
        return out;
    }

    private static final List<String> BATCH_FIELDS = List.of("agent", "branch", "epoch", "seq", "sent_at", "samples", "events");
    private static final List<String> SAMPLE_FIELDS = List.of("device", "metric", "labels", "value", "ts");
    private static final List<String> EVENT_FIELDS = List.of("device", "type", "attributes", "ts");

    /** Marks a known field as read, refusing it the second time; unknown fields are left to the caller. */
    private static int once(int seen, List<String> fields, String field, String where) throws MalformedBatchException {
        int i = fields.indexOf(field);
        if (i < 0) {
            return seen;
        }
        if ((seen & (1 << i)) != 0) {
            throw new MalformedBatchException("duplicate field '" + field + "' in " + where);
        }
        return seen | (1 << i);
    }

    /** A sample's labels, read into two small arrays and handed over as the shared label set. */
    private Labels readLabels(JsonParser p, JsonToken t) throws IOException, MalformedBatchException {
        expect(t, JsonToken.START_OBJECT, "labels");
        String[] names = new String[4];
        String[] values = new String[4];
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = name(p.currentName(), "labels name");
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw new MalformedBatchException("'labels." + key + "' must be a string");
            }
            String value = text(p, v, "a label's value");
            for (int i = 0; i < n; i++) {
                if (names[i].equals(key)) {
                    throw new MalformedBatchException("duplicate labels name '" + key + "'");
                }
            }
            if (n == limits.maxLabels()) {
                throw new MalformedBatchException("more than " + limits.maxLabels() + " labels");
            }
            if (n == names.length) {
                names = java.util.Arrays.copyOf(names, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            names[n] = key;
            values[n] = value;
            n++;
        }
        return Interned.labels(names, values, n);
    }

    private Map<String, String> readStringMap(JsonParser p, JsonToken t, String what, int max)
            throws IOException, MalformedBatchException {
        expect(t, JsonToken.START_OBJECT, what);
        Map<String, String> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = name(p.currentName(), what + " name");
            String value = text(p, p.nextToken(), what + "." + key);
            if (map.put(key, value) != null) {
                throw new MalformedBatchException("duplicate " + what + " name '" + key + "'");
            }
            if (map.size() > max) {
                throw new MalformedBatchException("more than " + max + " " + what);
            }
        }
        return map;
    }

    private String text(JsonParser p, JsonToken t, String what) throws IOException, MalformedBatchException {
        if (t != JsonToken.VALUE_STRING) {
            throw new MalformedBatchException("'" + what + "' must be a string");
        }
        String s = p.getText();
        if (s.length() > limits.maxTextLength()) {
            throw new MalformedBatchException("'" + what + "' is longer than " + limits.maxTextLength() + " characters");
        }
        // The parser passes UTF-8-encoded surrogates (ED A0 80) through as lone surrogates: not text.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedBatchException("'" + what + "' is not valid UTF-8 (a lone surrogate)");
            }
        }
        return s;
    }

    /** Metric, event and label names: [a-zA-Z_][a-zA-Z0-9_]*, as in Prometheus. */
    private static String name(String s, String what) throws MalformedBatchException {
        if (s.isEmpty()) {
            throw new MalformedBatchException(what + " is empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                throw new MalformedBatchException(what + " '" + s + "' is not a valid name");
            }
        }
        return s;
    }

    private static long integer(JsonParser p, JsonToken t, String what) throws IOException, MalformedBatchException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedBatchException("'" + what + "' must be an integer");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            throw new MalformedBatchException("'" + what + "' is out of range");
        }
        return p.getLongValue();
    }

    private static double number(JsonParser p, JsonToken t, String what) throws IOException, MalformedBatchException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedBatchException("'" + what + "' must be a number");
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new MalformedBatchException("'" + what + "' is not finite");
        }
        // -0 is read as 0: one zero, so that conditions and equality never tell the two apart
        return d == 0.0 ? 0.0 : d;
    }

    private static void expect(JsonToken actual, JsonToken wanted, String what) throws MalformedBatchException {
        if (actual != wanted) {
            throw new MalformedBatchException("'" + what + "' must be " + describe(wanted) + ", found " + describe(actual));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of the array";
            case END_OBJECT -> "the end of the object";
            default -> t.asString() == null ? t.name().toLowerCase() : "'" + t.asString() + "'";
        };
    }

    private static void require(String value, String what) throws MalformedBatchException {
        if (value == null || value.isEmpty()) {
            throw new MalformedBatchException(what + " is missing");
        }
    }
}
