package org.didban.collector.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** How every endpoint answers: UTF-8 JSON (Persian text as is, never escaped), errors as {@code {"error": "..."}}. */
public final class Replies {
    public static final String JSON = "application/json; charset=utf-8";

    private Replies() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        send(ctx, status, body.encode());
    }

    public static void json(RoutingContext ctx, int status, JsonArray body) {
        send(ctx, status, body.encode());
    }

    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /** Epoch milliseconds as an ISO-8601 UTC string; null for 0 (never happened). */
    public static String instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** JSON has no NaN: a value never seen is null. */
    public static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void send(RoutingContext ctx, int status, String body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }
}
