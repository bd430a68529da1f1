package org.didban.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the ingest decoder with arbitrary bytes: it returns a batch or throws
 * {@link MalformedBatchException}; anything else (NPE, OOM, StackOverflowError, an index out of
 * bounds, a hang) fails. A decoded batch must survive encode and decode unchanged.
 *
 * <p>A normal build runs only the seeds in {@code SiteBatchCodecFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/SECURITY.md, section Fuzzing).
 */
class SiteBatchCodecFuzzTest {
    private static final SiteBatchCodec CODEC = new SiteBatchCodec();

    @FuzzTest(maxDuration = "3m")
    void decodeArbitraryBytes(byte[] body) {
        SiteBatch batch;
        try {
            batch = CODEC.decode(body);
        } catch (MalformedBatchException e) {
            assertThat(e.getMessage()).isNotNull();
            return;
        }
        try {
            assertThat(CODEC.decode(CODEC.encode(batch))).isEqualTo(batch);
        } catch (MalformedBatchException e) {
            throw new AssertionError("a decoded batch does not decode again once encoded: " + e.getMessage(), e);
        }
    }
}
