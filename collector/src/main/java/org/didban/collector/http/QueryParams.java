package org.didban.collector.http;

import io.vertx.ext.web.RoutingContext;

/** Reading a request's query parameters the same way in every endpoint. */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * A whole-number parameter within {@code [min, max]}, {@code dflt} when absent or blank.
     * Throws IllegalArgumentException naming the parameter, for a 400.
     */
    public static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }
}
