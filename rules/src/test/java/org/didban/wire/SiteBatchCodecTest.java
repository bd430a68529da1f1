package org.didban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.junit.jupiter.api.Test;

class SiteBatchCodecTest {
    private final SiteBatchCodec codec = new SiteBatchCodec();

    private static SiteBatch batch() {
        return new SiteBatch("THR-0001-a", "THR-0001", 1_699_990_000_000L, 7, 1_700_000_000_123L,
                List.of(new Sample("THR-0001-router", "if_oper_status", Labels.of("if_index", "1", "if_name", "وان"), 2, 1_700_000_000_000L),
                        new Sample("THR-0001-ups", "ups_charge_percent", Labels.EMPTY, 97.5, 1_700_000_000_001L)),
                List.of(new Event("THR-0001-ups", "ups_on_battery", Map.of("oid", "1.3.6.1.2.1.33.2.1"), 1_700_000_000_002L)));
    }

    private MalformedBatchException refused(String json) {
        try {
            codec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedBatchException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void roundTripsEveryField() throws Exception {
        SiteBatch original = batch();
        assertThat(codec.decode(codec.encode(original))).isEqualTo(original);
    }

    @Test
    void notJson() {
        assertThat(refused("hello").getMessage()).startsWith("not valid JSON");
        assertThat(refused("").getMessage()).contains("end of input");
        assertThat(refused("[]").getMessage()).contains("must be an object");
    }

    @Test
    void missingIdentity() {
        assertThat(refused("{\"branch\":\"B\",\"epoch\":5,\"seq\":1}").getMessage()).isEqualTo("agent is missing");
        assertThat(refused("{\"agent\":\"A\",\"seq\":1}").getMessage()).isEqualTo("branch is missing");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"seq\":1}").getMessage()).contains("'epoch' must be a positive integer");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5}").getMessage()).contains("'seq' must be a positive integer");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":0}").getMessage()).contains("positive");
    }

    @Test
    void wrongTypes() {
        assertThat(refused("{\"agent\":1,\"branch\":\"B\",\"epoch\":5,\"seq\":1}").getMessage()).contains("'agent' must be a string");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":\"1\"}").getMessage()).contains("'seq' must be an integer");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1.5}").getMessage()).contains("must be an integer");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":99999999999999999999}").getMessage()).contains("out of range");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":{}}").getMessage()).contains("must be an array");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":\"up\"}]}")
                .getMessage()).contains("'value' must be a number");
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() {
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"admin\":true}").getMessage())
                .isEqualTo("unknown field 'admin' in batch");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":1,\"x\":1}]}")
                .getMessage()).contains("unknown field 'x' in sample");
    }

    @Test
    void sampleWithoutValueOrWithBadNames() {
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\"}]}")
                .getMessage()).contains("has no value");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"drop table\",\"value\":1}]}")
                .getMessage()).contains("not a valid name");
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":1,\"labels\":{\"a\":\"1\",\"a\":\"2\"}}]}")
                .getMessage()).contains("duplicate");
    }

    @Test
    void trailingContentIsRefused() {
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1}{\"agent\":\"A\"}").getMessage()).contains("trailing");
    }

    @Test
    void oversizedPartsAreRefused() {
        SiteBatchCodec small = new SiteBatchCodec(new SiteBatchCodec.Limits(2, 1, 2, 16));
        String three = "{\"device\":\"d\",\"metric\":\"m\",\"value\":1},".repeat(3);
        String body = "{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[" + three.substring(0, three.length() - 1) + "]}";
        assertThatThrownBy(() -> small.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBatchException.class).hasMessageContaining("more than 2 samples");
        String longName = "{\"agent\":\"" + "A".repeat(17) + "\",\"branch\":\"B\",\"epoch\":5,\"seq\":1}";
        assertThatThrownBy(() -> small.decode(longName.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("longer than 16");
        String manyLabels = "{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":1,"
                + "\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}]}";
        assertThatThrownBy(() -> small.decode(manyLabels.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("more than 2 labels");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"labels\":" + "[".repeat(5000) + "]".repeat(5000) + "}]}";
        assertThat(refused(deep)).isNotNull();
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = "{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        body[11] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedBatchException.class);
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThat(refused("{\"agent\":\"A\",\"branch\":\"B\",\"epoch\":5,\"seq\":1,\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":1e999}]}")
                .getMessage()).contains("not finite");
    }
}
