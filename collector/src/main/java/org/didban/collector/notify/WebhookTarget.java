package org.didban.collector.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One receiver of signed alert changes: where they are POSTed, the secret they are signed with,
 * which alerts it is responsible for, how hard to try, and how many changes may wait for it.
 * {@link #toString()} shows neither the secret nor the URL's path and query, which often carry
 * tokens of their own.
 *
 * @param queueCapacity how many changes may wait behind the one being delivered
 */
public record WebhookTarget(String name, URI url, String secret, WebhookScope scope, RetryPolicy retry,
                            int queueCapacity) {
    /** Names travel in the {@code X-Didban-Delivery} header and in metric labels. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** 128 bits: shorter secrets can be guessed offline from one signed body. */
    public static final int MIN_SECRET_BYTES = 16;
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    public WebhookTarget {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("webhook name '" + name
                    + "' is not like noc-tehran (letters, digits, . _ -)");
        }
        Endpoints.requireHttp(url, "webhook " + name);
        Objects.requireNonNull(secret, "secret");
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("webhook " + name + ": the secret must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        scope = scope == null ? WebhookScope.EVERYTHING : scope;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("webhook " + name + ": the queue must hold at least 1 change");
        }
    }

    public WebhookTarget(String name, URI url, String secret) {
        this(name, url, secret, WebhookScope.EVERYTHING, RetryPolicy.DEFAULT, DEFAULT_QUEUE_CAPACITY);
    }

    @Override
    public String toString() {
        return "WebhookTarget[name=" + name + ", url=" + Endpoints.origin(url) + ", secret=***, scope=" + scope
                + ", retry=" + retry + ", queueCapacity=" + queueCapacity + "]";
    }
}
