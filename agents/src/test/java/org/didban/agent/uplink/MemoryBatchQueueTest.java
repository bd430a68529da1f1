package org.didban.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.Labels;
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

    static SiteBatch batch(long seq, int samples, int events) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            s.add(new Sample("d", "device_up", Labels.EMPTY, i, seq));
        }
        List<Event> e = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            e.add(new Event("d", "poll_failed", Map.of(), seq));
        }
        return new SiteBatch("a", "b", 1, seq, seq, s, e);
    }
}
