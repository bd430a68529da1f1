package org.didban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile bodies at the decoder: each is refused as malformed, quickly and without a stack overflow. */
class SiteBatchCodecHostileInputTest {
    private static final SiteBatchCodec CODEC = new SiteBatchCodec();
    private static final String HEAD = "{\"agent\":\"a\",\"branch\":\"B\",\"epoch\":1,\"seq\":1,\"sent_at\":5,";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sampleWithValue(String value) {
        return HEAD + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":" + value + ",\"ts\":1}]}";
    }

    @Test
    void tenThousandDeepNestingIsRefusedAtTheDepthLimit() {
        for (String open : new String[] {"[", "{\"a\":"}) {
            StringBuilder b = new StringBuilder(HEAD + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"labels\":");
            b.append(open.repeat(10_000));
            assertThatThrownBy(() -> CODEC.decode(utf8(b.toString()))).isInstanceOf(MalformedBatchException.class);
        }
        StringBuilder top = new StringBuilder();
        top.append("[".repeat(10_000)).append("]".repeat(10_000));
        assertThatThrownBy(() -> CODEC.decode(utf8(top.toString()))).isInstanceOf(MalformedBatchException.class);
        StringBuilder objects = new StringBuilder();
        objects.append("{\"a\":".repeat(10_000)).append("1").append("}".repeat(10_000));
        assertThatThrownBy(() -> CODEC.decode(utf8(objects.toString())))
                .isInstanceOf(MalformedBatchException.class);
    }

    @Test
    void nestingWhereAStringBelongsIsRefused() {
        String body = HEAD + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"labels\":{\"x\":"
                + "[[[[[[[[[[1]]]]]]]]]]" + "},\"value\":1}]}";
        assertThatThrownBy(() -> CODEC.decode(utf8(body))).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("must be a string");
        // the parser's own bound, where the codec would not look at the type first
        String deep = "{\"x\":" + "[".repeat(SiteBatchCodec.MAX_DEPTH + 1) + "]".repeat(SiteBatchCodec.MAX_DEPTH + 1) + "}";
        assertThatThrownBy(() -> CODEC.decode(utf8(deep))).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("unknown field 'x'");
    }

    @Test
    void hugeStringsAreRefused() {
        String tenMegabytes = "x".repeat(10 * 1024 * 1024);
        assertThatThrownBy(() -> CODEC.decode(utf8("{\"agent\":\"" + tenMegabytes + "\"}")))
                .isInstanceOf(MalformedBatchException.class);
        // within the parser's bound, beyond the field's
        assertThatThrownBy(() -> CODEC.decode(utf8("{\"agent\":\"" + "x".repeat(300) + "\"}")))
                .isInstanceOf(MalformedBatchException.class).hasMessageContaining("longer than 256");
        // a huge field name
        assertThatThrownBy(() -> CODEC.decode(utf8("{\"" + tenMegabytes + "\":1}")))
                .isInstanceOf(MalformedBatchException.class);
    }

    @Test
    void hugeArraysAreRefusedAtTheCount() {
        SiteBatchCodec small = new SiteBatchCodec(new SiteBatchCodec.Limits(3, 3, 2, 64));
        String s = "{\"device\":\"d\",\"metric\":\"m\",\"value\":1}";
        String body = HEAD + "\"samples\":[" + s + "," + s + "," + s + "," + s + "]}";
        assertThatThrownBy(() -> small.decode(utf8(body))).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("more than 3 samples");
        String labels = HEAD + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"},\"value\":1}]}";
        assertThatThrownBy(() -> small.decode(utf8(labels))).isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("more than 2 labels");
    }

    @Test
    void numbersThatAreNotFiniteOrTooLongAreRefused() {
        for (String v : new String[] {"1e400", "-1e400", "NaN", "Infinity", "-Infinity", "\"NaN\"", "1" + "0".repeat(10_000),
                "0x10", "01", "1.", ".5", "+1"}) {
            assertThatThrownBy(() -> CODEC.decode(utf8(sampleWithValue(v)))).as(v.length() > 40 ? "long number" : v)
                    .isInstanceOf(MalformedBatchException.class);
        }
        // integers: out of long range, fractions, exponents
        for (String seq : new String[] {"9223372036854775808", "1.5", "1e3", "-0", "0"}) {
            String body = "{\"agent\":\"a\",\"branch\":\"B\",\"epoch\":1,\"seq\":" + seq + "}";
            assertThatThrownBy(() -> CODEC.decode(utf8(body))).as(seq).isInstanceOf(MalformedBatchException.class);
        }
    }

    @Test
    void minusZeroIsReadAsZero() throws MalformedBatchException {
        SiteBatch b = CODEC.decode(utf8(sampleWithValue("-0")));
        assertThat(Double.doubleToRawLongBits(b.samples().get(0).value())).isEqualTo(Double.doubleToRawLongBits(0.0));
        b = CODEC.decode(utf8(sampleWithValue("-0.0e0")));
        assertThat(Double.doubleToRawLongBits(b.samples().get(0).value())).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void duplicateKeysAreRefusedAtEveryLevel() {
        assertThatThrownBy(() -> CODEC.decode(utf8("{\"agent\":\"a\",\"branch\":\"B\",\"epoch\":1,\"seq\":1,\"seq\":2}")))
                .isInstanceOf(MalformedBatchException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> CODEC.decode(utf8(HEAD
                + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"value\":1,\"value\":0}]}")))
                .isInstanceOf(MalformedBatchException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> CODEC.decode(utf8(HEAD
                + "\"samples\":[{\"device\":\"d\",\"metric\":\"m\",\"labels\":{\"a\":\"1\",\"a\":\"2\"},\"value\":1}]}")))
                .isInstanceOf(MalformedBatchException.class);
        assertThatThrownBy(() -> CODEC.decode(utf8(HEAD + "\"samples\":[],\"samples\":[]}")))
                .isInstanceOf(MalformedBatchException.class);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[][] bad = {
                {(byte) 0xC3, (byte) 0x28},                  // bad continuation
                {(byte) 0xC0, (byte) 0xAF},                  // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},     // a lone surrogate, UTF-8 encoded
                {(byte) 0xFF},                               // never valid
                {(byte) 0xE2, (byte) 0x82},                  // truncated
        };
        for (byte[] b : bad) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8("{\"agent\":\"a"));
            out.writeBytes(b);
            out.writeBytes(utf8("\",\"branch\":\"B\",\"epoch\":1,\"seq\":1}"));
            assertThatThrownBy(() -> CODEC.decode(out.toByteArray())).as(java.util.Arrays.toString(b))
                    .isInstanceOf(MalformedBatchException.class);
        }
    }

    @Test
    void emptyNullAndNonObjectBodiesAreRefused() {
        for (String body : new String[] {"", " ", "null", "[]", "1", "\"x\"", "{}", "{\"agent\":null}", "{} {}"}) {
            assertThatThrownBy(() -> CODEC.decode(utf8(body))).as(body).isInstanceOf(MalformedBatchException.class);
        }
    }
}
