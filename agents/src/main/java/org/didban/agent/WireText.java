package org.didban.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.wire.SiteBatchCodec;

/**
 * What the collector's decoder ({@link SiteBatchCodec}) accepts, applied where the agent makes its
 * samples and events: text at most {@link #MAX_TEXT} characters, names {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 * The decoder refuses a whole batch (HTTP 400, dropped for good) for one bad string, so whatever a
 * device says (a 1,000-character ifName, a long error) is cut to fit here instead.
 */
public final class WireText {
    /** The longest text the collector accepts in one field. */
    public static final int MAX_TEXT = SiteBatchCodec.Limits.DEFAULT.maxTextLength();

    private WireText() {
    }

    /** {@code text} cut to {@link #MAX_TEXT} characters, never between the two halves of a surrogate pair. */
    public static String bound(String text) {
        return bound(text, MAX_TEXT);
    }

    static String bound(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--; // keep the pair whole by leaving it out
        }
        return text.substring(0, end);
    }

    /** A metric, event, label or attribute name the collector accepts. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_TEXT) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Attributes with every value bounded. */
    public static Map<String, String> boundValues(Map<String, String> attributes) {
        boolean fits = attributes.values().stream().allMatch(v -> v == null || v.length() <= MAX_TEXT);
        if (fits) {
            return attributes;
        }
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, bound(v)));
        return out;
    }

    /** What a batch may carry, and how many items had to be left out. */
    public record Cleaned(List<Sample> samples, List<Event> events, int droppedSamples, int droppedEvents) {
    }

    /**
     * The last line of defence before a batch is numbered: values are bounded, and a sample or event
     * the collector would refuse anyway (invalid name, device id too long) is left out rather than
     * losing the whole batch with it. Returns the given lists when nothing needed changing.
     */
    public static Cleaned clean(List<Sample> samples, List<Event> events) {
        List<Sample> s = samples;
        int droppedSamples = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            Sample fixed = clean(sample);
            if (fixed != sample && s == samples) {
                s = new ArrayList<>(samples.subList(0, i));
            }
            if (fixed == null) {
                droppedSamples++;
            } else if (s != samples) {
                s.add(fixed);
            }
        }
        List<Event> e = events;
        int droppedEvents = 0;
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            Event fixed = clean(event);
            if (fixed != event && e == events) {
                e = new ArrayList<>(events.subList(0, i));
            }
            if (fixed == null) {
                droppedEvents++;
            } else if (e != events) {
                e.add(fixed);
            }
        }
        return new Cleaned(s, e, droppedSamples, droppedEvents);
    }

    /** The sample itself when it fits, a bounded copy, or null when it cannot be sent. */
    private static Sample clean(Sample s) {
        if (!isValidName(s.metric()) || s.device().isEmpty() || s.device().length() > MAX_TEXT
                || !Double.isFinite(s.value())) {
            return null;
        }
        boolean fits = true;
        for (Map.Entry<String, String> l : s.labels().asMap().entrySet()) {
            if (!isValidName(l.getKey())) {
                return null;
            }
            fits &= l.getValue().length() <= MAX_TEXT;
        }
        if (s.labels().size() > SiteBatchCodec.Limits.DEFAULT.maxLabels()) {
            return null;
        }
        return fits ? s : new Sample(s.device(), s.metric(), Labels.of(boundValues(s.labels().asMap())), s.value(),
                s.timestamp());
    }

    private static Event clean(Event e) {
        if (!isValidName(e.type()) || e.device().isEmpty() || e.device().length() > MAX_TEXT
                || e.attributes().size() > SiteBatchCodec.Limits.DEFAULT.maxLabels()) {
            return null;
        }
        for (String name : e.attributes().keySet()) {
            if (!isValidName(name)) {
                return null;
            }
        }
        Map<String, String> bounded = boundValues(e.attributes());
        return bounded == e.attributes() ? e : new Event(e.device(), e.type(), bounded, e.timestamp());
    }
}
