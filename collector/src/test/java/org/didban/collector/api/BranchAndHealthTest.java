package org.didban.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BranchAndHealthTest {
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().build());
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void healthSaysUpWithTheSizes() {
        HttpResponse<Buffer> r = collector.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.bodyAsJsonObject().getMap())
                .containsEntry("status", "up").containsEntry("branches", 3).containsEntry("devices", 12)
                .containsEntry("agents", 3).containsEntry("rules", org.didban.rules.RuleFileReader.catalogue().size()).containsEntry("shards", 2);
    }

    @Test
    void aBranchIsShownWithItsInventoryFactsInBothLanguages() {
        HttpResponse<Buffer> r = collector.get("/api/v1/branches/" + TestFleet.TEHRAN_BRANCH);
        assertThat(r.statusCode()).isEqualTo(200);
        // Persian travels as UTF-8, not as \\u escapes.
        assertThat(new String(r.body().getBytes(), StandardCharsets.UTF_8)).contains("دبستان شهید بهشتی، ساختمان «الف»");
        JsonObject b = r.bodyAsJsonObject();
        assertThat(b.getJsonObject("name").getString("fa")).isEqualTo("دبستان شهید بهشتی، ساختمان «الف»");
        assertThat(b.getJsonObject("name").getString("en")).isEqualTo("Shahid Beheshti School, \"A\" building");
        assertThat(b.getJsonObject("county").getString("fa")).isEqualTo("تهران");
        assertThat(b.getJsonObject("province").getString("en")).isEqualTo("Tehran");
        assertThat(b.getBoolean("sensitive")).isTrue();
        assertThat(b.getString("sensitiveReason")).isEqualTo("مرکز استان؛ رسانه‌ها");
        assertThat(b.getJsonObject("fiber").getString("status")).isEqualTo("connected");
        assertThat(b.getJsonObject("location").getDouble("latitude")).isEqualTo(35.6892);
        assertThat(b.getJsonArray("devices")).hasSize(4);
        assertThat(b.getJsonArray("devices").getJsonObject(1).getString("role")).isEqualTo("auth-device");
        assertThat(b.getJsonArray("alerts")).isEmpty();

        JsonObject rey = collector.getObject("/api/v1/branches/" + TestFleet.REY_BRANCH);
        assertThat(rey.getJsonObject("fiber").getString("planned")).isEqualTo("2025-03-20");
        assertThat(rey.getBoolean("mobile")).isTrue();
    }

    @Test
    void anUnknownBranchIs404() {
        HttpResponse<Buffer> r = collector.get("/api/v1/branches/THR-9999");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("THR-9999");
    }
}
