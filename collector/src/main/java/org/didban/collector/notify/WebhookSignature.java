package org.didban.collector.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook body is signed, and how its receiver checks it: HMAC-SHA256, keyed with the
 * target's secret, over {@code <X-Didban-Timestamp> + "." + <body bytes>}, sent as
 * {@code X-Didban-Signature: sha256=<lowercase hex>}. The timestamp is inside the signature so
 * that a captured request cannot be replayed later with a fresh timestamp; receivers should
 * refuse timestamps outside a few minutes of their clock ({@link #fresh}).
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Didban-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Didban-Signature";
    public static final String DELIVERY_HEADER = "X-Didban-Delivery";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The {@code X-Didban-Signature} value for {@code body} sent at {@code timestamp} (unix seconds). */
    public static String sign(String secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, Long.toString(timestamp), body));
    }

    /**
     * Whether {@code header} is the signature of {@code body} sent with {@code timestamp} (the
     * {@code X-Didban-Timestamp} header as received). Compares in constant time. Checks nothing
     * about the time itself: see {@link #fresh}.
     */
    public static boolean verify(String secret, String timestamp, byte[] body, String header) {
        if (secret == null || secret.isEmpty() || timestamp == null || body == null || header == null
                || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, timestamp, body), given);
    }

    /** {@link #verify(String, String, byte[], String)} for a body already decoded as UTF-8. */
    public static boolean verify(String secret, String timestamp, String body, String header) {
        return body != null && verify(secret, timestamp, body.getBytes(StandardCharsets.UTF_8), header);
    }

    /** Whether {@code timestamp} (unix seconds, as received) is within {@code window} of {@code now}, either way. */
    public static boolean fresh(String timestamp, Instant now, Duration window) {
        try {
            long sent = Long.parseLong(timestamp.trim());
            return Math.abs(now.getEpochSecond() - sent) <= window.toSeconds();
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    private static byte[] mac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
