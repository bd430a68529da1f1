package org.didban.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.Test;

class MemoryBatchQueueTest {

    @Test
    void whenFullTheOldestSamplesGoFirstButNeverFromTheHead() {
        MemoryBatchQueue q = new MemoryBatchQueue(10);
        q.add(batch(1, 4, 0));
        q.add(batch(2, 4, 1));
        q.add(batch(3, 4, 0)); // 13 items: 3 too many, taken from batch 2's samples

        assertThat(q.items()).isEqualTo(10);
        assertThat(q.droppedSamples()).isEqualTo(3);
        assertThat(q.peek().samples()).hasSize(4);
        q.remove(q.peek());
        SiteBatch second = q.peek();
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.samples()).extracting(Sample::value).containsExactly(3.0);
        assertThat(second.events()).hasSize(1);
    }

    @Test
    void aBatchLeftEmptyIsDroppedSoTheGapShowsAndEventsGoLast() {
        MemoryBatchQueue q = new MemoryBatchQueue(5);
        q.add(batch(1, 2, 0));
        q.add(batch(2, 2, 0));
        q.add(batch(3, 0, 2));
        q.add(batch(4, 0, 2)); // 8 items: batch 2 emptied and gone, then one event of batch 3

        assertThat(q.droppedSamples()).isEqualTo(2);
        assertThat(q.droppedEvents()).isEqualTo(1);
        List<Long> seqs = new ArrayList<>();
        for (SiteBatch b; (b = q.peek()) != null; q.remove(b)) {
            seqs.add(b.seq());
        }
        assertThat(seqs).containsExactly(1L, 3L, 4L);
    }

    @Test
    void removeIgnoresABatchThatIsNotTheHead() {
        MemoryBatchQueue q = new MemoryBatchQueue(100);
        q.add(batch(1, 1, 0));
        q.add(batch(2, 1, 0));
        q.remove(batch(2, 1, 0));
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void aDeviceGoesWholeSoOperStatusNeverTravelsWithoutAdminStatus() {
        MemoryBatchQueue q = new MemoryBatchQueue(20);
        q.add(batch(1, 2, 0));
        List<Sample> second = new ArrayList<>();
        for (String ifIndex : List.of("1", "2")) {
            Labels labels = Labels.of(Metrics.LABEL_IF_INDEX, ifIndex, Metrics.LABEL_IF_NAME, "if" + ifIndex);
            second.add(new Sample("router", Metrics.IF_ADMIN_STATUS, labels, 1, 2));
            second.add(new Sample("router", Metrics.IF_OPER_STATUS, labels, 2, 2));
        }
        second.add(new Sample("router", Metrics.DEVICE_UP, Labels.EMPTY, 1, 2));
        for (int i = 0; i < 5; i++) {
            second.add(new Sample("switch", Metrics.DEVICE_UP, Labels.EMPTY, 1, 2));
        }
        q.add(new SiteBatch("a", "b", 1, 2, 2, second, List.of(new Event("ups", "poll_failed", Map.of(), 2))));
        q.add(batch(3, 10, 0)); // 2 + 11 + 10 = 23: one item too many

        // the whole router went (5 samples), not just its first if_admin_status; the event stays
        assertThat(q.droppedSamples()).isEqualTo(5);
        assertThat(q.droppedEvents()).isZero();
        q.remove(q.peek());
        SiteBatch trimmed = q.peek();
        assertThat(trimmed.seq()).isEqualTo(2);
        assertThat(trimmed.samples()).extracting(Sample::device).containsOnly("switch").hasSize(5);
        assertThat(trimmed.events()).hasSize(1);
        for (SiteBatch b; (b = q.peek()) != null; q.remove(b)) {
            for (Sample s : b.samples()) {
                if (s.metric().equals(Metrics.IF_OPER_STATUS)) {
                    assertThat(b.samples()).anyMatch(a -> a.metric().equals(Metrics.IF_ADMIN_STATUS)
                            && a.device().equals(s.device()) && a.labels().equals(s.labels()));
                }
            }
        }
    }

    /** Sample i of a batch is the one sample of device "d" + i, so trimming one device drops one sample. */
    static SiteBatch batch(long seq, int samples, int events) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            s.add(new Sample("d" + i, "device_up", Labels.EMPTY, i, seq));
        }
        List<Event> e = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            e.add(new Event("d", "poll_failed", Map.of(), seq));
        }
        return new SiteBatch("a", "b", 1, seq, seq, s, e);
    }
}
