package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class InfluxSettingsTest {
    @Test
    void defaultsAreThoseOfTheDocs() {
        InfluxSettings s = InfluxSettings.builder("http://influx.example:8086").build();
        assertThat(s.url()).isEqualTo("http://influx.example:8086/");
        assertThat(s.database()).isEqualTo("didban");
        assertThat(s.user()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.retentionPolicy()).isNull();
        assertThat(s.batchSize()).isEqualTo(5_000);
        assertThat(s.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.bufferCapacity()).isEqualTo(200_000);
        assertThat(s.writeSamples()).isTrue();
        assertThat(s.dayZone()).isEqualTo(ZoneId.of("Asia/Tehran"));
    }

    @Test
    void everySettingIsKeptAndThePasswordNeverShown() {
        InfluxSettings s = InfluxSettings.builder("https://metrics.example/influx").database("didban_test").user("collector")
                .password("s3cret").retentionPolicy("ninety_days").batchSize(100).flushInterval(Duration.ofMillis(250))
                .bufferCapacity(1_000).writeSamples(false).build();
        assertThat(s.url()).isEqualTo("https://metrics.example/influx/");
        assertThat(s.database()).isEqualTo("didban_test");
        assertThat(s.user()).isEqualTo("collector");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.retentionPolicy()).isEqualTo("ninety_days");
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.bufferCapacity()).isEqualTo(1_000);
        assertThat(s.writeSamples()).isFalse();
        assertThat(s.toString()).doesNotContain("s3cret").contains("collector");
    }

    @Test
    void emptyUserAndRetentionPolicyMeanNone() {
        InfluxSettings s = InfluxSettings.builder("http://127.0.0.1:8086").user("").retentionPolicy("").build();
        assertThat(s.user()).isNull();
        assertThat(s.retentionPolicy()).isNull();
    }

    @Test
    void theAddressMustBeHttpOrHttpsWithAHost() {
        for (String bad : new String[] {null, "", "  ", "127.0.0.1:8086", "udp://127.0.0.1:8089", "http://", "http:///write",
            "http://a b", "http://user:pw@127.0.0.1:8086", "http://127.0.0.1:8086/?db=x"}) {
            assertThatThrownBy(() -> InfluxSettings.builder(bad).build()).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void numbersMustBePositive() {
        assertThatThrownBy(() -> InfluxSettings.builder("http://h:1").batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch size");
        assertThatThrownBy(() -> InfluxSettings.builder("http://h:1").bufferCapacity(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer capacity");
        assertThatThrownBy(() -> InfluxSettings.builder("http://h:1").flushInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flush interval");
        assertThatThrownBy(() -> InfluxSettings.builder("http://h:1").database(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
    }
}
