package org.didban.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.Test;

class WireTextTest {
    @Test
    void longTextIsCutToWhatTheCollectorAccepts() {
        assertThat(WireText.MAX_TEXT).isEqualTo(SiteBatchCodec.Limits.DEFAULT.maxTextLength());
        assertThat(WireText.bound("x".repeat(1000))).isEqualTo("x".repeat(WireText.MAX_TEXT));
        assertThat(WireText.bound("short")).isEqualTo("short");
        assertThat(WireText.bound("y".repeat(WireText.MAX_TEXT))).hasSize(WireText.MAX_TEXT);
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String smile = new String(Character.toChars(0x1F600)); // two UTF-16 units
        String text = "x".repeat(WireText.MAX_TEXT - 1) + smile + "tail";
        String cut = WireText.bound(text);
        assertThat(cut).isEqualTo("x".repeat(WireText.MAX_TEXT - 1));
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();

        String fits = "x".repeat(WireText.MAX_TEXT - 2) + smile + "tail";
        assertThat(WireText.bound(fits)).endsWith(smile).hasSize(WireText.MAX_TEXT);
    }

    @Test
    void names() {
        assertThat(WireText.isValidName("if_oper_status")).isTrue();
        assertThat(WireText.isValidName("_x9")).isTrue();
        assertThat(WireText.isValidName("9x")).isFalse();
        assertThat(WireText.isValidName("if-name")).isFalse();
        assertThat(WireText.isValidName("")).isFalse();
    }

    @Test
    void cleanBoundsValuesAndLeavesOutWhatCannotBeSentSoTheBatchDecodes() throws Exception {
        String longName = "n".repeat(1000);
        List<Sample> samples = List.of(
                new Sample("r", Metrics.IF_OPER_STATUS, Labels.of(Metrics.LABEL_IF_NAME, longName), 1, 1),
                new Sample("r", "bad-metric", Labels.EMPTY, 1, 1),
                new Sample("r", Metrics.DEVICE_UP, Labels.of("bad label", "x"), 1, 1),
                new Sample("r", Metrics.DEVICE_UP, Labels.EMPTY, 1, 1));
        List<Event> events = List.of(
                new Event("r", EventTypes.POLL_FAILED, Map.of("reason", longName), 1),
                new Event("r", "bad type", Map.of(), 1));

        WireText.Cleaned clean = WireText.clean(samples, events);
        assertThat(clean.droppedSamples()).isEqualTo(2);
        assertThat(clean.droppedEvents()).isEqualTo(1);
        SiteBatchCodec codec = new SiteBatchCodec();
        SiteBatch decoded = codec.decode(codec.encode(new SiteBatch("a", "b", 1, 1, 1, clean.samples(), clean.events())));
        assertThat(decoded.samples()).hasSize(2);
        assertThat(decoded.samples().get(0).labels().get(Metrics.LABEL_IF_NAME)).isEqualTo(WireText.bound(longName));
        assertThat(decoded.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes().get("reason")).hasSize(WireText.MAX_TEXT));

        List<Sample> good = List.of(samples.get(3));
        assertThat(WireText.clean(good, List.of()).samples()).isSameAs(good);
    }
}
